using Provenant.Formats.Onnx;
using Provenant.TestSupport;

namespace Provenant.Cli.Tests;

/// <summary><c>provenant infer</c> and <c>provenant inspect</c> on real models and on broken ones (each a clear error, exit code 3).</summary>
public sealed class InferInspectTests
{
    private static readonly OnnxValueInfo X = new("x", OnnxDataType.Float, [new(1, null), new(2, null)]);
    private static readonly OnnxValueInfo Y = new("y", OnnxDataType.Float, [new(1, null), new(2, null)]);

    /// <summary>y = Relu(x + b) with b = [1, -5]; opset 13.</summary>
    private static OnnxModel Model(params OnnxNode[] nodes) => new(8, [new OnnxOpsetImport("", 13)], "test", "1",
        new OnnxGraph("g", nodes.Length > 0 ? nodes : [Node("Add", "add", ["x", "b"], ["s"]), Node("Relu", "relu", ["s"], ["y"])],
            [new OnnxTensor("b", OnnxDataType.Float, [2], new byte[] { 0, 0, 0x80, 0x3F, 0, 0, 0xA0, 0xC0 })], [X], [Y], []));

    private static OnnxNode Node(string op, string name, string[] inputs, string[] outputs) => new(name, op, "", inputs, outputs, []);

    private static string Write(TempDir tmp, string name, OnnxModel model) => tmp.Write(name, OnnxModelWriter.ToBytes(model));

    private static string Input(TempDir tmp) => tmp.Write("x.json", """{"x": {"dtype": "float32", "shape": [1, 2], "data": [2.5, 1]}}""");

    [Fact]
    public void Infer_prints_outputs_as_tensor_json()
    {
        using var tmp = SharedData.NewTempDir();
        var r = CliRunner.Run("infer", Write(tmp, "m.onnx", Model()), "--input", Input(tmp));
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("\"y\"", r.Out);
        Assert.Contains("[3.5,0", r.Out.Replace("\n", "").Replace(" ", ""));
    }

    [Fact]
    public void Infer_on_conformance_pb_inputs_writes_matching_pb_outputs()
    {
        using var tmp = SharedData.NewTempDir();
        var dir = SharedData.Get("onnx-node-tests", "test_gemm_all_attributes");
        var set = Path.Combine(dir, "test_data_set_0");
        var inputs = Directory.GetFiles(set, "input_*.pb").Order(StringComparer.Ordinal).ToArray();
        var r = CliRunner.Run(["infer", Path.Combine(dir, "model.onnx"), "--input", .. inputs, "--output-dir", tmp["out"]]);
        Assert.True(r.ExitCode == 0, r.All);
        var expected = OnnxTensorFile.Read(Path.Combine(set, "output_0.pb"));
        var actual = OnnxTensorFile.Read(tmp["out/output_0.pb"]);
        Assert.Equal(expected.Dims, actual.Dims);
        var e = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(expected.RawData.Span).ToArray();
        var a = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(actual.RawData.Span).ToArray();
        Assert.All(e.Zip(a), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-7 + 1e-3 * Math.Abs(p.First), $"{p.Second} vs {p.First}"));
        Assert.True(File.Exists(tmp["out/outputs.json"]));
    }

    [Fact]
    public void Infer_runs_a_shared_model_on_its_ezkl_input_json()
    {
        var dir = SharedData.Get("models", "ezkl-3l_relu_conv_fc");
        var r = CliRunner.Run("infer", Path.Combine(dir, "network.onnx"), "--input", Path.Combine(dir, "input.json"), "--threads", "1");
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("\"output\"", r.Out);
    }

    [Fact]
    public void Inspect_prints_opset_io_and_initializer_table()
    {
        var r = CliRunner.Run("inspect", SharedData.Get("models", "wonnx-opt-mnist", "opt-mnist.onnx"));
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("opsets: ai.onnx 8", r.Out);
        Assert.Contains("input   Input3  FLOAT [1,1,28,28]", r.Out);
        Assert.Matches(@"Parameter87\s+FLOAT\s+\[16,8,5,5\]\s+12800", r.Out);
        Assert.Contains("total: 5996 elements, 23992 bytes", r.Out);
    }

    [Fact]
    public void Truncated_model_is_an_input_error()
    {
        using var tmp = SharedData.NewTempDir();
        var bytes = File.ReadAllBytes(SharedData.Get("models", "ezkl-3l_relu_conv_fc", "network.onnx"));
        var path = tmp.Write("cut.onnx", bytes[..(bytes.Length - 100)]);
        foreach (var r in new[] { CliRunner.Run("inspect", path), CliRunner.Run("infer", path, "--input", Input(tmp)) })
        {
            Assert.Equal(3, r.ExitCode);
            Assert.Contains("cut.onnx: ModelProto: expected a well-formed protobuf message", r.Err);
        }
    }

    [Fact]
    public void Tensor_length_mismatch_is_an_input_error()
    {
        using var tmp = SharedData.NewTempDir();
        var proto = Provenant.Formats.Onnx.Proto.ModelProto.Parser.ParseFrom(OnnxModelWriter.ToBytes(Model()));
        proto.Graph.Initializer[0].RawData = Google.Protobuf.ByteString.CopyFrom(new byte[4]);
        var path = tmp.Write("short.onnx", Google.Protobuf.MessageExtensions.ToByteArray(proto));
        foreach (var r in new[] { CliRunner.Run("inspect", path), CliRunner.Run("infer", path, "--input", Input(tmp)) })
        {
            Assert.Equal(3, r.ExitCode);
            Assert.Contains("initializer[0] 'b'.raw_data: expected 8 bytes (2 × FLOAT for shape [2]), found 4 bytes", r.Err);
        }
    }

    [Fact]
    public void Negative_and_huge_dims_are_input_errors()
    {
        using var tmp = SharedData.NewTempDir();
        foreach (var dims in new[] { new long[] { -2 }, [1L << 40, 1L << 40] })
        {
            var proto = Provenant.Formats.Onnx.Proto.ModelProto.Parser.ParseFrom(OnnxModelWriter.ToBytes(Model()));
            proto.Graph.Initializer[0].Dims.Clear();
            proto.Graph.Initializer[0].Dims.Add(dims);
            var r = CliRunner.Run("inspect", tmp.Write("dims.onnx", Google.Protobuf.MessageExtensions.ToByteArray(proto)));
            Assert.Equal(3, r.ExitCode);
            Assert.Contains("initializer[0] 'b'.dims", r.Err);
        }
    }

    [Fact]
    public void Dangling_input_is_an_input_error_naming_node_and_value()
    {
        using var tmp = SharedData.NewTempDir();
        var path = Write(tmp, "dangling.onnx", Model(Node("Add", "add", ["x", "nowhere"], ["s"]), Node("Relu", "relu", ["s"], ["y"])));
        var r = CliRunner.Run("infer", path, "--input", Input(tmp));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("'add' (Add).input[1]", r.Err);
        Assert.Contains("'nowhere'", r.Err);
    }

    [Fact]
    public void Cycle_is_an_input_error()
    {
        using var tmp = SharedData.NewTempDir();
        var path = Write(tmp, "cycle.onnx", Model(Node("Add", "add", ["x", "y"], ["s"]), Node("Relu", "relu", ["s"], ["y"])));
        var r = CliRunner.Run("infer", path, "--input", Input(tmp));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("expected an acyclic graph", r.Err);
    }

    [Fact]
    public void Unsupported_operator_names_node_and_op()
    {
        using var tmp = SharedData.NewTempDir();
        var path = Write(tmp, "op.onnx", Model(Node("Add", "add", ["x", "b"], ["s"]), Node("Hardmax", "hm", ["s"], ["y"])));
        var r = CliRunner.Run("infer", path, "--input", Input(tmp));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("'hm' (Hardmax", r.Err);
        Assert.Contains("operator 'Hardmax' is not supported", r.Err);
    }

    [Fact]
    public void Unsupported_opset_is_an_input_error()
    {
        using var tmp = SharedData.NewTempDir();
        foreach (var version in new long[] { 5, 99 })
        {
            var path = Write(tmp, $"opset{version}.onnx", Model() with { OpsetImports = [new OnnxOpsetImport("", version)] });
            var r = CliRunner.Run("infer", path, "--input", Input(tmp));
            Assert.Equal(3, r.ExitCode);
            Assert.Contains($"opset {version} is not supported", r.Err);
        }
    }

    [Fact]
    public void Missing_and_mistyped_inputs_are_input_errors()
    {
        using var tmp = SharedData.NewTempDir();
        var model = Write(tmp, "m.onnx", Model());
        var wrongShape = tmp.Write("w.json", """{"x": {"dtype": "float32", "shape": [2, 1], "data": [1, 2]}}""");
        var r = CliRunner.Run("infer", model, "--input", wrongShape);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("input 'x': expected FLOAT [1,2], got FLOAT [2,1]", r.Err);
        var empty = tmp.Write("e.json", "{}");
        r = CliRunner.Run("infer", model, "--input", empty);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("input 'x'", r.Err);
        Assert.Contains("was not given", r.Err);
        var badJson = tmp.Write("b.json", """{"x": {"dtype": "float32", "shape": [1, 2], "data": [1, "a"]}}""");
        r = CliRunner.Run("infer", model, "--input", badJson);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("x.data[1]", r.Err);
    }
}
