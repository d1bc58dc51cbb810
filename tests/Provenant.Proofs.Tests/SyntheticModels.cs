using Provenant.Formats.Onnx;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;

namespace Provenant.Proofs.Tests;

/// <summary>
/// Small hand-built ai.provenant.quant models with seeded random parameters, for protocol tests that must cover one
/// layer kind at a time (Quantize → layers → Dequantize of any integer output).
/// </summary>
internal static class SyntheticModels
{
    /// <summary>Quantize [1, 16] → QGemm (8 × 16, bias) → Dequantize (int32).</summary>
    public static ModelGraph Gemm(int seed, int k = 16, int n = 8)
    {
        var r = new Random(seed);
        return Build([1, k], r,
            [Node("QGemm", ["x", "x.zp", "w", "b"], "y")],
            ("w", Int8(r, [n, k])), ("b", Int32(r, [n])));
    }

    /// <summary>Quantize [1, 16] → QLookup (random table) → QGemm → Dequantize.</summary>
    public static ModelGraph LookupGemm(int seed)
    {
        var r = new Random(seed);
        var table = Tensor.FromArray(Enumerable.Range(0, 256).Select(_ => (sbyte)r.Next(-128, 128)).ToArray(), 256);
        return Build([1, 16], r,
            [Node("QLookup", ["x", "x.zp", "t", "t.zp"], "h"), Node("QGemm", ["h", "t.zp", "w", "b"], "y")],
            ("t", table), ("t.zp", Tensor.Scalar((sbyte)3)), ("w", Int8(r, [6, 16])), ("b", Int32(r, [6])));
    }

    /// <summary>Quantize [1, 2, 6, 5] → QConv (3 × 2 × 3 × 3, pad 1, stride 2 on one axis) → Flatten → QGemm → Dequantize.</summary>
    public static ModelGraph ConvGemm(int seed)
    {
        var r = new Random(seed);
        var conv = new OnnxNode("conv", "QConv", QuantDomain.Name, ["x", "x.zp", "w", "b"], ["c"],
            [OnnxAttribute.FromInts("kernel_shape", 3, 3), OnnxAttribute.FromInts("pads", 1, 1, 1, 1), OnnxAttribute.FromInts("strides", 2, 1)]);
        // Output [1, 3, 3, 5] int32; Flatten to [1, 45] requires int8, so requantize-free graphs flatten the int32 output
        // and end there.
        var flatten = new OnnxNode("flat", "Flatten", "", ["c"], ["y"], [OnnxAttribute.FromInt("axis", 1)]);
        return Build([1, 2, 6, 5], r, [conv, flatten], ("w", Int8(r, [3, 2, 3, 3])), ("b", Int32(r, [3])));
    }

    /// <summary>Quantize [1, 16] → QLookup → QAdd(x, lookup(x)) with ReLU → QGemm → Dequantize: x feeds two layers.</summary>
    public static ModelGraph LookupAdd(int seed)
    {
        var r = new Random(seed);
        var table = Tensor.FromArray(Enumerable.Range(0, 256).Select(_ => (sbyte)r.Next(-128, 128)).ToArray(), 256);
        var add = new OnnxNode("add", "QAdd", QuantDomain.Name, ["x", "x.zp", "h", "t.zp", "ma", "mb", "s", "a.zp"], ["a"], [OnnxAttribute.FromInt("relu", 1)]);
        return Build([1, 16], r,
            [Node("QLookup", ["x", "x.zp", "t", "t.zp"], "h"), add, Node("QGemm", ["a", "a.zp", "w", "b"], "y")],
            ("t", table), ("t.zp", Tensor.Scalar((sbyte)3)), ("ma", Tensor.FromArray(new[] { 1_234_567_890 }, 1)), ("mb", Tensor.FromArray(new[] { 1_987_654_321 }, 1)),
            ("s", Tensor.FromArray(new sbyte[] { 32 }, 1)), ("a.zp", Tensor.Scalar((sbyte)2)), ("w", Int8(r, [5, 16])), ("b", Int32(r, [5])));
    }

    /// <summary>
    /// Quantize [1, 2, 6, 6] → QAveragePool (3 × 3, pad 1, count_include_pad, stride 1) → QAdd with a broadcast int8
    /// constant [1, 2, 1, 1] → QGlobalAveragePool → Flatten → QGemm (3 × 2) → Dequantize; with <paramref name="kernel"/> 2
    /// the first pool is 2 × 2 stride 2 without padding.
    /// </summary>
    public static ModelGraph PoolAdd(int seed, int kernel = 3)
    {
        var r = new Random(seed);
        OnnxAttribute[] window = kernel == 3
            ? [OnnxAttribute.FromInts("kernel_shape", 3, 3), OnnxAttribute.FromInts("pads", 1, 1, 1, 1), OnnxAttribute.FromInt("count_include_pad", 1)]
            : [OnnxAttribute.FromInts("kernel_shape", 2, 2), OnnxAttribute.FromInts("strides", 2, 2)];
        var pool = new OnnxNode("pool", "QAveragePool", QuantDomain.Name, ["x", "x.zp"], ["p"], window);
        var add = new OnnxNode("add", "QAdd", QuantDomain.Name, ["p", "x.zp", "c", "c.zp", "ma", "mb", "s", "a.zp"], ["a"], []);
        var gap = new OnnxNode("gap", "QGlobalAveragePool", QuantDomain.Name, ["a", "a.zp"], ["g"], []);
        var flatten = new OnnxNode("flat", "Flatten", "", ["g"], ["f"], [OnnxAttribute.FromInt("axis", 1)]);
        return Build([1, 2, 6, 6], r,
            [pool, add, gap, flatten, Node("QGemm", ["f", "a.zp", "w", "b"], "y")],
            ("c", Tensor.FromArray(new sbyte[] { (sbyte)r.Next(-100, 100), (sbyte)r.Next(-100, 100) }, 1, 2, 1, 1)), ("c.zp", Tensor.Scalar((sbyte)-5)),
            ("ma", Tensor.FromArray(new[] { 1_073_741_824 + r.Next(1 << 20) }, 1)), ("mb", Tensor.FromArray(new[] { 805_306_368 + r.Next(1 << 20) }, 1)),
            ("s", Tensor.FromArray(new sbyte[] { 31 }, 1)), ("a.zp", Tensor.Scalar((sbyte)4)), ("w", Int8(r, [3, 2])), ("b", Int32(r, [3])));
    }

    /// <summary>
    /// Quantize [1, 2, 6, 6] → QAveragePool 2 × 2 / 2 (p, [1, 2, 3, 3]) and QGlobalAveragePool (m, [1, 2, 1, 1]) of the
    /// input → QAdd(p, m) broadcasting an activation → QGlobalAveragePool → Flatten → QGemm → Dequantize.
    /// </summary>
    public static ModelGraph PoolAddActivation(int seed)
    {
        var r = new Random(seed);
        var pool = new OnnxNode("pool", "QAveragePool", QuantDomain.Name, ["x", "x.zp"], ["p"], [OnnxAttribute.FromInts("kernel_shape", 2, 2), OnnxAttribute.FromInts("strides", 2, 2)]);
        var mean = new OnnxNode("mean", "QGlobalAveragePool", QuantDomain.Name, ["x", "x.zp"], ["m"], []);
        var add = new OnnxNode("add", "QAdd", QuantDomain.Name, ["p", "x.zp", "m", "x.zp", "ma", "mb", "s", "a.zp"], ["a"], []);
        var gap = new OnnxNode("gap", "QGlobalAveragePool", QuantDomain.Name, ["a", "a.zp"], ["g"], []);
        var flatten = new OnnxNode("flat", "Flatten", "", ["g"], ["f"], [OnnxAttribute.FromInt("axis", 1)]);
        return Build([1, 2, 6, 6], r,
            [pool, mean, add, gap, flatten, Node("QGemm", ["f", "a.zp", "w", "b"], "y")],
            ("ma", Tensor.FromArray(new[] { 1_073_741_824 + r.Next(1 << 20) }, 1)), ("mb", Tensor.FromArray(new[] { 805_306_368 + r.Next(1 << 20) }, 1)),
            ("s", Tensor.FromArray(new sbyte[] { 31 }, 1)), ("a.zp", Tensor.Scalar((sbyte)4)), ("w", Int8(r, [3, 2])), ("b", Int32(r, [3])));
    }

    /// <summary>
    /// Quantize [3, 6] → QGemm (5 × 6) → Requantize → QSoftmax over rows of 5 (table 65536·exp(−d/16)) → Dequantize:
    /// three rows, so the row hypercube has variables.
    /// </summary>
    public static ModelGraph GemmSoftmax(int seed)
    {
        var r = new Random(seed);
        var table = Tensor.FromArray(Enumerable.Range(0, 256).Select(d => (int)Math.Round(65536 * Math.Exp(-d / 16.0))).ToArray(), 256);
        return Build([3, 6], r,
            [Node("QGemm", ["x", "x.zp", "w", "b"], "g"), Node("Requantize", ["g", "m", "s", "h.zp"], "h"), Node("QSoftmax", ["h", "t"], "y")],
            ("w", Int8(r, [5, 6])), ("b", Int32(r, [5])), ("m", Tensor.FromArray(new[] { 1_500_000_000 }, 1)), ("s", Tensor.FromArray(new sbyte[] { 40 }, 1)),
            ("h.zp", Tensor.Scalar((sbyte)-3)), ("t", table), ("y.zp", Tensor.Scalar((short)0)));
    }

    /// <summary>
    /// Quantize [3, 6] → QGemm (5 × 6) → Requantize → QLayerNorm over rows of 5 (random G, B; E = 100, m = 36, k = 32) →
    /// Requantize (M = 1.5·10^9, s = 42) → Dequantize: three rows and five columns, so rows and columns are both padded.
    /// </summary>
    public static ModelGraph GemmLayerNorm(int seed)
    {
        var r = new Random(seed);
        var gamma = Tensor.FromArray(Enumerable.Range(0, 5).Select(_ => r.Next(-100, 101)).ToArray(), 5);
        var beta = Tensor.FromArray(Enumerable.Range(0, 5).Select(_ => r.Next(-20000, 20001)).ToArray(), 5);
        var norm = new OnnxNode("a", QuantDomain.QLayerNorm, QuantDomain.Name, ["h", "gamma", "beta", "eps"], ["a"],
            [OnnxAttribute.FromInt("axis", -1), OnnxAttribute.FromInt("norm_shift", 36), OnnxAttribute.FromInt("scale_shift", 32)]);
        return Build([3, 6], r,
            [Node("QGemm", ["x", "x.zp", "w", "b"], "g"), Node("Requantize", ["g", "m", "s", "h.zp"], "h"), norm, Node("Requantize", ["a", "m", "s2", "y.zp"], "y")],
            ("w", Int8(r, [5, 6])), ("b", Int32(r, [5])), ("m", Tensor.FromArray(new[] { 1_500_000_000 }, 1)), ("s", Tensor.FromArray(new sbyte[] { 40 }, 1)),
            ("h.zp", Tensor.Scalar((sbyte)-3)), ("gamma", gamma), ("beta", beta), ("eps", Tensor.FromArray(new[] { 100L }, 1)),
            ("s2", Tensor.FromArray(new sbyte[] { 42 }, 1)), ("y.zp", Tensor.Scalar((sbyte)2)), ("y.scale", Tensor.Scalar(0.02f)));
    }

    private static OnnxNode Node(string op, string[] inputs, string output) => new(output, op, QuantDomain.Name, inputs, [output], []);

    private static Tensor Int8(Random r, int[] shape) =>
        Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => (sbyte)r.Next(-127, 128)).ToArray(), shape);

    private static Tensor Int32(Random r, int[] shape) =>
        Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => r.Next(-5000, 5000)).ToArray(), shape);

    private static ModelGraph Build(int[] inputShape, Random r, OnnxNode[] layers, params (string Name, Tensor Value)[] parameters)
    {
        var last = layers[^1].Outputs[0];
        OnnxNode[] nodes =
        [
            new("q", "Quantize", QuantDomain.Name, ["input", "x.scale", "x.zp"], ["x"], []),
            .. layers,
            new("dq", "Dequantize", QuantDomain.Name, [last, "y.scale", "y.zp"], ["output"], []),
        ];
        var zp = (sbyte)r.Next(-20, 20);
        (string, Tensor)[] common =
        [
            ("x.scale", Tensor.Scalar(0.05f)), ("x.zp", Tensor.Scalar(zp)), ("y.scale", Tensor.Scalar(0.001f)),
            ("y.zp", Tensor.Scalar(0)),
        ];
        var all = common.Where(c => parameters.All(p => p.Name != c.Item1)).Concat(parameters);
        var graph = new OnnxGraph("synthetic", nodes, all.Select(p => p.Item2.ToOnnx(p.Item1)).ToArray(),
            [new OnnxValueInfo("input", OnnxDataType.Float, inputShape.Select(d => new OnnxDimension(d, null)).ToArray())],
            [new OnnxValueInfo("output", OnnxDataType.Float, null)], []);
        var model = new OnnxModel(8, [new OnnxOpsetImport("", 13), new OnnxOpsetImport(QuantDomain.Name, QuantDomain.Version)], "test", "", graph);
        return ModelGraph.FromOnnx(OnnxModelReader.Parse(OnnxModelWriter.ToBytes(model), "synthetic.onnx"), "synthetic.onnx");
    }

    /// <summary>A random FLOAT input of <paramref name="shape"/> spanning the quantizer's range.</summary>
    public static float[] Input(int seed, int length) => Enumerable.Range(0, length).Select(_ => (float)(new Random(seed + _).NextDouble() * 12 - 6)).ToArray();
}
