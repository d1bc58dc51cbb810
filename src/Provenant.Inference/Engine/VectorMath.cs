using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Provenant.Inference.Engine;

/// <summary>
/// float32 exp, tanh and the logistic function over spans, written once as 8-lane <see cref="Vector256{T}"/>
/// arithmetic. Every lane runs the same sequence of IEEE operations (add, multiply, fused multiply-add,
/// divide, round-to-nearest-even, exponent bit construction), each correctly rounded whether the JIT
/// emits AVX/FMA instructions or the software fallback (<c>DOTNET_EnableHWIntrinsic=0</c>); a tail shorter
/// than 8 is copied into a padded vector and computed the same way. So each output depends only on its
/// input element, never on the SIMD width, the position in the span or the thread. Accuracy: exp within
/// 2 ulp (Cephes expf polynomial after Cody–Waite reduction), tanh within 3 ulp, for finite inputs;
/// exp(x) = +∞ for x &gt; 88.73, 0 or a subnormal below −87.34; NaN propagates.
/// </summary>
internal static class VectorMath
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;
    private const float ExpMax = 89f;
    private const float ExpMin = -104f;

    /// <summary>dst[i] = e^(src[i] − shift).</summary>
    public static void Exp(ReadOnlySpan<float> src, float shift, Span<float> dst) => Apply(src, dst, new ExpOp(shift));

    /// <summary>dst[i] = tanh src[i].</summary>
    public static void Tanh(ReadOnlySpan<float> src, Span<float> dst) => Apply(src, dst, new TanhOp());

    /// <summary>dst[i] = 1 / (1 + e^(−src[i])).</summary>
    public static void Sigmoid(ReadOnlySpan<float> src, Span<float> dst) => Apply(src, dst, new SigmoidOp());

    /// <summary>e^x for one element (the same lane arithmetic as the span form).</summary>
    public static float Exp(float x) => ExpVector(Vector256.Create(x)).GetElement(0);

    /// <summary>tanh x for one element (the same lane arithmetic as the span form).</summary>
    public static float Tanh(float x) => TanhVector(Vector256.Create(x)).GetElement(0);

    private interface IVectorOp
    {
        Vector256<float> Apply(Vector256<float> x);
    }

    private readonly struct ExpOp(float shift) : IVectorOp
    {
        private readonly Vector256<float> _shift = Vector256.Create(shift);

        public Vector256<float> Apply(Vector256<float> x) => ExpVector(x - _shift);
    }

    private readonly struct TanhOp : IVectorOp
    {
        public Vector256<float> Apply(Vector256<float> x) => TanhVector(x);
    }

    private readonly struct SigmoidOp : IVectorOp
    {
        public Vector256<float> Apply(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + ExpVector(-x));
    }

    private static void Apply<TOp>(ReadOnlySpan<float> src, Span<float> dst, TOp op) where TOp : struct, IVectorOp
    {
        if (dst.Length < src.Length)
        {
            throw new ArgumentException("destination shorter than source", nameof(dst));
        }
        var i = 0;
        for (; i + 8 <= src.Length; i += 8)
        {
            op.Apply(Vector256.Create(src.Slice(i, 8))).CopyTo(dst.Slice(i, 8));
        }
        if (i < src.Length)
        {
            Span<float> pad = stackalloc float[8];
            pad.Clear();
            src[i..].CopyTo(pad);
            op.Apply(Vector256.Create((ReadOnlySpan<float>)pad)).CopyTo(pad);
            pad[..(src.Length - i)].CopyTo(dst[i..]);
        }
    }

    /// <summary>
    /// x clamped to [−104, 89]; n = round(x·log2 e); r = x − n·ln2 (two-part constant, fma); e^r by the
    /// Cephes expf polynomial; scaled by 2^⌊n/2⌋·2^(n−⌊n/2⌋) (each factor a normal float, so only the last
    /// product rounds, to ∞ or a subnormal at the ends).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ExpVector(Vector256<float> x)
    {
        var c = Vector256.Min(Vector256.Max(x, Vector256.Create(ExpMin)), Vector256.Create(ExpMax));
        var n = Vector256.Round(c * Vector256.Create(Log2E));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), c);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        var p = Vector256.Create(1.9875691500E-4f);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.3981999507E-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(8.3334519073E-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(4.1665795894E-2f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.6666665459E-1f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(5.0000001201E-1f));
        var y = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256<float>.One;
        var ni = Vector256.ConvertToInt32(n);
        var n1 = Vector256.ShiftRightArithmetic(ni, 1);
        var n2 = ni - n1;
        var bias = Vector256.Create(127);
        var s1 = Vector256.ShiftLeft(n1 + bias, 23).AsSingle();
        var s2 = Vector256.ShiftLeft(n2 + bias, 23).AsSingle();
        var result = y * s1 * s2;
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    /// <summary>
    /// |x| &lt; 0.625: x + x·z·P(z), z = x² (Cephes tanhf); otherwise sign(x)·(1 − 2/(e^(2|x|) + 1)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> TanhVector(Vector256<float> x)
    {
        var ax = Vector256.Abs(x);
        var z = x * x;
        var p = Vector256.Create(-5.70498872745E-3f);
        p = Vector256.FusedMultiplyAdd(p, z, Vector256.Create(2.06390887954E-2f));
        p = Vector256.FusedMultiplyAdd(p, z, Vector256.Create(-5.37397155531E-2f));
        p = Vector256.FusedMultiplyAdd(p, z, Vector256.Create(1.33314422036E-1f));
        p = Vector256.FusedMultiplyAdd(p, z, Vector256.Create(-3.33332819422E-1f));
        var small = Vector256.FusedMultiplyAdd(p * z, x, x);
        var e = ExpVector(ax + ax);
        var large = Vector256<float>.One - Vector256.Create(2f) / (e + Vector256<float>.One);
        var magnitude = Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(0.625f)), Vector256.Abs(small), large);
        // tanh is odd: the sign is x's (this also keeps tanh(−0) = −0, which the fma form would turn into +0).
        var result = Vector256.ConditionalSelect(Vector256.Create(int.MinValue).AsSingle(), x, magnitude);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }
}
