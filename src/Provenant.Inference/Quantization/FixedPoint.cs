using Provenant.Core.Errors;
using Provenant.Inference.Integer;

namespace Provenant.Inference.Quantization;

/// <summary>
/// Approximates positive real multipliers by M · 2^−s with integer M ∈ [0, 2^31 − 1] and s ∈ [1, 62]
/// (the Requantize/QAdd parameter ranges): s = 30 − ⌊log2 m⌋ so that M = round(m · 2^s) ∈ [2^30, 2^31),
/// s capped at 62 for tiny m (M then smaller); ties round away from zero.
/// </summary>
public static class FixedPoint
{
    /// <summary>(M, s) for one multiplier <paramref name="real"/> &gt; 0.</summary>
    /// <exception cref="UnsupportedFeatureException"><paramref name="real"/> is ≥ 2^29 or not finite and positive (no representable shift).</exception>
    public static (int Multiplier, int Shift) Encode(double real, string where)
    {
        var shift = ShiftFor(real, where);
        return (Scaled(real, shift), shift);
    }

    /// <summary>A shared shift for several multipliers (the largest decides) and each M at that shift.</summary>
    /// <exception cref="UnsupportedFeatureException">A multiplier is not finite and positive, or too large.</exception>
    public static (int[] Multipliers, int Shift) EncodeShared(double[] reals, string where)
    {
        var shift = ShiftFor(reals.Max(), where);
        return (reals.Select(r => Scaled(r, shift)).ToArray(), shift);
    }

    private static int ShiftFor(double real, string where)
    {
        if (!double.IsFinite(real) || real <= 0)
        {
            throw new UnsupportedFeatureException($"{where}: rescaling factor {real} is not a finite positive number");
        }
        var shift = 30 - Math.ILogB(real);
        if (shift < QuantArithmetic.MinShift + 1)
        {
            throw new UnsupportedFeatureException($"{where}: rescaling factor {real} is too large for a 31-bit multiplier and shift ≥ {QuantArithmetic.MinShift}");
        }
        return Math.Min(shift, QuantArithmetic.MaxShift);
    }

    private static int Scaled(double real, int shift) =>
        (int)Math.Min(int.MaxValue, Math.Round(real * Math.Pow(2, shift), MidpointRounding.AwayFromZero));
}
