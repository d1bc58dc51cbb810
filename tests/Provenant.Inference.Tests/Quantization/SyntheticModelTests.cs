using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Quantization;
using Provenant.Inference.Tensors;
using Xunit.Abstractions;

namespace Provenant.Inference.Tests.Quantization;

/// <summary>
/// Patterns the shipped models do not cover, on random-weight float models: MatMul+Add fusion, Sigmoid and
/// Tanh tables, Softmax (QSoftmax), Conv+BatchNormalization folding, AveragePool, Add of two activations,
/// GlobalAveragePool, Flatten. Calibrated on 64 random inputs, checked on 32 others.
/// </summary>
public sealed class SyntheticModelTests(ITestOutputHelper output)
{
    private static OnnxTensor Random(Random r, string name, double scale, params long[] dims)
    {
        var n = (int)dims.Aggregate(1L, (a, b) => a * b);
        var v = Enumerable.Range(0, n).Select(_ => (float)((r.NextDouble() * 2 - 1) * scale)).ToArray();
        return Tensor.FromArray(v, dims.Select(d => (int)d).ToArray()).ToOnnx(name);
    }

    private static OnnxNode Node(string op, string[] inputs, string output, params OnnxAttribute[] attributes) => new(output, op, "", inputs, [output], attributes);

    private static ModelGraph Build(OnnxNode[] nodes, OnnxTensor[] initializers, long[] inputShape, string output)
    {
        var input = new OnnxValueInfo("x", OnnxDataType.Float, [new OnnxDimension(null, "N"), .. inputShape.Select(d => new OnnxDimension(d, null))]);
        var model = new OnnxModel(8, [new OnnxOpsetImport("", 13)], "t", "", new OnnxGraph("g", nodes, initializers, [input], [new OnnxValueInfo(output, OnnxDataType.Float, null)], []));
        return ModelGraph.FromOnnx(OnnxModelReader.Parse(OnnxModelWriter.ToBytes(model), "synthetic"), "synthetic");
    }

    private (double Error, double Agreement) Compare(ModelGraph graph, int features, int[] sampleShape)
    {
        var r = new Random(11);
        Dictionary<string, Tensor> Batch(int n) => new() { ["x"] = Tensor.FromArray(Enumerable.Range(0, n * features).Select(_ => (float)(r.NextDouble() * 4 - 2)).ToArray(), [n, .. sampleShape]) };
        var f = new FloatEngine(graph);
        var calibration = Calibration.Run(f, [Batch(64)]);
        var q = new IntegerEngine(QuantizedModels.RoundTrip(Quantizer.Quantize(graph, calibration)));
        var test = Batch(32);
        var fo = f.Run(test).Values.Single();
        var qo = q.Run(test).Values.Single();
        var classes = fo.Shape[^1];
        var fs = fo.AsSpan<float>().ToArray();
        var qs = qo.AsSpan<float>().ToArray();
        var agree = Enumerable.Range(0, 32).Count(i => QuantizationEvaluator.ArgMax(fs.AsSpan(i * classes, classes)) == QuantizationEvaluator.ArgMax(qs.AsSpan(i * classes, classes)));
        var err = fs.Zip(qs, (a, b) => Math.Abs(a - b)).Max() / Math.Max(1e-6, fs.Max(v => Math.Abs(v)));
        output.WriteLine($"{string.Join(", ", q.Graph.Nodes.Select(n => n.OpType))}: relative max error {err}, top-1 agreement {agree}/32");
        return (err, agree / 32.0);
    }

    [Fact]
    public void Mlp_with_matmul_add_sigmoid_tanh_and_softmax()
    {
        var r = new Random(5);
        var graph = Build(
            [Node("MatMul", ["x", "w1"], "m1"), Node("Add", ["m1", "b1"], "a1"), Node("Sigmoid", ["a1"], "s1"),
             Node("MatMul", ["s1", "w2"], "m2"), Node("Add", ["b2", "m2"], "a2"), Node("Tanh", ["a2"], "t2"),
             Node("Gemm", ["t2", "w3", "b3"], "g3", OnnxAttribute.FromInt("transB", 1)), Node("Softmax", ["g3"], "y", OnnxAttribute.FromInt("axis", -1))],
            [Random(r, "w1", 1, 4, 8), Random(r, "b1", 0.5, 8), Random(r, "w2", 1, 8, 5), Random(r, "b2", 0.5, 5), Random(r, "w3", 2, 3, 5), Random(r, "b3", 0.5, 3)],
            [4], "y");
        var (err, agreement) = Compare(graph, 4, [4]);
        Assert.True(err < 0.05, $"relative error {err}");
        Assert.True(agreement >= 0.9, $"agreement {agreement}");
    }

    [Fact]
    public void Cnn_with_batchnorm_average_pool_residual_add_and_global_pool()
    {
        var r = new Random(6);
        var bnScale = Tensor.FromArray(new[] { 1.5f, 0.5f, 1f, 2f }, 4).ToOnnx("gamma");
        var variance = Tensor.FromArray(new[] { 0.5f, 1f, 2f, 0.25f }, 4).ToOnnx("var");
        var graph = Build(
            [Node("Conv", ["x", "wc", "bc"], "c1", OnnxAttribute.FromInts("pads", 1, 1, 1, 1)),
             Node("BatchNormalization", ["c1", "gamma", "beta", "mean", "var"], "bn"), Node("Relu", ["bn"], "r1"),
             Node("Conv", ["x", "wd"], "c2", OnnxAttribute.FromInts("pads", 1, 1, 1, 1)),
             Node("Add", ["r1", "c2"], "sum"),
             Node("AveragePool", ["sum"], "p1", OnnxAttribute.FromInts("kernel_shape", 2, 2), OnnxAttribute.FromInts("strides", 2, 2)),
             Node("GlobalAveragePool", ["p1"], "gp"), Node("Flatten", ["gp"], "fl"),
             Node("Gemm", ["fl", "wf", "bf"], "y", OnnxAttribute.FromInt("transB", 1))],
            [Random(r, "wc", 0.5, 4, 2, 3, 3), Random(r, "bc", 0.2, 4), bnScale, Random(r, "beta", 0.3, 4), Random(r, "mean", 0.3, 4), variance,
             Random(r, "wd", 0.5, 4, 2, 3, 3), Random(r, "wf", 1, 3, 4), Random(r, "bf", 0.1, 3)],
            [2, 6, 6], "y");
        var (err, agreement) = Compare(graph, 72, [2, 6, 6]);
        Assert.True(err < 0.08, $"relative error {err}");
        Assert.True(agreement >= 0.85, $"agreement {agreement}");
    }
}
