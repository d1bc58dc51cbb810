using System.Numerics;
using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;
using static Provenant.Inference.Tests.Quantization.SingleOpModel;

namespace Provenant.Inference.Tests.Quantization;

/// <summary>Each integer operator against a naive reference (BigInteger or plain loops) on random inputs with extreme values.</summary>
public sealed class IntegerOpReferenceTests
{
    /// <summary>round(v / 2^s) half away from zero, by BigInteger.</summary>
    private static long RefShift(BigInteger v, int s)
    {
        var d = BigInteger.One << s;
        var q = BigInteger.DivRem(BigInteger.Abs(v), d, out var rem);
        if (rem * 2 >= d)
        {
            q += 1;
        }
        return (long)(v.Sign < 0 ? -q : q);
    }

    private static long RefDiv(long n, long d)
    {
        var q = Math.Abs(n) / d;
        var rem = Math.Abs(n) % d;
        if (rem * 2 >= d)
        {
            q++;
        }
        return n < 0 ? -q : q;
    }

    [Fact]
    public void Rounding_shift_and_divide_match_the_reference_including_ties_and_extremes()
    {
        var r = new Random(1);
        long[] special = [0, 1, -1, 2, -2, 3, -3, (1L << 62), -(1L << 62), int.MaxValue, int.MinValue];
        for (var s = 1; s <= 62; s++)
        {
            var tie = 1L << (s - 1);
            foreach (var v in special.Concat([tie, -tie, 3 * tie, -3 * tie, tie - 1, -(tie - 1)]).Where(v => Math.Abs(v) <= 1L << 62))
            {
                Assert.Equal(RefShift(v, s), QuantArithmetic.RoundingShift(v, s));
            }
            for (var i = 0; i < 200; i++)
            {
                var v = r.NextInt64(-(1L << 62), (1L << 62) + 1) >> r.Next(0, 60);
                Assert.Equal(RefShift(v, s), QuantArithmetic.RoundingShift(v, s));
            }
        }
        Assert.Equal(3, QuantArithmetic.RoundingShift(5, 1));   // 2.5 → 3
        Assert.Equal(-3, QuantArithmetic.RoundingShift(-5, 1)); // −2.5 → −3
        for (var i = 0; i < 5000; i++)
        {
            var d = r.NextInt64(1, 1000);
            var n = r.NextInt64(-100000, 100000);
            Assert.Equal(RefDiv(n, d), QuantArithmetic.RoundingDivide(n, d));
        }
        Assert.Equal(2, QuantArithmetic.RoundingDivide(3, 2));
        Assert.Equal(-2, QuantArithmetic.RoundingDivide(-3, 2));
    }

    [Fact]
    public void Quantize_and_dequantize_follow_the_boundary_rules()
    {
        var x = Tensor.FromArray(new[] { 2.5f, -2.5f, 0.49999997f, 1e30f, float.NegativeInfinity, -0f, 1.5f }, 7);
        var q = Run(QuantDomain.Quantize, [Act("x", x), Param("s", Tensor.FromArray(new[] { 1f })), Param("z", I8(3))]);
        Assert.Equal(new sbyte[] { 6, -0, 3, 127, -128, 3, 5 }, q.AsSpan<sbyte>().ToArray()); // ties away from zero, then + zp, then clamp
        var nan = Assert.Throws<ProvenantException>(() => Run(QuantDomain.Quantize, [Act("x", Tensor.FromArray(new[] { float.NaN }, 1)), Param("s", Tensor.FromArray(new[] { 1f })), Param("z", I8(0))]));
        Assert.Contains("NaN", nan.Message);
        var d = Run(QuantDomain.Dequantize, [Act("x", Tensor.FromArray(new sbyte[] { -128, 127, 5 }, 3)), Param("s", Tensor.FromArray(new[] { 0.1f })), Param("z", I8(5))]);
        Assert.Equal(new[] { (float)-133 * 0.1f, 122 * 0.1f, 0f }, d.AsSpan<float>().ToArray());
    }

    [Fact]
    public void QGemm_matches_the_reference()
    {
        var r = new Random(2);
        const int M = 5, K = 37, N = 11;
        var a = RandomInt8(r, M * K);
        var b = RandomInt8(r, N * K).Select(v => v == -128 ? (sbyte)-127 : v).ToArray();
        var bias = Enumerable.Range(0, N).Select(i => r.Next(-1_000_000, 1_000_000)).ToArray();
        foreach (sbyte zp in new sbyte[] { -128, 0, 127, 17 })
        {
            var y = Run(QuantDomain.QGemm, [Act("a", Tensor.FromArray(a, M, K)), Param("za", I8(zp)), Param("b", Tensor.FromArray(b, N, K)), Param("bias", Tensor.FromArray(bias, N))]);
            Assert.Equal([M, N], y.Shape);
            var got = y.AsSpan<int>();
            for (var m = 0; m < M; m++)
            {
                for (var n = 0; n < N; n++)
                {
                    long s = bias[n];
                    for (var k = 0; k < K; k++)
                    {
                        s += (long)(a[m * K + k] - zp) * b[n * K + k];
                    }
                    Assert.Equal(s, got[m * N + n]);
                }
            }
        }
    }

    [Theory]
    [InlineData(2, 6, 7, 6)]   // 3 channels per group: one-row tiles
    [InlineData(1, 9, 19, 17)] // 4-row tiles of channels plus a row tail, 16-position tiles plus a tail
    public void QConv_matches_the_reference_with_padding_strides_dilations_and_groups(int group, int m, int h, int w)
    {
        var r = new Random(3);
        int n = 2, c = 4, kh = 3, kw = 2;
        var x = RandomInt8(r, n * c * h * w);
        var wt = RandomInt8(r, m * (c / group) * kh * kw).Select(v => v == -128 ? (sbyte)-127 : v).ToArray();
        var bias = Enumerable.Range(0, m).Select(i => r.Next(-5000, 5000)).ToArray();
        const sbyte zp = -7;
        int[] strides = [2, 1], pads = [1, 0, 2, 1], dil = [1, 2];
        var y = Run(QuantDomain.QConv, [Act("x", Tensor.FromArray(x, n, c, h, w)), Param("zx", I8(zp)), Param("w", Tensor.FromArray(wt, m, c / group, kh, kw)), Param("bias", Tensor.FromArray(bias, m))],
            OnnxAttribute.FromInts("strides", 2, 1), OnnxAttribute.FromInts("pads", 1, 0, 2, 1), OnnxAttribute.FromInts("dilations", 1, 2), OnnxAttribute.FromInt("group", group));
        Assert.Equal(TensorDataType.Int32, y.DataType);
        var expected = ConvReference.Run(x, n, c, h, w, wt, m, kh, kw, group, bias, zp, strides, pads, dil, out var oh, out var ow);
        Assert.Equal([n, m, oh, ow], y.Shape);
        Assert.Equal(expected, y.AsSpan<int>().ToArray().Select(v => (long)v));
    }

    [Theory]
    [InlineData(TensorDataType.Int8, false)]
    [InlineData(TensorDataType.Int8, true)]
    [InlineData(TensorDataType.Int16, false)]
    public void Requantize_matches_the_reference_per_channel(TensorDataType outType, bool relu)
    {
        var r = new Random(4);
        const int C = 6, Inner = 50;
        var x = Enumerable.Range(0, 2 * C * Inner).Select(i => i % 11 == 0 ? (i % 2 == 0 ? int.MinValue : int.MaxValue) : r.Next(int.MinValue, int.MaxValue) >> r.Next(0, 28)).ToArray();
        int[] mult = [int.MaxValue, 1 << 30, 0, 1, 1_518_500_250, 2_000_000_000];
        sbyte[] shift = [62, 31, 1, 1, 40, 36];
        long zp = outType == TensorDataType.Int8 ? -5 : 1234;
        Tensor zpT = outType == TensorDataType.Int8 ? I8((sbyte)zp) : Tensor.FromArray(new[] { (short)zp });
        var y = Run(QuantDomain.Requantize, [Act("x", Tensor.FromArray(x, 2, C, Inner)), Param("m", Tensor.FromArray(mult, C)), Param("s", Tensor.FromArray(shift, C)), Param("z", zpT)],
            OnnxAttribute.FromInt("axis", 1), OnnxAttribute.FromInt("relu", relu ? 1 : 0));
        Assert.Equal(outType, y.DataType);
        long lo = outType == TensorDataType.Int8 ? -128 : short.MinValue, hi = outType == TensorDataType.Int8 ? 127 : short.MaxValue;
        if (relu)
        {
            lo = Math.Max(lo, zp);
        }
        for (var i = 0; i < x.Length; i++)
        {
            var ch = i / Inner % C;
            var expected = Math.Clamp(zp + RefShift(new BigInteger(x[i]) * mult[ch], shift[ch]), lo, hi);
            Assert.Equal(expected, (long)y.GetDouble(i));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Requantize_on_the_last_axis_matches_the_reference_in_blocks_of_8_and_the_tail(bool relu)
    {
        var r = new Random(6);
        const int Rows = 3, C = 19; // two blocks of 8 channels and a tail of 3, as after a QGemm
        var x = Enumerable.Range(0, Rows * C).Select(i => i % 5 == 0 ? (i % 2 == 0 ? int.MinValue : int.MaxValue) : r.Next(int.MinValue, int.MaxValue) >> r.Next(0, 28)).ToArray();
        var mult = Enumerable.Range(0, C).Select(i => i % 4 == 0 ? int.MaxValue : r.Next(0, int.MaxValue)).ToArray();
        var shift = Enumerable.Range(0, C).Select(i => (sbyte)(i % 3 == 0 ? (i % 2 == 0 ? 62 : 1) : r.Next(1, 63))).ToArray();
        const sbyte Zp = -9;
        var y = Run(QuantDomain.Requantize, [Act("x", Tensor.FromArray(x, Rows, C)), Param("m", Tensor.FromArray(mult, C)), Param("s", Tensor.FromArray(shift, C)), Param("z", I8(Zp))],
            OnnxAttribute.FromInt("axis", -1), OnnxAttribute.FromInt("relu", relu ? 1 : 0));
        var got = y.AsSpan<sbyte>();
        for (var i = 0; i < x.Length; i++)
        {
            var ch = i % C;
            Assert.Equal(Math.Clamp(Zp + RefShift(new BigInteger(x[i]) * mult[ch], shift[ch]), relu ? Zp : -128, 127), got[i]);
        }
    }

    [Fact]
    public void QAdd_matches_the_reference_with_broadcasting()
    {
        var r = new Random(5);
        var a = RandomInt8(r, 4 * 9);
        var b = RandomInt8(r, 9);
        const int Ma = 1_234_567_890, Mb = 987_654_321, S = 31;
        const sbyte Za = -3, Zb = 100, Zy = -20;
        foreach (var relu in new[] { false, true })
        {
            var y = Run(QuantDomain.QAdd, [Act("a", Tensor.FromArray(a, 4, 9)), Param("za", I8(Za)), Act("b", Tensor.FromArray(b, 9)), Param("zb", I8(Zb)),
                Param("ma", Tensor.FromArray(new[] { Ma })), Param("mb", Tensor.FromArray(new[] { Mb })), Param("s", I8(S)), Param("zy", I8(Zy))], OnnxAttribute.FromInt("relu", relu ? 1 : 0));
            var got = y.AsSpan<sbyte>();
            for (var i = 0; i < a.Length; i++)
            {
                var v = Zy + RefShift(new BigInteger(Ma) * (a[i] - Za) + new BigInteger(Mb) * (b[i % 9] - Zb), S);
                Assert.Equal(Math.Clamp(v, relu ? Zy : -128, 127), got[i]);
            }
        }
    }

    [Fact]
    public void Pools_match_the_reference_with_rounding_ties()
    {
        var r = new Random(6);
        int n = 1, c = 3, h = 5, w = 5;
        var x = RandomInt8(r, n * c * h * w);
        const sbyte Zp = 9;
        var attrs = new[] { OnnxAttribute.FromInts("kernel_shape", 2, 3), OnnxAttribute.FromInts("strides", 2, 2), OnnxAttribute.FromInts("pads", 1, 1, 0, 1) };
        var max = Run(QuantDomain.QMaxPool, [Act("x", Tensor.FromArray(x, n, c, h, w))], attrs).AsSpan<sbyte>().ToArray();
        foreach (var includePad in new[] { 0, 1 })
        {
            var avg = Run(QuantDomain.QAveragePool, [Act("x", Tensor.FromArray(x, n, c, h, w)), Param("z", I8(Zp))], [.. attrs, OnnxAttribute.FromInt("count_include_pad", includePad)]).AsSpan<sbyte>().ToArray();
            int oh = (h + 1 - 2) / 2 + 1, ow = (w + 2 - 3) / 2 + 1, k = 0;
            for (var ch = 0; ch < c; ch++)
            {
                for (var i = 0; i < oh; i++)
                {
                    for (var j = 0; j < ow; j++, k++)
                    {
                        int best = -128, count = 0;
                        long sum = 0;
                        for (var ki = 0; ki < 2; ki++)
                        {
                            for (var kj = 0; kj < 3; kj++)
                            {
                                int yy = i * 2 - 1 + ki, xx = j * 2 - 1 + kj;
                                if (yy >= 0 && yy < h && xx >= 0 && xx < w)
                                {
                                    int v = x[(ch * h + yy) * w + xx];
                                    best = Math.Max(best, v);
                                    sum += v - Zp;
                                    count++;
                                }
                                else if (includePad == 1 && yy < h && xx < w + 1)
                                {
                                    count++;
                                }
                            }
                        }
                        Assert.Equal(best, max[k]);
                        Assert.Equal(Math.Clamp(Zp + RefDiv(sum, count), -128, 127), avg[k]);
                    }
                }
            }
        }
        // global average with exact ties: sums of ±n/2 round away from zero
        var tie = Run(QuantDomain.QGlobalAveragePool, [Act("x", Tensor.FromArray(new sbyte[] { 1, 0, -1, 0, 1, 2, 3, 4 }, 2, 1, 2, 2)), Param("z", I8(0))]);
        Assert.Equal(new sbyte[] { 0, 3 }, tie.AsSpan<sbyte>().ToArray()); // 0/4 → 0; 10/4 = 2.5 → 3
        var negTie = Run(QuantDomain.QGlobalAveragePool, [Act("x", Tensor.FromArray(new sbyte[] { -1, -2 }, 1, 1, 1, 2)), Param("z", I8(0))]);
        Assert.Equal(new sbyte[] { -2 }, negTie.AsSpan<sbyte>().ToArray()); // −1.5 → −2
    }

    [Fact]
    public void Lookup_and_softmax_match_the_reference()
    {
        var r = new Random(7);
        var table = RandomInt8(r, 256, extremes: false);
        var x = Enumerable.Range(-128, 256).Select(v => (sbyte)v).ToArray();
        var y = Run(QuantDomain.QLookup, [Act("x", Tensor.FromArray(x, 256)), Param("zx", I8(0)), Param("t", Tensor.FromArray(table, 256)), Param("zy", I8(0))]);
        Assert.Equal(table, y.AsSpan<sbyte>().ToArray());
        var exp = Enumerable.Range(0, 256).Select(d => (int)Math.Round(65536 * Math.Exp(-d * 0.05))).ToArray();
        var logits = RandomInt8(r, 3 * 10);
        var p = Run(QuantDomain.QSoftmax, [Act("x", Tensor.FromArray(logits, 3, 10)), Param("t", Tensor.FromArray(exp, 256))], OnnxAttribute.FromInt("axis", -1)).AsSpan<short>().ToArray();
        for (var row = 0; row < 3; row++)
        {
            var seg = logits.AsSpan(row * 10, 10).ToArray();
            var e = seg.Select(v => (long)exp[seg.Max() - v]).ToArray();
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(RefDiv(32767 * e[i], e.Sum()), p[row * 10 + i]);
            }
        }
    }
}
