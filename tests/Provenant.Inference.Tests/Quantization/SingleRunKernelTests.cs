using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;
using static Provenant.Inference.Tests.Quantization.SingleOpModel;

namespace Provenant.Inference.Tests.Quantization;

/// <summary>
/// Kernels built for a single run (<see cref="IntegerEngine.RunNode"/>, the dispute referee's step) skip load-time
/// precomputation: QGemm multiplies up to <see cref="Int8Gemv.MaxRows"/> rows by the unpacked weights (<see cref="Int8Gemv"/>),
/// QMatMul multiplies up to that many rows per batch by B unpacked, QAdd computes its rule per element instead of tabulating it. Randomized trials (extreme values included) require
/// exactly the bytes of the whole engine, whose kernels are the packed GEMM and the 64 Ki table.
/// </summary>
public sealed class SingleRunKernelTests
{
    [Fact]
    public void QGemm_alone_equals_the_packed_engine_for_every_row_count_and_reduction_length()
    {
        var r = new Random(81);
        foreach (var k in new[] { 1, 7, 15, 16, 17, 31, 32, 100, 128 })
        {
            for (var rows = 1; rows <= Int8Gemv.MaxRows + 2; rows++)
            {
                var n = r.Next(1, 20);
                var a = RandomInt8(r, rows * k);
                var b = RandomInt8(r, n * k);
                var bias = Enumerable.Range(0, n).Select(_ => r.Next(-1_000_000, 1_000_000)).ToArray();
                var zp = (sbyte)r.Next(-128, 128);
                (string, Tensor, bool)[] inputs = [Act("a", Tensor.FromArray(a, rows, k)), Param("za", I8(zp)), Param("b", Tensor.FromArray(b, n, k)), Param("bias", Tensor.FromArray(bias, n))];
                AssertAloneEqualsEngine(QuantDomain.QGemm, inputs, []);
            }
        }
    }

    [Fact]
    public void QGemm_alone_is_exact_at_the_most_negative_products()
    {
        // A − za = −255 against w = 127 everywhere: the largest-magnitude terms the bound allows (255 · 127 · 64 < 2^31).
        const int K = 64, N = 9;
        var a = Enumerable.Repeat((sbyte)-128, K).ToArray();
        var b = Enumerable.Repeat((sbyte)127, N * K).ToArray();
        var y = RunAlone(QuantDomain.QGemm, [Act("a", Tensor.FromArray(a, 1, K)), Param("za", I8(127)), Param("b", Tensor.FromArray(b, N, K))], []);
        Assert.All(y.AsSpan<int>().ToArray(), v => Assert.Equal(-255 * 127 * K, v));
    }

    [Fact]
    public void QMatMul_alone_equals_the_packed_engine_for_every_row_count_batch_and_reduction_length()
    {
        var r = new Random(83);
        foreach (var k in new[] { 1, 7, 8, 9, 31, 64 })
        {
            for (var m = 1; m <= Int8Gemv.MaxRows + 2; m++)
            {
                var n = r.Next(1, 21);
                var batches = r.Next(1, 4);
                var a = RandomInt8(r, batches * m * k);
                var b = RandomInt8(r, batches * k * n);
                (string, Tensor, bool)[] inputs =
                [
                    Act("a", Tensor.FromArray(a, batches, m, k)), Param("za", I8((sbyte)r.Next(-128, 128))),
                    Act("b", Tensor.FromArray(b, batches, k, n)), Param("zb", I8((sbyte)r.Next(-128, 128))),
                ];
                AssertAloneEqualsEngine(QuantDomain.QMatMul, inputs, []);
            }
        }
    }

    [Fact]
    public void QMatMul_alone_is_exact_at_the_largest_terms()
    {
        // (A − za)(B − zb) = (−255)(255) everywhere, at K = 33,000 of the most 33,025 that 255²·K ≤ 2^31 − 1 allows.
        const int K = 33_000, N = 9;
        var a = Enumerable.Repeat((sbyte)-128, K).ToArray();
        var b = Enumerable.Repeat((sbyte)127, K * N).ToArray();
        var y = RunAlone(QuantDomain.QMatMul, [Act("a", Tensor.FromArray(a, 1, K)), Param("za", I8(127)), Act("b", Tensor.FromArray(b, K, N)), Param("zb", I8(-128))], []);
        Assert.All(y.AsSpan<int>().ToArray(), v => Assert.Equal(-255 * 255 * K, v));
        Assert.Equal(y.ToBytes(), Run(QuantDomain.QMatMul, [Act("a", Tensor.FromArray(a, 1, K)), Param("za", I8(127)), Act("b", Tensor.FromArray(b, K, N)), Param("zb", I8(-128))], []).ToBytes());
    }

    [Fact]
    public void QAdd_alone_equals_the_tabulated_engine_with_and_without_broadcasting()
    {
        var r = new Random(82);
        for (var trial = 0; trial < 40; trial++)
        {
            var size = r.Next(1, 70);
            var broadcast = trial % 4 == 3;
            var a = RandomInt8(r, 3 * size);
            var b = RandomInt8(r, broadcast ? size : 3 * size);
            // Small shifts with small multipliers make rounding ties frequent; large ones, multipliers at both ends of
            // [0, 2^31 − 1] and shifts up to the maximum exercise the clamp and the 64-bit lanes.
            var shift = trial % 3 == 0 ? r.Next(QuantArithmetic.MinShift, 5) : r.Next(QuantArithmetic.MinShift, QuantArithmetic.MaxShift + 1);
            int Multiplier() => trial % 3 == 0 ? r.Next(0, 5) : trial % 5 == 1 ? int.MaxValue : trial % 5 == 2 ? 0 : r.Next();
            (string, Tensor, bool)[] inputs =
            [
                Act("a", Tensor.FromArray(a, 3, size)), Param("za", I8((sbyte)r.Next(-128, 128))),
                Act("b", broadcast ? Tensor.FromArray(b, size) : Tensor.FromArray(b, 3, size)), Param("zb", I8((sbyte)r.Next(-128, 128))),
                Param("ma", Tensor.FromArray(new[] { Multiplier() })), Param("mb", Tensor.FromArray(new[] { Multiplier() })),
                Param("s", I8((sbyte)shift)), Param("zy", I8((sbyte)r.Next(-128, 128))),
            ];
            AssertAloneEqualsEngine(QuantDomain.QAdd, inputs, [OnnxAttribute.FromInt("relu", trial % 2)]);
        }
    }

    [Fact]
    public void AbsSum_is_the_exact_sum_of_magnitudes_for_every_length_and_extreme()
    {
        var r = new Random(84);
        for (var length = 0; length <= 200; length++)
        {
            foreach (var fill in new Func<int, sbyte>[] { _ => (sbyte)r.Next(-128, 128), _ => -128, _ => 127, i => (sbyte)(i % 2 == 0 ? -128 : 127), _ => 0 })
            {
                var w = Enumerable.Range(0, length).Select(fill).ToArray();
                Assert.Equal(w.Sum(v => (long)Math.Abs((int)v)), QGemmKernel.AbsSum(w));
            }
        }
        var large = Enumerable.Repeat((sbyte)-128, (1 << 23) + 5).ToArray();
        Assert.Equal(128L * large.Length, QGemmKernel.AbsSum(large));
    }

    [Fact]
    public void A_weight_past_the_accumulator_bound_is_refused_alone_as_by_the_engine()
    {
        const int K = 70_000; // 255 · 128 · 70,000 > 2^31 − 1
        (string, Tensor, bool)[] inputs = [Act("a", Tensor.FromArray(new sbyte[K], 1, K)), Param("za", I8(0)), Param("b", Tensor.FromArray(Enumerable.Repeat((sbyte)-128, K).ToArray(), 1, K))];
        Assert.Throws<ProvenantFormatException>(() => RunAlone(QuantDomain.QGemm, inputs, []));
        Assert.Throws<ProvenantFormatException>(() => new IntegerEngine(Build(QuantDomain.QGemm, inputs)));
    }

    private static void AssertAloneEqualsEngine(string op, (string Name, Tensor Value, bool Parameter)[] inputs, OnnxAttribute[] attributes)
    {
        var engine = Run(op, inputs, attributes);
        var alone = RunAlone(op, inputs, attributes);
        Assert.Equal(engine.Shape, alone.Shape);
        Assert.Equal(engine.ToBytes(), alone.ToBytes());
    }

    private static Tensor RunAlone(string op, (string Name, Tensor Value, bool Parameter)[] inputs, OnnxAttribute[] attributes)
    {
        var graph = Build(op, inputs, attributes);
        var constants = inputs.Where(i => i.Parameter).ToDictionary(i => i.Name, i => i.Value, StringComparer.Ordinal);
        var computed = inputs.Where(i => !i.Parameter).ToDictionary(i => i.Name, i => i.Value, StringComparer.Ordinal);
        return IntegerEngine.RunNode(graph.Nodes[0], graph.Opsets, constants, computed, new EngineOptions(1))[0]!;
    }
}
