using Provenant.Inference.Engine;

namespace Provenant.Inference.Tests.Engine;

/// <summary>
/// <see cref="VectorMath"/>: accuracy against double-precision Math.Exp/Math.Tanh rounded to float, the edge
/// values, and that an element's result does not depend on where it sits in the span (vector body or padded tail).
/// </summary>
public sealed class VectorMathTests
{
    private static IEnumerable<float> Sweep(float lo, float hi, int count)
    {
        for (var i = 0; i <= count; i++)
        {
            yield return lo + (hi - lo) * i / count;
        }
    }

    private static long UlpDistance(float a, float b)
    {
        long ia = BitConverter.SingleToInt32Bits(a), ib = BitConverter.SingleToInt32Bits(b);
        ia = ia < 0 ? int.MinValue - ia : ia;
        ib = ib < 0 ? int.MinValue - ib : ib;
        return Math.Abs(ia - ib);
    }

    [Fact]
    public void Exp_is_within_2_ulp_over_the_normal_range()
    {
        var xs = Sweep(-87f, 88.5f, 200_000).ToArray();
        var ys = new float[xs.Length];
        VectorMath.Exp(xs, 0f, ys);
        long worst = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            worst = Math.Max(worst, UlpDistance(ys[i], (float)Math.Exp(xs[i])));
        }
        Assert.True(worst <= 2, $"worst error {worst} ulp");
    }

    [Fact]
    public void Tanh_is_within_3_ulp()
    {
        var xs = Sweep(-12f, 12f, 200_000).Concat(Sweep(-0.7f, 0.7f, 50_000)).ToArray();
        var ys = new float[xs.Length];
        VectorMath.Tanh(xs, ys);
        long worst = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            worst = Math.Max(worst, UlpDistance(ys[i], (float)Math.Tanh(xs[i])));
        }
        Assert.True(worst <= 3, $"worst error {worst} ulp");
    }

    [Fact]
    public void Edge_values()
    {
        Assert.True(float.IsNaN(VectorMath.Exp(float.NaN)));
        Assert.Equal(float.PositiveInfinity, VectorMath.Exp(float.PositiveInfinity));
        Assert.Equal(float.PositiveInfinity, VectorMath.Exp(89f));
        Assert.True(float.IsFinite(VectorMath.Exp(88.7f)));
        Assert.Equal(0f, VectorMath.Exp(float.NegativeInfinity));
        Assert.Equal(1f, VectorMath.Exp(0f));
        Assert.True(float.IsNaN(VectorMath.Tanh(float.NaN)));
        Assert.Equal(1f, VectorMath.Tanh(float.PositiveInfinity));
        Assert.Equal(-1f, VectorMath.Tanh(float.NegativeInfinity));
        Assert.Equal(-0f, VectorMath.Tanh(-0f));
        Assert.True(BitConverter.SingleToInt32Bits(VectorMath.Tanh(-0f)) < 0, "tanh(−0) keeps the sign");
    }

    [Fact]
    public void An_element_gives_the_same_bits_in_the_vector_body_and_in_the_tail()
    {
        var rng = new Random(5);
        var values = Enumerable.Range(0, 23).Select(_ => (float)(rng.NextDouble() * 40 - 20)).ToArray();
        for (var length = 1; length <= values.Length; length++)
        {
            var src = values.AsSpan(0, length);
            var exp = new float[length];
            var tanh = new float[length];
            var sigmoid = new float[length];
            VectorMath.Exp(src, 1.5f, exp);
            VectorMath.Tanh(src, tanh);
            VectorMath.Sigmoid(src, sigmoid);
            for (var i = 0; i < length; i++)
            {
                Assert.Equal(VectorMath.Exp(values[i] - 1.5f), exp[i]);
                Assert.Equal(VectorMath.Tanh(values[i]), tanh[i]);
                var alone = new float[1];
                VectorMath.Sigmoid([values[i]], alone);
                Assert.Equal(alone[0], sigmoid[i]);
            }
        }
    }
}
