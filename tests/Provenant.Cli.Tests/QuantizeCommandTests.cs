using System.Diagnostics;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.IO;
using Provenant.Inference.Quantization;
using Provenant.Inference.Tensors;
using Provenant.TestSupport;

namespace Provenant.Cli.Tests;

/// <summary><c>provenant quantize</c>, and <c>provenant infer</c> on quantized models (integer engine, bit-identical with hardware intrinsics disabled).</summary>
public sealed class QuantizeCommandTests
{
    [Fact]
    public void Quantize_iris_mlp_writes_an_integer_model_and_reports_accuracy()
    {
        using var tmp = SharedData.NewTempDir();
        var model = SharedData.Get("models", "deepprove-mlp-iris", "mlp-iris-01.onnx");
        var iris = SharedData.Get("datasets", "sklearn", "iris.csv");
        var r = CliRunner.Run("quantize", model, "--calibrate", iris, "--evaluate", iris, "--feature-range", "-1,1", "--out", tmp["iris.q.onnx"]);
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("evaluated on 150 sample(s)", r.Out);
        Assert.Contains("float top-1:", r.Out);
        Assert.Contains("quantized top-1:", r.Out);
        Assert.Contains("top-1 agreement:", r.Out);
        var graph = ModelGraph.Load(tmp["iris.q.onnx"]);
        Assert.True(InferenceEngines.IsQuantized(graph));
        var inspect = CliRunner.Run("inspect", tmp["iris.q.onnx"]);
        Assert.Contains("ai.provenant.quant.QGemm", inspect.Out);
        var infer = CliRunner.Run("infer", tmp["iris.q.onnx"], "--input", SharedData.Get("models", "deepprove-mlp-iris", "input.json"));
        Assert.True(infer.ExitCode == 0, infer.All);
        Assert.Contains("\"output\"", infer.Out);
    }

    /// <summary>The shipped trained samples: the quantized model keeps the float model's accuracy on held-out real data.</summary>
    [Fact]
    public void Quantized_fashion_cnn_keeps_its_accuracy_on_t10k()
    {
        using var tmp = SharedData.NewTempDir();
        var model = Path.Combine(SharedData.RepoRoot, "samples", "models", "fashion-cnn", "fashion-cnn.onnx");
        const string fashion = "/usr/share/datasets/fashion-mnist/";
        var r = CliRunner.Run("quantize", model, "--calibrate", fashion + "train", "--samples", "1000", "--evaluate", fashion + "t10k", "--out", tmp["f.q.onnx"]);
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("evaluated on 10000 sample(s)", r.Out);
        Assert.InRange(Percent(r.Out, "float top-1:"), 85.0, 100.0);
        Assert.InRange(Percent(r.Out, "quantized top-1:"), 85.0, 100.0);
        Assert.InRange(Percent(r.Out, "top-1 agreement:"), 98.0, 100.0);
    }

    [Fact]
    public void Quantized_digits_mlp_agrees_with_the_float_model_and_its_trace_verifies()
    {
        using var tmp = SharedData.NewTempDir();
        var samples = Path.Combine(SharedData.RepoRoot, "samples");
        var digits = Path.Combine(samples, "datasets", "sklearn-digits", "digits.csv.gz");
        var r = CliRunner.Run("quantize", Path.Combine(samples, "models", "digits-mlp", "digits-mlp.onnx"), "--calibrate", digits, "--evaluate", digits, "--out", tmp["d.q.onnx"]);
        Assert.True(r.ExitCode == 0, r.All);
        Assert.InRange(Percent(r.Out, "quantized top-1:"), 95.0, 100.0);
        Assert.InRange(Percent(r.Out, "top-1 agreement:"), 99.0, 100.0);
        var input = Path.Combine(samples, "models", "digits-mlp", "digit-0.json");
        var infer = CliRunner.Run("infer", tmp["d.q.onnx"], "--input", input, "--trace", tmp["t.bin"]);
        Assert.True(infer.ExitCode == 0, infer.All);
        var verify = CliRunner.Run("trace", "verify", tmp["t.bin"], "--model", tmp["d.q.onnx"], "--input", input);
        Assert.True(verify.ExitCode == 0, verify.All);
        var bytes = File.ReadAllBytes(tmp["t.bin"]);
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(tmp["t.bin"], bytes);
        Assert.NotEqual(0, CliRunner.Run("trace", "verify", tmp["t.bin"], "--model", tmp["d.q.onnx"], "--input", input).ExitCode);
    }

    private static double Percent(string output, string label)
    {
        var line = output.Split('\n').Single(l => l.StartsWith(label, StringComparison.Ordinal));
        var open = line.LastIndexOf('(');
        return double.Parse(line[(open + 1)..line.IndexOf('%', open)].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Quantize_rejects_an_unsupported_operator_naming_the_node()
    {
        using var tmp = SharedData.NewTempDir();
        var x = new OnnxValueInfo("x", OnnxDataType.Float, [new(null, "N"), new(4, null)]);
        var model = new OnnxModel(8, [new OnnxOpsetImport("", 13)], "t", "", new OnnxGraph("g",
            [new OnnxNode("mean_over_features", "ReduceMean", "", ["x"], ["y"], [OnnxAttribute.FromInts("axes", 1)])], [], [x],
            [new OnnxValueInfo("y", OnnxDataType.Float, null)], []));
        var path = tmp.Write("m.onnx", OnnxModelWriter.ToBytes(model));
        var r = CliRunner.Run("quantize", path, "--calibrate", SharedData.Get("datasets", "sklearn", "iris.csv"), "--out", tmp["q.onnx"]);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("'mean_over_features' (ReduceMean", r.Err);
        Assert.False(File.Exists(tmp["q.onnx"]));
    }

    [Fact]
    public void Quantize_bad_feature_range_is_a_usage_error()
    {
        using var tmp = SharedData.NewTempDir();
        var r = CliRunner.Run("quantize", SharedData.Get("models", "deepprove-mlp-iris", "mlp-iris-01.onnx"), "--calibrate",
            SharedData.Get("datasets", "sklearn", "iris.csv"), "--feature-range", "1,-1", "--out", tmp["q.onnx"]);
        Assert.Equal(2, r.ExitCode);
    }

    [Fact]
    public void Infer_on_a_quantized_cnn_is_bit_identical_with_hardware_intrinsics_disabled_and_any_thread_count()
    {
        using var tmp = SharedData.NewTempDir();
        var source = ModelGraph.Load(SharedData.Get("models", "wonnx-opt-mnist", "opt-mnist.onnx"));
        var images = Directory.GetFiles(Path.Combine(SharedData.RepoRoot, "tests", "Provenant.Inference.Tests", "ModelInputs", "wonnx-opt-mnist"), "*.json").Order(StringComparer.Ordinal).ToArray();
        var feeds = images.Select(f => (IReadOnlyDictionary<string, Tensor>)TensorJson.ReadInputs(File.ReadAllBytes(f), f, source)).ToList();
        var quantized = Quantizer.Quantize(source, Calibration.Run(new FloatEngine(source), feeds));
        var model = tmp.Write("mnist.q.onnx", OnnxModelWriter.ToBytes(quantized));
        // The int8 GEMM's paths: AVX-VNNI (default here), AVX2 (AVX-VNNI off), 256-bit only (AVX-512 off) and scalar
        // (hardware intrinsics off); the execution trace hashes every node's output bytes.
        (string Name, string Threads, Dictionary<string, string> Env)[] configs =
        [
            ("normal", "2", []),
            ("scalar", "1", new() { ["DOTNET_EnableHWIntrinsic"] = "0" }),
            ("avx2", "1", new() { ["DOTNET_EnableAVXVNNI"] = "0" }),
            ("no-avx512", "2", new() { ["DOTNET_EnableAVX512"] = "0", ["DOTNET_EnableAVX512F"] = "0" }),
        ];
        foreach (var image in images.Take(2))
        {
            byte[]? first = null, firstTrace = null;
            foreach (var (name, threads, env) in configs)
            {
                var trace = tmp[$"{Path.GetFileName(image)}-{name}.trace"];
                var output = ChildInfer.Run(model, image, tmp[$"{Path.GetFileName(image)}-{name}"], threads, env, "output_0.pb", "--trace", trace);
                first ??= output;
                firstTrace ??= File.ReadAllBytes(trace);
                Assert.Equal(first, output);
                Assert.True(firstTrace.AsSpan().SequenceEqual(File.ReadAllBytes(trace)), $"trace differs with {name}");
            }
            var inProcess = CliRunner.Run("infer", model, "--input", image, "--output-dir", tmp[$"{Path.GetFileName(image)}-in"], "--threads", "1");
            Assert.True(inProcess.ExitCode == 0, inProcess.All);
            Assert.Equal(first, File.ReadAllBytes(tmp[$"{Path.GetFileName(image)}-in/output_0.pb"]));
        }
    }
}
