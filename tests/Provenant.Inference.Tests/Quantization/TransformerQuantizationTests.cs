using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Integer;
using Provenant.Inference.Quantization;
using Provenant.Inference.Tensors;
using Xunit.Abstractions;
using static Provenant.Inference.Tests.Quantization.SingleOpModel;

namespace Provenant.Inference.Tests.Quantization;

/// <summary>
/// The transformer operators of the quantizer and the integer engine (docs/quantization.md): ezkl's nanoGPT end to end
/// against the float engine, and QMatMul, masked QSoftmax and QGather against direct evaluations of their documented rules.
/// </summary>
public sealed class TransformerQuantizationTests(ITestOutputHelper output)
{
    [Fact]
    public void Nanogpt_quantizes_with_folded_shapes_and_its_logits_track_the_float_engine()
    {
        var (graph, quantized, inputs) = QuantizedModels.Quantize("ezkl-nanoGPT");
        var ops = quantized.Nodes.Select(n => n.OpType).ToHashSet();
        Assert.Subset(ops, new HashSet<string> { QuantDomain.QGather, QuantDomain.QMatMul, QuantDomain.QSoftmax, QuantDomain.QLayerNorm, QuantDomain.QLookup, "Split", "Transpose" });
        Assert.DoesNotContain("Shape", ops); // shape subgraphs folded at quantize time
        Assert.DoesNotContain(QuantDomain.Quantize, ops); // the token ids are passed through
        Assert.Equal(TensorDataType.Int64, quantized.Inputs[0].DataType);
        Assert.Equal([1, 64], quantized.Inputs[0].Shape!.Select(d => d!.Value)); // fixed to the calibrated shape
        var report = QuantizationEvaluator.Compare(new FloatEngine(graph), new IntegerEngine(quantized), inputs[0]);
        output.WriteLine($"{quantized.Nodes.Count} nodes; top-1 agreement {report.Agreements}/{report.Samples}, max |float − int8| {report.MaxAbsError:G6}");
        // Observed: 63/64 rows agree, max error 0.0215 on logits spanning 1.61.
        Assert.Equal(64, report.Samples);
        Assert.True(report.Agreements >= 60, $"top-1 agreement {report.Agreements}/64");
        Assert.True(report.MaxAbsError < 0.05, $"max error {report.MaxAbsError}");
    }

    [Fact]
    public void Ezkl_self_attention_quantizes_and_tracks_the_float_engine()
    {
        var (graph, quantized, inputs) = QuantizedModels.Quantize("ezkl-self_attention");
        Assert.Contains(quantized.Nodes, n => n.OpType == QuantDomain.QMatMul);
        var report = QuantizationEvaluator.Compare(new FloatEngine(graph), new IntegerEngine(quantized), inputs[0]);
        output.WriteLine($"top-1 agreement {report.Agreements}/{report.Samples}, max |float − int8| {report.MaxAbsError:G6}");
        // Observed: 64/64 rows agree, max error 0.00247.
        Assert.True(report.Agreements >= report.Samples - 2 && report.MaxAbsError < 0.01, $"{report.Agreements}/{report.Samples}, {report.MaxAbsError}");
    }

    [Theory]
    [InlineData(1, 64, 16, 64)]
    [InlineData(4, 64, 64, 16)]
    [InlineData(3, 5, 7, 9)]
    [InlineData(2, 1, 33, 1)]
    public void QMatMul_is_exact_and_identical_on_every_path(int batches, int m, int k, int n)
    {
        var r = new Random(batches * 100000 + m * 1000 + k * 10 + n);
        var a = RandomInt8(r, batches * m * k);
        var b = RandomInt8(r, batches * k * n);
        foreach (var (za, zb) in new (sbyte, sbyte)[] { (-128, 127), (127, -128), (0, 0), (-9, 31) })
        {
            var results = Int8GemmPathTests.Paths.Select(p => Int8GemmPathTests.OnPath(p, () => Run(QuantDomain.QMatMul,
                [Act("a", Tensor.FromArray(a, batches, m, k)), Param("za", I8(za)), Act("b", Tensor.FromArray(b, batches, k, n)), Param("zb", I8(zb))]))).ToArray();
            Assert.Equal([batches, m, n], results[0].Shape);
            var got = results[0].AsSpan<int>();
            for (var t = 0; t < batches; t++)
            {
                for (var i = 0; i < m; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        long s = 0;
                        for (var q = 0; q < k; q++)
                        {
                            s += (long)(a[(t * m + i) * k + q] - za) * (b[(t * k + q) * n + j] - zb);
                        }
                        Assert.Equal(s, got[(t * m + i) * n + j]);
                    }
                }
            }
            Assert.All(results, y => Assert.Equal(results[0].ToBytes(), y.ToBytes()));
        }
    }

    [Fact]
    public void QMatMul_rejects_mismatched_batches_and_a_reduction_beyond_the_int32_bound()
    {
        var e = Assert.Throws<ProvenantException>(() => Run(QuantDomain.QMatMul,
            [Act("a", Tensor.Zeros(TensorDataType.Int8, 2, 3, 4)), Param("za", I8(0)), Act("b", Tensor.Zeros(TensorDataType.Int8, 3, 4, 5)), Param("zb", I8(0))]));
        Assert.Contains("same leading dimensions", e.Message);
        var k = QMatMulKernel.MaxK + 1;
        e = Assert.Throws<ProvenantException>(() => Run(QuantDomain.QMatMul,
            [Act("a", Tensor.Zeros(TensorDataType.Int8, 1, k)), Param("za", I8(0)), Act("b", Tensor.Zeros(TensorDataType.Int8, k, 1)), Param("zb", I8(0))]));
        Assert.Contains("exceeds", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Masked_QSoftmax_follows_its_rule_with_a_broadcast_mask_and_a_fully_masked_row(bool int8)
    {
        var r = new Random(int8 ? 1 : 2);
        const int Heads = 3, Rows = 5, L = 11;
        var x = RandomInt8(r, 2 * Heads * Rows * L);
        var table = Enumerable.Range(0, 256).Select(d => (int)Math.Round(65536 * Math.Exp(-d * 0.05), MidpointRounding.AwayFromZero)).ToArray();
        var fill = Enumerable.Range(0, 256).Select(j => j % 5).ToArray();
        // Causal mask [Rows, L] broadcast over batch and heads; row 0 is masked entirely (with fill entries, then S > 0 iff fill[0] > 0).
        var mask = new bool[Rows * L];
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < L; j++) mask[i * L + j] = i == 0 || j > i + 3;
        }
        foreach (var fillTable in new[] { fill, new int[256] })
        {
            var y = Run(QuantDomain.QSoftmax,
                [Act("x", Tensor.FromArray(x, 2, Heads, Rows, L)), Param("t", Tensor.FromArray(table, 256)), Param("m", Tensor.FromArray(mask, Rows, L)), Param("f", Tensor.FromArray(fillTable, 256))],
                int8 ? [OnnxAttribute.FromInt("axis", -1), OnnxAttribute.FromInt("to", (long)TensorDataType.Int8)] : [OnnxAttribute.FromInt("axis", -1)]);
            Assert.Equal(int8 ? TensorDataType.Int8 : TensorDataType.Int16, y.DataType);
            for (var row = 0; row < x.Length / L; row++)
            {
                var maskRow = row % Rows;
                var unmasked = Enumerable.Range(0, L).Where(j => !mask[maskRow * L + j]).ToArray();
                var max = unmasked.Length == 0 ? -128 : unmasked.Max(j => (int)x[row * L + j]);
                var e = Enumerable.Range(0, L).Select(j => mask[maskRow * L + j] ? (long)fillTable[max + 128] : table[max - x[row * L + j]]).ToArray();
                var sum = e.Sum();
                for (var j = 0; j < L; j++)
                {
                    long expected = sum == 0 ? 0 : QuantArithmetic.RoundingDivide((int8 ? 255 : 32767) * e[j], sum);
                    Assert.Equal(int8 ? expected - 128 : expected, (long)y.GetDouble(row * L + j));
                }
            }
        }
    }

    [Fact]
    public void QGather_reads_rows_and_negative_indices_and_refuses_indices_out_of_range()
    {
        var table = Tensor.FromArray(new sbyte[] { 1, 2, 3, 4, 5, 6 }, 3, 2);
        var y = Run(QuantDomain.QGather, [Param("data", table), Param("zp", I8(0)), Act("ids", Tensor.FromArray(new long[] { 2, 0, -1, 1 }, 2, 2))]);
        Assert.Equal([2, 2, 2], y.Shape);
        Assert.Equal(new sbyte[] { 5, 6, 1, 2, 5, 6, 3, 4 }, y.AsSpan<sbyte>().ToArray());
        var e = Assert.Throws<ProvenantException>(() => Run(QuantDomain.QGather, [Param("data", table), Param("zp", I8(0)), Act("ids", Tensor.FromArray(new long[] { 3 }, 1))]));
        Assert.Contains("outside", e.Message);
    }
}
