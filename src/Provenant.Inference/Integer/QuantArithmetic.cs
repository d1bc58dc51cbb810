namespace Provenant.Inference.Integer;

/// <summary>
/// The exact integer rules of the <c>ai.provenant.quant</c> operators (docs/quantization.md §Arithmetic):
/// rounding right shift and rounding division, both round half away from zero, and saturation. Every
/// function is total on its documented domain and uses int64 intermediates that cannot overflow there.
/// </summary>
public static class QuantArithmetic
{
    /// <summary>Smallest shift a Requantize/QAdd node may carry.</summary>
    public const int MinShift = 1;

    /// <summary>Largest shift a Requantize/QAdd node may carry.</summary>
    public const int MaxShift = 62;

    /// <summary>
    /// round(<paramref name="value"/> / 2^<paramref name="shift"/>) with ties away from zero:
    /// sign(v) · ⌊(|v| + 2^(s−1)) / 2^s⌋. Domain: |v| ≤ 2^62, 1 ≤ s ≤ 62 (so |v| + 2^(s−1) &lt; 2^63).
    /// </summary>
    public static long RoundingShift(long value, int shift)
    {
        var half = 1L << (shift - 1);
        return value >= 0 ? (value + half) >> shift : -((-value + half) >> shift);
    }

    /// <summary>
    /// round(<paramref name="numerator"/> / <paramref name="denominator"/>) with ties away from zero:
    /// sign(n) · ⌊(2|n| + d) / (2d)⌋ for d ≥ 1. Domain: |n| ≤ 2^61, 1 ≤ d ≤ 2^61 (so 2|n| + d &lt; 2^63).
    /// </summary>
    public static long RoundingDivide(long numerator, long denominator)
    {
        var q = (2 * Math.Abs(numerator) + denominator) / (2 * denominator);
        return numerator >= 0 ? q : -q;
    }

    /// <summary>
    /// ⌊<paramref name="numerator"/> / <paramref name="denominator"/>⌋ (towards −∞), exactly, for many numerators over one
    /// denominator: the estimate ⌊n · r⌋ with <paramref name="reciprocal"/> r = 1.0 / d (binary64) is within one of the
    /// true quotient when |n / d| &lt; 2^40 (relative error of a few 2^−53), and one integer remainder check
    /// (0 ≤ n − q·d &lt; d) corrects it, so the result never depends on floating-point details. Domain: 1 ≤ d,
    /// |n| ≤ 2^62, |n / d| &lt; 2^40.
    /// </summary>
    public static long FloorDivide(long numerator, long denominator, double reciprocal)
    {
        var q = (long)Math.Floor(numerator * reciprocal);
        var r = numerator - q * denominator;
        return r < 0 ? q - 1 : r >= denominator ? q + 1 : q;
    }

    /// <summary><paramref name="value"/> clamped to [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static long Clamp(long value, long min, long max) => value < min ? min : value > max ? max : value;

    /// <summary>
    /// The input boundary rule: clamp(roundHalfAway(x / scale) + zeroPoint, −128, 127) where x / scale is
    /// one IEEE-754 binary32 division (correctly rounded, round-to-nearest-even) and the rounding to an
    /// integer is exact. Domain: scale finite and &gt; 0; x not NaN (±∞ saturate).
    /// </summary>
    public static sbyte QuantizeInput(float x, float scale, int zeroPoint)
    {
        var v = x / scale;
        if (v >= 1024f)
        {
            return sbyte.MaxValue;
        }
        if (v <= -1024f)
        {
            return sbyte.MinValue;
        }
        var r = (long)MathF.Round(v, MidpointRounding.AwayFromZero);
        return (sbyte)Clamp(r + zeroPoint, sbyte.MinValue, sbyte.MaxValue);
    }

    /// <summary>
    /// The output boundary rule: float32(q − zeroPoint) · scale, where q − zeroPoint is exact in int64, its
    /// conversion to binary32 rounds once to nearest-even (via an exact binary64 value, |q − z| &lt; 2^33)
    /// and the product is one binary32 multiplication.
    /// </summary>
    public static float DequantizeOutput(long q, long zeroPoint, float scale) => (float)(double)(q - zeroPoint) * scale;
}
