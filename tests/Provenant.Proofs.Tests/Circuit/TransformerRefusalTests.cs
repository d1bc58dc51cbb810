using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.IO;
using Provenant.Inference.Quantization;
using Provenant.Inference.Tensors;
using Provenant.Proofs.Circuit;
using Provenant.TestSupport;

namespace Provenant.Proofs.Tests.Circuit;

/// <summary>
/// Quantized transformers use operators the proof circuit does not cover (token-id inputs and QGather, QMatMul, masked or
/// INT8 QSoftmax, Split, Transpose): the compiler refuses them with an <see cref="UnsupportedFeatureException"/> naming
/// what is not covered, never a crash or a wrong circuit. Models: ezkl's nanoGPT and self-attention, quantized on their
/// shipped input.json.
/// </summary>
public sealed class TransformerRefusalTests
{
    private static (ModelGraph Quantized, Tensor Input) Quantized(string name)
    {
        var graph = ModelGraph.Load(SharedData.Get("models", name, "network.onnx"));
        var file = SharedData.Get("models", name, "input.json");
        var feed = TensorJson.ReadInputs(File.ReadAllBytes(file), file, graph);
        var bytes = OnnxModelWriter.ToBytes(Quantizer.Quantize(graph, Calibration.Run(new FloatEngine(graph), [feed])));
        return (ModelGraph.FromOnnx(OnnxModelReader.Parse(bytes, name + ".q.onnx"), name + ".q.onnx"), feed.Values.Single());
    }

    [Fact]
    public void A_quantized_model_with_token_id_input_is_refused_by_both_compilers()
    {
        var (q, input) = Quantized("ezkl-nanoGPT");
        foreach (var compile in new Func<ModelGraph, IReadOnlyList<int>, InferenceCircuit>[] { CircuitCompiler.Compile, CircuitCompiler.CompileSkeleton })
        {
            var e = Assert.Throws<UnsupportedFeatureException>(() => compile(q, input.Shape));
            Assert.Contains("INT64", e.Message);
            Assert.Contains("QGather", e.Message);
        }
    }

    [Fact]
    public void A_quantized_self_attention_is_refused_at_the_first_operator_the_circuit_does_not_cover()
    {
        var (q, input) = Quantized("ezkl-self_attention");
        var e = Assert.Throws<UnsupportedFeatureException>(() => CircuitCompiler.Compile(q, input.Shape));
        // The first refusal is the batched projection (QGemm on a rank-3 activation); QMatMul and the int8 QSoftmax follow.
        Assert.Matches(@"^node \d+ '[^']*' \(ai\.provenant\.quant\.\w+, opset 1\): (proofs cover|not covered by the proof circuit)", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_int8_or_masked_QSoftmax_is_refused(bool masked)
    {
        var table = Tensor.FromArray(Enumerable.Range(0, 256).Select(d => 65536 >> Math.Min(16, d)).ToArray(), 256);
        List<OnnxTensor> initializers = [Tensor.FromArray(new[] { 0.1f }).ToOnnx("s"), Tensor.FromArray(new sbyte[] { 0 }).ToOnnx("z"), table.ToOnnx("t"),
            Tensor.FromArray(new[] { 1f / 32767 }).ToOnnx("ys"), Tensor.FromArray(new short[] { 0 }).ToOnnx("yz")];
        string[] softmaxInputs = ["xq", "t"];
        if (masked)
        {
            initializers.Add(Tensor.FromArray(new[] { false, true, false, false }, 4).ToOnnx("m"));
            initializers.Add(table.ToOnnx("f"));
            softmaxInputs = ["xq", "t", "m", "f"];
        }
        var nodes = new[]
        {
            new OnnxNode("q", "Quantize", QuantDomainName, ["x", "s", "z"], ["xq"], []),
            new OnnxNode("softmax", "QSoftmax", QuantDomainName, softmaxInputs, ["yq"], masked ? [OnnxAttribute.FromInt("axis", -1)] : [OnnxAttribute.FromInt("axis", -1), OnnxAttribute.FromInt("to", 3)]),
            new OnnxNode("d", "Dequantize", QuantDomainName, masked ? ["yq", "ys", "yz"] : ["yq", "s8", "z8"], ["y"], []),
        };
        if (!masked)
        {
            initializers.Add(Tensor.FromArray(new[] { 1f / 255 }).ToOnnx("s8"));
            initializers.Add(Tensor.FromArray(new sbyte[] { -128 }).ToOnnx("z8"));
        }
        var graph = new OnnxGraph("softmax", nodes, [.. initializers], [new OnnxValueInfo("x", OnnxDataType.Float, [new OnnxDimension(2, null), new OnnxDimension(4, null)])],
            [new OnnxValueInfo("y", OnnxDataType.Float, null)], []);
        var model = new OnnxModel(8, [new OnnxOpsetImport("", 13), new OnnxOpsetImport(QuantDomainName, 1)], "test", "", graph);
        var q = ModelGraph.FromOnnx(OnnxModelReader.Parse(OnnxModelWriter.ToBytes(model), "softmax.onnx"), "softmax.onnx");
        var e = Assert.Throws<UnsupportedFeatureException>(() => CircuitCompiler.Compile(q, [2, 4]));
        Assert.Contains("proofs cover QSoftmax without a mask and with INT16 output", e.Message);
    }

    private const string QuantDomainName = Inference.Integer.QuantDomain.Name;
}
