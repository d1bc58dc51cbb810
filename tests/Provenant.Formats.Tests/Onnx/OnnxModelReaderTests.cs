using Google.Protobuf;
using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Formats.Onnx.Proto;
using Provenant.TestSupport;

namespace Provenant.Formats.Tests.Onnx;

public sealed class OnnxModelReaderTests
{
    [Fact]
    public void Reads_a_valid_model_with_nodes_initializers_and_opset()
    {
        var m = OnnxModelReader.Parse(OnnxTestModels.Linear().Bytes(), "linear.onnx");
        Assert.Equal(13, m.OpsetVersion(""));
        Assert.Equal(13, m.OpsetVersion("ai.onnx"));
        Assert.Equal(["MatMul", "Add", "Relu"], m.Graph.Nodes.Select(n => n.OpType));
        var w = m.Graph.Initializers.Single(t => t.Name == "W");
        Assert.Equal(OnnxDataType.Float, w.DataType);
        Assert.Equal([2L, 2L], w.Dims);
        Assert.Equal(16, w.RawData.Length);
        Assert.Equal("[1,2]", m.Graph.Inputs[0].ShapeText);
    }

    [Fact]
    public void Writer_and_reader_round_trip()
    {
        var m = OnnxModelReader.Parse(OnnxTestModels.Linear().Bytes(), "linear.onnx");
        var again = OnnxModelReader.Parse(OnnxModelWriter.ToBytes(m), "again.onnx");
        Assert.Equal(m.Graph.Nodes.Select(n => (n.Name, n.OpType, string.Join(",", n.Inputs))), again.Graph.Nodes.Select(n => (n.Name, n.OpType, string.Join(",", n.Inputs))));
        Assert.Equal(m.Graph.Initializers.Select(t => t.RawData.ToArray()), again.Graph.Initializers.Select(t => t.RawData.ToArray()));
        Assert.Equal(m.OpsetImports, again.OpsetImports);
    }

    [Fact]
    public void Reorders_nodes_listed_out_of_topological_order()
    {
        var p = OnnxTestModels.Linear();
        var relu = p.Graph.Node[2];
        p.Graph.Node.RemoveAt(2);
        p.Graph.Node.Insert(0, relu);
        var m = OnnxModelReader.Parse(p.Bytes(), "shuffled.onnx");
        Assert.Equal(["MatMul", "Add", "Relu"], m.Graph.Nodes.Select(n => n.OpType));
    }

    [Fact]
    public void Every_shared_model_reads()
    {
        foreach (var file in Directory.GetFiles(SharedData.Get("models"), "*.onnx", SearchOption.AllDirectories))
        {
            var m = OnnxModelReader.Read(file);
            Assert.NotEmpty(m.Graph.Nodes);
        }
    }

    [Fact]
    public void Truncated_protobuf_is_a_format_error()
    {
        var bytes = File.ReadAllBytes(SharedData.Get("models", "ezkl-3l_relu_conv_fc", "network.onnx"));
        var e = Assert.Throws<ProvenantFormatException>(() => OnnxModelReader.Parse(bytes[..(bytes.Length / 2)], "cut.onnx"));
        Assert.Equal("ModelProto", e.Field);
        Assert.Contains("well-formed protobuf", e.Message);
    }

    [Fact]
    public void Corrupt_protobuf_is_a_format_error()
    {
        var bytes = OnnxTestModels.Linear().Bytes();
        bytes[0] = 0xFF; // field 31, wire type 7: not a valid wire type
        var e = Assert.Throws<ProvenantFormatException>(() => OnnxModelReader.Parse(bytes, "corrupt.onnx"));
        Assert.Contains("corrupt.onnx", e.Message);
    }

    [Fact]
    public void Random_bytes_are_rejected_not_crashing()
    {
        var rng = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[rng.Next(1, 300)];
            rng.NextBytes(bytes);
            var e = Record.Exception(() => OnnxModelReader.Parse(bytes, "random.onnx"));
            Assert.True(e is ProvenantException, $"iteration {i}: {e?.GetType().Name}: {e?.Message}");
        }
    }

    [Fact]
    public void Every_single_byte_change_of_a_real_model_reads_or_fails_cleanly()
    {
        var original = File.ReadAllBytes(SharedData.Get("models", "ezkl-1l_mlp", "network.onnx"));
        for (var i = 0; i < original.Length; i++)
        {
            var bytes = (byte[])original.Clone();
            bytes[i] ^= 0x5A;
            var e = Record.Exception(() => OnnxModelReader.Parse(bytes, "mutated.onnx"));
            Assert.True(e is null or ProvenantException, $"byte {i}: {e?.GetType().Name}: {e?.Message}");
        }
    }

    [Fact]
    public void Raw_data_length_must_match_dtype_times_shape()
    {
        var p = OnnxTestModels.Linear();
        p.Graph.Initializer[0].RawData = ByteString.CopyFrom(new byte[12]);
        var e = Assert.Throws<ProvenantFormatException>(() => OnnxModelReader.Parse(p.Bytes(), "short.onnx"));
        Assert.Contains("initializer[0] 'W'.raw_data", e.Field);
        Assert.Contains("16 bytes", e.Expected);
        Assert.Equal("12 bytes", e.Found);
    }

    [Fact]
    public void Typed_field_count_must_match_shape()
    {
        var p = OnnxTestModels.Linear();
        var t = p.Graph.Initializer[1];
        t.ClearRawData();
        t.FloatData.Add([1f, 2f, 3f]);
        var e = Assert.Throws<ProvenantFormatException>(() => OnnxModelReader.Parse(p.Bytes(), "typed.onnx"));
        Assert.EndsWith("float_data", e.Field);
        Assert.Equal("3", e.Found);
    }

    [Fact]
    public void Negative_dimension_is_rejected()
    {
        var p = OnnxTestModels.Linear();
        p.Graph.Initializer[1].Dims[0] = -2;
        var e = Assert.Throws<ProvenantFormatException>(() => OnnxModelReader.Parse(p.Bytes(), "neg.onnx"));
        Assert.Contains("dims[0]", e.Field);
        Assert.Equal("-2", e.Found);
    }

    [Fact]
    public void Huge_dimensions_are_rejected_before_allocation()
    {
        var p = OnnxTestModels.Linear();
        var t = p.Graph.Initializer[1];
        t.Dims.Clear();
        t.Dims.Add([1L << 40, 1L << 40]);
        var e = Assert.Throws<ProvenantFormatException>(() => OnnxModelReader.Parse(p.Bytes(), "huge.onnx"));
        Assert.Contains("at most", e.Expected);
    }

    [Fact]
    public void Negative_declared_input_dimension_is_rejected()
    {
        var p = OnnxTestModels.Linear();
        p.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimValue = -5;
        var e = Assert.Throws<ProvenantFormatException>(() => OnnxModelReader.Parse(p.Bytes(), "negin.onnx"));
        Assert.Contains("input[0].type.tensor_type.shape.dim[1]", e.Field);
    }

    [Fact]
    public void External_data_is_rejected_as_unsupported()
    {
        var p = OnnxTestModels.Linear();
        var t = p.Graph.Initializer[0];
        t.ClearRawData();
        t.DataLocation = TensorProto.Types.DataLocation.External;
        t.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
        var e = Assert.Throws<UnsupportedFeatureException>(() => OnnxModelReader.Parse(p.Bytes(), "ext.onnx"));
        Assert.Contains("external file ('weights.bin')", e.Message);
    }

    [Fact]
    public void Dangling_node_input_names_node_and_value()
    {
        var p = OnnxTestModels.Linear();
        p.Graph.Node[1].Input[1] = "bias_missing";
        var e = Assert.Throws<ProvenantFormatException>(() => OnnxModelReader.Parse(p.Bytes(), "dangling.onnx"));
        Assert.Contains("'add' (Add).input[1]", e.Field);
        Assert.Contains("'bias_missing'", e.Found);
    }

    [Fact]
    public void A_structure_may_take_inputs_declared_in_value_info_but_a_model_may_not()
    {
        // The weights moved from graph.initializer to graph.value_info (a dispute referee's model skeleton).
        var p = OnnxTestModels.Linear();
        p.Graph.Initializer.Clear();
        p.Graph.ValueInfo.Add(OnnxTestModels.Value("W", 2, 2));
        p.Graph.ValueInfo.Add(OnnxTestModels.Value("b", 2));
        Assert.Contains("undefined value 'W'", Assert.Throws<ProvenantFormatException>(() => OnnxModelReader.Parse(p.Bytes(), "skeleton.onnx")).Found);
        var m = OnnxModelReader.ParseStructure(p.Bytes(), "skeleton.onnx");
        Assert.Equal(["mm", "add", "relu"], m.Graph.Nodes.Select(n => n.Name));
        Assert.Empty(m.Graph.Initializers);
        // A declared name still has to exist: anything else is dangling, and a node output may not be redeclared as defined.
        p.Graph.Node[1].Input[1] = "bias_missing";
        Assert.Contains("'bias_missing'", Assert.Throws<ProvenantFormatException>(() => OnnxModelReader.ParseStructure(p.Bytes(), "skeleton.onnx")).Found);
        p.Graph.Node[1].Input[1] = "b";
        p.Graph.ValueInfo.Add(OnnxTestModels.Value("xw", 1, 2));
        Assert.Equal(["mm", "add", "relu"], OnnxModelReader.ParseStructure(p.Bytes(), "skeleton.onnx").Graph.Nodes.Select(n => n.Name));
    }

    [Fact]
    public void Graph_cycle_is_rejected()
    {
        var p = OnnxTestModels.Linear();
        p.Graph.Node[0].Input[0] = "y"; // MatMul now consumes Relu's output: mm → add → relu → mm
        var e = Assert.Throws<ProvenantFormatException>(() => OnnxModelReader.Parse(p.Bytes(), "cycle.onnx"));
        Assert.Equal("an acyclic graph", e.Expected);
        Assert.Contains("'mm' (MatMul)", e.Field);
    }

    [Fact]
    public void Value_assigned_twice_is_rejected()
    {
        var p = OnnxTestModels.Linear();
        p.Graph.Node[1].Output[0] = "xw";
        var e = Assert.Throws<ProvenantFormatException>(() => OnnxModelReader.Parse(p.Bytes(), "ssa.onnx"));
        Assert.Contains("assigned once", e.Expected);
    }

    [Fact]
    public void Undefined_graph_output_is_rejected()
    {
        var p = OnnxTestModels.Linear();
        p.Graph.Output[0].Name = "nothing";
        var e = Assert.Throws<ProvenantFormatException>(() => OnnxModelReader.Parse(p.Bytes(), "out.onnx"));
        Assert.Contains("output[0] 'nothing'", e.Field);
    }

    [Fact]
    public void Missing_opset_import_is_rejected()
    {
        var p = OnnxTestModels.Linear();
        p.OpsetImport.Clear();
        var e = Assert.Throws<ProvenantFormatException>(() => OnnxModelReader.Parse(p.Bytes(), "noopset.onnx"));
        Assert.Equal("ModelProto.opset_import", e.Field);
    }

    [Fact]
    public void Node_domain_without_opset_import_is_rejected()
    {
        var p = OnnxTestModels.Linear();
        p.Graph.Node[2].Domain = "com.example";
        var e = Assert.Throws<ProvenantFormatException>(() => OnnxModelReader.Parse(p.Bytes(), "domain.onnx"));
        Assert.Contains("com.example", e.Expected);
    }

    [Fact]
    public void Missing_graph_is_rejected()
    {
        var p = OnnxTestModels.Linear();
        p.Graph = null;
        var e = Assert.Throws<ProvenantFormatException>(() => OnnxModelReader.Parse(p.Bytes(), "nograph.onnx"));
        Assert.Equal("ModelProto.graph", e.Field);
    }

    [Fact]
    public void File_over_the_size_limit_is_rejected_before_reading()
    {
        using var tmp = SharedData.NewTempDir();
        var path = tmp.Write("big.onnx", OnnxTestModels.Linear().Bytes());
        var e = Assert.Throws<ProvenantException>(() => OnnxModelReader.Read(path, new OnnxReadLimits(MaxFileBytes: 10)));
        Assert.Contains("limit", e.Message);
    }
}
