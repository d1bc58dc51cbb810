using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// Division by a public constant as a requantization: for 1 ≤ c and |n| ≤ N, with s = ⌈log2(2·c·N)⌉ (at least 1) and
/// M = ⌈2^s / c⌉, RoundingDivide(n, c) = RoundingShift(n·M, s) (both round half away from zero and are odd in n).
/// Proof for n ≥ 0: n·M/2^s = n/c + e with 0 ≤ e = n·(M·c − 2^s)/(c·2^s) &lt; N/2^s ≤ 1/(2c). A rounding boundary
/// k + ½ that n/c does not hit is at distance ≥ 1/(2c) from it (2n − (2k + 1)c is a non-zero integer), so adding e
/// crosses none; a tie n/c = k + ½ moves up into (k + ½, k + 1), which rounds to k + 1 as RoundingDivide does.
/// (docs/proof-system-layers.md, average pooling.)
/// </summary>
internal static class ConstantDivisor
{
    /// <summary>(M, s) for divisor <paramref name="divisor"/> and numerators bounded by <paramref name="bound"/> in magnitude.</summary>
    /// <exception cref="ArgumentException">c &lt; 1, N &lt; 0, or M would not fit a Requantize multiplier (&lt; 2^31).</exception>
    public static (long Multiplier, int Shift) For(long divisor, long bound)
    {
        if (divisor < 1 || bound < 0 || divisor > 1L << 24 || bound > 1L << 36) throw new ArgumentException($"divisor {divisor} or bound {bound} out of range");
        int shift = Math.Max(1, MultilinearExtension.VariableCount(2 * divisor * Math.Max(1, bound)));
        long multiplier = ((1L << shift) + divisor - 1) / divisor;
        if (multiplier > int.MaxValue) throw new ArgumentException($"divisor {divisor} with bound {bound} needs multiplier {multiplier} ≥ 2^31");
        return (multiplier, shift);
    }
}
