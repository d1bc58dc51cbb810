namespace Provenant.Inference.Integer;

/// <summary>
/// The exact integer rule of <c>QLayerNorm</c> (docs/quantization.md §QLayerNorm), shared by the integer engine and
/// the proof circuit. For one row x_0…x_{n−1} of int8 values (the zero point cancels in the centring):
/// S = Σ x_i; C_i = n·x_i − S (the centred value times n); Q = Σ C_i² (= n²·Σ(x_i − mean)²);
/// N = 2^m·(n·Q + E); s = ⌊√N⌋ (the unique s ≥ 0 with s² ≤ N &lt; (s + 1)²); Z_i = ⌊C_i·2^k / s⌋ (floor division);
/// A_i = G_i·Z_i + B_i. Z_i approximates ((x_i − mean)/√(var + ε))·2^(k − m/2)/n when E = n⁴·ε/s_x².
/// Every intermediate is bounded by <see cref="Check"/> so that int64 arithmetic is exact and, in the proof, no
/// relation wraps around the field modulus.
/// </summary>
public static class QLayerNormArithmetic
{
    /// <summary>Longest row (the normalised last axis) a QLayerNorm may have.</summary>
    public const int MaxRow = 1024;

    /// <summary>Exclusive bound on N = 2^m·(n·Q + E) (so s &lt; 2^31 and s² fits in int64).</summary>
    public const long MaxRadicand = 1L << 62;

    /// <summary>An upper bound on Q = Σ C_i² for any int8 row of length <paramref name="n"/>: n·((n − 1)·255)².</summary>
    public static long SquareSumBound(int n) => (long)n * ((n - 1L) * 255) * ((n - 1L) * 255);

    /// <summary>
    /// Bits b with |Z_i| &lt; 2^b for every row: |Z| ≤ 2^(k − m/2 + 1) + 1 (because C_i² ≤ Q, s ≥ √N/2 when N ≥ 4), so
    /// b = k − m/2 + 2.
    /// </summary>
    public static int NormalizedBits(int normShift, int scaleShift) => scaleShift - normShift / 2 + 2;

    /// <summary>
    /// Why the parameters are outside the domain where every step is exact, or null when they are inside it:
    /// 1 ≤ n ≤ <see cref="MaxRow"/>; m even in [0, 60]; E ≥ 1 with 2^m·E ≥ 4; 2^m·(n·Q_max + E) &lt; 2^62;
    /// k ≥ m/2 and (n − 1)·255·2^k &lt; 2^62; b = k − m/2 + 2 ≤ 31; |G_i|·2^b + |B_i| ≤ 2^31 − 1.
    /// </summary>
    public static string? Check(int n, long epsilon, int normShift, int scaleShift, ReadOnlySpan<long> gamma, ReadOnlySpan<long> beta)
    {
        if (n < 1 || n > MaxRow) return $"a row of 1…{MaxRow} elements, found {n}";
        if (normShift < 0 || normShift > 60 || normShift % 2 != 0) return $"norm_shift even in [0, 60], found {normShift}";
        if (epsilon < 1 || epsilon > 1L << 50 || epsilon << normShift < 4) return $"epsilon in [1, 2^50] with 2^norm_shift·epsilon ≥ 4, found {epsilon}";
        var radicand = (UInt128)((Int128)n * SquareSumBound(n) + epsilon) << normShift;
        if (radicand >= MaxRadicand) return $"2^norm_shift·(n·Q_max + epsilon) < 2^62 (n = {n}, norm_shift = {normShift})";
        if (scaleShift < normShift / 2 || scaleShift > 62 || (Int128)(n - 1) * 255 << scaleShift >= (Int128)1 << 62)
            return $"scale_shift ≥ norm_shift/2 with (n − 1)·255·2^scale_shift < 2^62, found {scaleShift}";
        var bits = NormalizedBits(normShift, scaleShift);
        if (bits > 31) return $"scale_shift − norm_shift/2 + 2 ≤ 31, found {bits}";
        if (gamma.Length != n || beta.Length != n) return $"gamma and beta of {n} elements each";
        for (var i = 0; i < n; i++)
        {
            if (Math.Abs(gamma[i]) * (1L << bits) + Math.Abs(beta[i]) > int.MaxValue)
                return $"|gamma|·2^{bits} + |beta| ≤ 2^31 − 1 at element {i} (gamma {gamma[i]}, beta {beta[i]})";
        }
        return null;
    }

    /// <summary>⌊√<paramref name="value"/>⌋ exactly, for 0 ≤ value &lt; 2^62.</summary>
    public static long IntegerSqrt(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var s = (long)Math.Sqrt(value);
        while (s * s > value) s--;
        while ((s + 1) * (s + 1) <= value) s++;
        return s;
    }

    /// <summary>⌊<paramref name="numerator"/> / <paramref name="denominator"/>⌋ (towards −∞) for denominator ≥ 1.</summary>
    public static long FloorDivide(long numerator, long denominator)
    {
        var q = Math.DivRem(numerator, denominator, out var r);
        return r < 0 ? q - 1 : q;
    }

    /// <summary>
    /// Normalises one row: writes Z_i to <paramref name="normalized"/> and returns (S, Q, s). Parameters must have
    /// passed <see cref="Check"/> for this row length.
    /// </summary>
    public static (long Sum, long SquareSum, long Root) Row(ReadOnlySpan<long> x, long epsilon, int normShift, int scaleShift, Span<long> normalized)
    {
        long n = x.Length, sum = 0, squares = 0;
        foreach (var v in x) sum += v;
        foreach (var v in x)
        {
            var c = n * v - sum;
            squares += c * c;
        }
        var root = IntegerSqrt((n * squares + epsilon) << normShift);
        // The quotients are below 2^31 in magnitude (NormalizedBits ≤ 31), so the reciprocal form is exact.
        var reciprocal = 1.0 / root;
        for (var i = 0; i < x.Length; i++)
        {
            normalized[i] = QuantArithmetic.FloorDivide((n * x[i] - sum) << scaleShift, root, reciprocal);
        }
        return (sum, squares, root);
    }
}
