using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Quantization;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tests.Models;
using static Provenant.Inference.Tests.Quantization.SingleOpModel;

namespace Provenant.Inference.Tests.Quantization;

/// <summary>Corrupt quantized models fail at load with a message naming the node and parameter; unsupported float patterns fail to quantize naming the node.</summary>
public sealed class QuantizedModelBadInputTests
{
    private static (string, Tensor, bool)[] RequantizeInputs(Tensor multiplier, Tensor shift, Tensor zp) =>
        [Act("x", Tensor.FromArray(new[] { 1, 2 }, 2)), Param("m", multiplier), Param("s", shift), Param("z", zp)];

    [Theory]
    [InlineData(0, "values in [1, 62]")]
    [InlineData(63, "values in [1, 62]")]
    [InlineData(-4, "values in [1, 62]")]
    public void Shift_out_of_range_is_rejected_at_load(sbyte shift, string expected)
    {
        var graph = Build(QuantDomain.Requantize, RequantizeInputs(Tensor.FromArray(new[] { 1 << 30 }), I8(shift), I8(0)));
        var e = Assert.Throws<ProvenantFormatException>(() => new IntegerEngine(graph));
        Assert.Contains("input 2 'shift'", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Contains("Requantize", e.Message);
    }

    [Fact]
    public void Negative_multiplier_and_mismatched_parameter_lengths_are_rejected_at_load()
    {
        var neg = Build(QuantDomain.Requantize, RequantizeInputs(Tensor.FromArray(new[] { -1 }), I8(31), I8(0)));
        Assert.Contains("'multiplier'", Assert.Throws<ProvenantFormatException>(() => new IntegerEngine(neg)).Message);
        var lengths = Build(QuantDomain.Requantize, RequantizeInputs(Tensor.FromArray(new[] { 1, 2 }, 2), Tensor.FromArray(new sbyte[] { 3, 3, 3 }, 3), I8(0)));
        Assert.Contains("as many as multiplier", Assert.Throws<ProvenantFormatException>(() => new IntegerEngine(lengths)).Message);
        var floatShift = Build(QuantDomain.Requantize, RequantizeInputs(Tensor.FromArray(new[] { 1 }), Tensor.FromArray(new[] { 3f }), I8(0)));
        Assert.Contains("INT8", Assert.Throws<ProvenantFormatException>(() => new IntegerEngine(floatShift)).Message);
    }

    [Theory]
    [InlineData(255)]
    [InlineData(257)]
    [InlineData(0)]
    public void Lookup_table_of_wrong_length_is_rejected_at_load(int length)
    {
        var graph = Build(QuantDomain.QLookup, [Act("x", Tensor.FromArray(new sbyte[] { 1 }, 1)), Param("zx", I8(0)), Param("t", Tensor.FromArray(new sbyte[length], length)), Param("zy", I8(0))]);
        var e = Assert.Throws<ProvenantFormatException>(() => new IntegerEngine(graph));
        Assert.Contains("'table'", e.Message);
        Assert.Contains("[256]", e.Message);
    }

    [Fact]
    public void Softmax_table_out_of_range_is_rejected_at_load()
    {
        var table = new int[256];
        var graph = Build(QuantDomain.QSoftmax, [Act("x", Tensor.FromArray(new sbyte[] { 1 }, 1)), Param("t", Tensor.FromArray(table, 256))]);
        Assert.Contains("table[0] ≥ 1", Assert.Throws<ProvenantFormatException>(() => new IntegerEngine(graph)).Message);
    }

    [Fact]
    public void Weights_that_could_overflow_the_int32_accumulator_are_rejected_at_load()
    {
        const int K = 66_500; // 255 · 127 · K > 2^31 − 1
        var w = Enumerable.Repeat((sbyte)127, K).ToArray();
        var graph = Build(QuantDomain.QGemm, [Act("a", Tensor.FromArray(new sbyte[K], 1, K)), Param("za", I8(0)), Param("b", Tensor.FromArray(w, 1, K))]);
        var e = Assert.Throws<ProvenantFormatException>(() => new IntegerEngine(graph));
        Assert.Contains("overflow", e.Message);
    }

    [Fact]
    public void Mismatched_zero_points_between_producer_and_consumer_are_rejected_at_load()
    {
        var (_, quantized, _) = QuantizedModels.Quantize("ezkl-1l_mlp");
        Assert.NotNull(new IntegerEngine(quantized));
        var model = OnnxModelReader.Parse(OnnxModelWriter.ToBytes(ToOnnx(quantized)), "m");
        var gemm = model.Graph.Nodes.Single(n => n.OpType == QuantDomain.QGemm);
        var zpName = gemm.Inputs[1];
        var init = model.Graph.Initializers.Select(t => t.Name == zpName ? Tensor.FromArray(new[] { (sbyte)(Value(t) + 1) }).ToOnnx(zpName) : t).ToArray();
        var bad = ModelGraph.FromOnnx(model with { Graph = model.Graph with { Initializers = init } }, "m");
        var e = Assert.Throws<ProvenantFormatException>(() => InferenceEngines.Create(bad));
        Assert.Contains("zero point", e.Message);
        Assert.Contains("QGemm", e.Message);
    }

    [Fact]
    public void Parameter_given_as_a_graph_input_instead_of_an_initializer_is_rejected()
    {
        var graph = Build(QuantDomain.Requantize, [Act("x", Tensor.FromArray(new[] { 1 }, 1)), Act("m", Tensor.FromArray(new[] { 1 }, 1)), Param("s", I8(3)), Param("z", I8(0))]);
        Assert.Contains("initializer", Assert.Throws<ProvenantFormatException>(() => new IntegerEngine(graph)).Message);
    }

    [Fact]
    public void Unknown_quant_operator_is_unsupported_naming_it()
    {
        var graph = Build("QFancy", [Act("x", Tensor.FromArray(new sbyte[] { 1 }, 1))]);
        Assert.Contains("QFancy", Assert.Throws<UnsupportedFeatureException>(() => new IntegerEngine(graph)).Message);
    }

    [Fact]
    public void Quantizing_a_model_with_an_unsupported_operator_names_the_node()
    {
        // ezkl's tutorial subtracts two activations (self-attention and LayerNormalization are supported now:
        // TransformerQuantizationTests, QLayerNormTests).
        var m = RealModel.Named("ezkl-tutorial");
        var graph = m.Load();
        var calibration = Calibration.Run(new FloatEngine(graph), [m.Inputs(graph, m.InputFiles[0])]);
        var e = Assert.Throws<UnsupportedFeatureException>(() => Quantizer.Quantize(graph, calibration));
        Assert.Matches(@"node \d+ ('[^']*' )?\(", e.Message);
        Assert.Contains("'Sub'", e.Message);
    }

    [Fact]
    public void Int8_input_to_a_float_boundary_is_a_run_error_not_a_wrong_answer()
    {
        var (_, quantized, _) = QuantizedModels.Quantize("ezkl-1l_mlp");
        var engine = new IntegerEngine(quantized);
        var input = quantized.Inputs[0];
        Assert.Throws<ProvenantException>(() => engine.Run(new Dictionary<string, Tensor> { [input.Name] = Tensor.FromArray(new sbyte[3], 1, 3) }));
    }

    private static long Value(OnnxTensor t) => (sbyte)t.RawData.Span[0];

    private static OnnxModel ToOnnx(ModelGraph g)
    {
        var nodes = g.Nodes.Select(n => new OnnxNode(n.Name, n.OpType, n.Domain, n.Inputs, n.Outputs, n.Attributes.Names.Select(a => n.Attributes[a]!).ToArray())).ToArray();
        var graph = new OnnxGraph(g.Name, nodes, g.Initializers.Select(kv => kv.Value.ToOnnx(kv.Key)).ToArray(),
            g.Inputs.Select(v => new OnnxValueInfo(v.Name, TensorDataTypes.ToOnnx(v.DataType!.Value), v.Shape!.Select(d => new OnnxDimension(d, d is null ? "N" : null)).ToArray())).ToArray(),
            g.Outputs.Select(v => new OnnxValueInfo(v.Name, OnnxDataType.Float, null)).ToArray(), []);
        return new OnnxModel(8, g.Opsets.Select(o => new OnnxOpsetImport(o.Key, o.Value)).ToArray(), "t", "", graph);
    }
}
