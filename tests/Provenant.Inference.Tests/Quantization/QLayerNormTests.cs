using System.Numerics;
using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Quantization;
using Provenant.Inference.Tensors;
using static Provenant.Inference.Tests.Quantization.SingleOpModel;

namespace Provenant.Inference.Tests.Quantization;

/// <summary>
/// QLayerNorm against a BigInteger reference of its rule (docs/quantization.md §QLayerNorm) on random and extreme rows, its
/// load-time bounds, and the quantizer's LayerNormalization pattern against the float engine.
/// </summary>
public sealed class QLayerNormTests
{
    private const int N = 32, M = 26, K = 27;

    private static OnnxAttribute[] Attributes(int m = M, int k = K) =>
        [OnnxAttribute.FromInt("axis", -1), OnnxAttribute.FromInt("norm_shift", m), OnnxAttribute.FromInt("scale_shift", k)];

    private static (string, Tensor, bool)[] Inputs(sbyte[] x, int[] gamma, int[] beta, long epsilon) =>
        [Act("x", Tensor.FromArray(x, x.Length / gamma.Length, gamma.Length)), Param("g", Tensor.FromArray(gamma, gamma.Length)),
            Param("b", Tensor.FromArray(beta, beta.Length)), Param("e", Tensor.FromArray(new[] { epsilon }, 1))];

    /// <summary>The rule, by BigInteger: S, C_i = n·x_i − S, Q = Σ C², s = ⌊√(2^m(nQ + E))⌋ by bisection, Z_i = ⌊C_i·2^k / s⌋.</summary>
    private static long Reference(ReadOnlySpan<sbyte> row, int i, long gamma, long beta, long epsilon, int m = M, int k = K)
    {
        BigInteger n = row.Length, sum = 0, squares = 0;
        foreach (var v in row) sum += v;
        foreach (var v in row) squares += BigInteger.Pow(n * v - sum, 2);
        var radicand = (n * squares + epsilon) << m;
        BigInteger lo = 0, hi = BigInteger.One << 32;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) / 2;
            if (mid * mid <= radicand) lo = mid;
            else hi = mid;
        }
        var q = BigInteger.DivRem((n * row[i] - sum) << k, lo, out var rem);
        if (rem.Sign < 0) q -= 1;
        return (long)(gamma * q + beta);
    }

    [Fact]
    public void QLayerNorm_matches_the_reference_on_random_constant_and_extreme_rows()
    {
        var r = new Random(17);
        var gamma = Enumerable.Range(0, N).Select(_ => r.Next(-8000, 8001)).ToArray();
        var beta = Enumerable.Range(0, N).Select(_ => r.Next(-100000, 100001)).ToArray();
        var rows = new List<sbyte[]>
        {
            RandomInt8(r, N),
            RandomInt8(r, N, extremes: false),
            Enumerable.Repeat((sbyte)-77, N).ToArray(), // constant: every C_i = 0, so A = B
            Enumerable.Range(0, N).Select(i => i % 2 == 0 ? sbyte.MinValue : sbyte.MaxValue).ToArray(), // the largest variance
            Enumerable.Range(0, N).Select(i => i == 5 ? sbyte.MaxValue : sbyte.MinValue).ToArray(), // one outlier
        };
        var x = rows.SelectMany(v => v).ToArray();
        var y = Run(QuantDomain.QLayerNorm, Inputs(x, gamma, beta, 37), Attributes()).AsSpan<int>().ToArray();
        for (int row = 0; row < rows.Count; row++)
        {
            for (int i = 0; i < N; i++) Assert.Equal(Reference(rows[row], i, gamma[i], beta[i], 37), y[row * N + i]);
        }
        Assert.Equal(beta, y.AsSpan(2 * N, N).ToArray());
    }

    [Theory]
    [InlineData(64, 20, 24)] // nanoGPT's rows: four-wide vector quotients only
    [InlineData(7, 30, 29)] // one vector block and a scalar tail of three
    public void QLayerNorm_rows_of_other_lengths_match_the_reference_with_and_without_vector_tails(int n, int m, int k)
    {
        var r = new Random(n);
        var gamma = Enumerable.Range(0, n).Select(_ => r.Next(-30000, 30001)).ToArray();
        var beta = Enumerable.Range(0, n).Select(_ => r.Next(-100000, 100001)).ToArray();
        var x = Enumerable.Range(0, 6).SelectMany(row => row == 5 ? Enumerable.Range(0, n).Select(i => i % 2 == 0 ? sbyte.MinValue : sbyte.MaxValue).ToArray()
            : RandomInt8(r, n, extremes: row % 2 == 0)).ToArray();
        var y = Run(QuantDomain.QLayerNorm, Inputs(x, gamma, beta, 5), Attributes(m, k)).AsSpan<int>().ToArray();
        for (var row = 0; row < x.Length / n; row++)
        {
            for (var i = 0; i < n; i++) Assert.Equal(Reference(x.AsSpan(row * n, n), i, gamma[i], beta[i], 5, m, k), y[row * n + i]);
        }
    }

    [Fact]
    public void Integer_sqrt_and_floor_divide_are_exact_at_square_boundaries()
    {
        var r = new Random(3);
        for (int t = 0; t < 2000; t++)
        {
            long s = t < 1000 ? t : r.NextInt64(1, 1L << 31);
            foreach (var v in new[] { s * s - 1, s * s, s * s + 2 * s, s * s + 2 * s + 1 }.Where(v => v >= 0 && v < QLayerNormArithmetic.MaxRadicand))
            {
                var root = QLayerNormArithmetic.IntegerSqrt(v);
                Assert.True(root * root <= v && (root + 1) * (root + 1) > v, $"isqrt({v}) = {root}");
            }
        }
        Assert.Equal(-3, QLayerNormArithmetic.FloorDivide(-7, 3));
        Assert.Equal(-2, QLayerNormArithmetic.FloorDivide(-6, 3));
        Assert.Equal(2, QLayerNormArithmetic.FloorDivide(7, 3));
    }

    [Theory]
    [InlineData(27, K, 1, "norm_shift even")] // odd m
    [InlineData(M, K, 0, "epsilon in [1, 2^50]")] // E = 0 would allow s = 0
    [InlineData(28, K + 1, 1, "2^norm_shift·(n·Q_max + epsilon) < 2^62")] // the radicand could reach 2^62
    [InlineData(M, 12, 1, "scale_shift ≥ norm_shift/2")]
    [InlineData(M, 45, 1, "≤ 31")] // |Z| could need more than 31 bits
    public void Parameters_outside_the_exact_domain_are_refused_at_load(int m, int k, long epsilon, string expected)
    {
        var inputs = Inputs(new sbyte[N], new int[N], new int[N], epsilon);
        var e = Assert.Throws<ProvenantFormatException>(() => new IntegerEngine(Build(QuantDomain.QLayerNorm, inputs, Attributes(m, k))));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Gamma_and_beta_that_could_overflow_int32_or_disagree_in_length_are_refused_at_load()
    {
        var big = Enumerable.Repeat(1 << 15, N).ToArray();
        var e = Assert.Throws<ProvenantFormatException>(() => new IntegerEngine(Build(QuantDomain.QLayerNorm, Inputs(new sbyte[N], big, new int[N], 1), Attributes())));
        Assert.Contains("|gamma|·2^16 + |beta| ≤ 2^31 − 1", e.Message);
        var shortBeta = Inputs(new sbyte[N], new int[N], new int[N - 1], 1);
        Assert.Throws<ProvenantFormatException>(() => new IntegerEngine(Build(QuantDomain.QLayerNorm, shortBeta, Attributes())));
        var engine = new IntegerEngine(Build(QuantDomain.QLayerNorm, Inputs(new sbyte[N], new int[N], new int[N], 1), Attributes()));
        var wrongRow = new Dictionary<string, Tensor> { ["x"] = Tensor.FromArray(new sbyte[2 * (N + 1)], 2, N + 1) };
        Assert.Throws<ProvenantException>(() => engine.Run(wrongRow));
    }

    [Fact]
    public void The_ezkl_layernorm_model_quantizes_and_tracks_the_float_engine()
    {
        var (floatGraph, quantized, inputs) = QuantizedModels.Quantize("ezkl-layernorm");
        Assert.Contains(quantized.Nodes, node => node.OpType == QuantDomain.QLayerNorm);
        var name = floatGraph.Outputs[0].Name;
        var expected = new FloatEngine(floatGraph).Run(inputs[0])[name].AsSpan<float>().ToArray();
        var actual = new IntegerEngine(quantized).Run(inputs[0])[name].AsSpan<float>().ToArray();
        float step = (expected.Max() - Math.Min(0, expected.Min())) / 255;
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 2 * step, $"element {i}: float {expected[i]}, integer {actual[i]} (step {step})");
    }

    [Fact]
    public void The_quantized_layer_norm_tracks_the_float_engine()
    {
        // Float model: Y = Relu(LayerNormalization(X, scale, B)) over rows of 16, quantized on its own calibration rows.
        var r = new Random(5);
        const int n = 16;
        var scale = Enumerable.Range(0, n).Select(_ => (float)(0.5 + r.NextDouble())).ToArray();
        var bias = Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() - 0.5)).ToArray();
        var nodes = new[]
        {
            new OnnxNode("ln", "LayerNormalization", "", ["x", "scale", "B"], ["h"], [OnnxAttribute.FromInt("axis", -1), OnnxAttribute.FromFloat("epsilon", 1e-5f)]),
            new OnnxNode("relu", "Relu", "", ["h"], ["y"], []),
        };
        var graph = new OnnxGraph("ln", nodes, [Tensor.FromArray(scale, n).ToOnnx("scale"), Tensor.FromArray(bias, n).ToOnnx("B")],
            [new OnnxValueInfo("x", OnnxDataType.Float, [new OnnxDimension(null, "N"), new OnnxDimension(n, null)])], [new OnnxValueInfo("y", OnnxDataType.Float, null)], []);
        var model = ModelGraph.FromOnnx(OnnxModelReader.Parse(OnnxModelWriter.ToBytes(new OnnxModel(8, [new OnnxOpsetImport("", 17)], "test", "", graph)), "ln.onnx"), "ln.onnx");
        var x = Enumerable.Range(0, 64 * n).Select(_ => (float)(r.NextDouble() * 8 - 3)).ToArray();
        var feed = new Dictionary<string, Tensor> { ["x"] = Tensor.FromArray(x, 64, n) };
        var floatEngine = new FloatEngine(model);
        var quantized = QuantizedModels.RoundTrip(Quantizer.Quantize(model, Calibration.Run(floatEngine, [feed])));
        Assert.Contains(quantized.Nodes, node => node.OpType == QuantDomain.QLayerNorm);
        Assert.DoesNotContain(quantized.Nodes, node => node.OpType == "Relu");
        var expected = floatEngine.Run(feed)["y"].AsSpan<float>().ToArray();
        var actual = new IntegerEngine(quantized).Run(feed)["y"].AsSpan<float>().ToArray();
        float step = expected.Max() / 255;
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1.5f * step, $"element {i}: float {expected[i]}, integer {actual[i]} (step {step})");
    }
}
