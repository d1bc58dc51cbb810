using Provenant.Proofs.Field;

namespace Provenant.Proofs.Polynomials;

/// <summary>
/// The multilinear equality polynomial eq(x, r) = Π_i (x_i·r_i + (1 − x_i)(1 − r_i)), which is 1 when x = r on the
/// Boolean hypercube and 0 on the other hypercube points; its table over {0,1}^n is the vector of Lagrange basis
/// weights at r, so f̃(r) = Σ_b f(b)·eq(b, r) (Thaler, "Proofs, Arguments, and Zero-Knowledge", §3.5).
/// </summary>
/// <remarks>Variable i is bit i of the hypercube index (least significant first), as in <see cref="MultilinearExtension"/>.</remarks>
public static class EqPolynomial
{
    /// <summary>
    /// The table eq(b, r) for all b ∈ {0,1}^n, n = <paramref name="point"/>.Length, in 2^n − 1 multiplications
    /// (each variable doubles the table).
    /// </summary>
    /// <returns>2^n entries; entry b is eq(b, r).</returns>
    /// <exception cref="ArgumentOutOfRangeException">More than 30 variables.</exception>
    public static T[] Table<T>(ReadOnlySpan<T> point) where T : struct, IField<T>
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(point.Length, 30);
        var table = new T[1 << point.Length];
        table[0] = T.One;
        for (int i = 0, size = 1; i < point.Length; i++, size <<= 1)
        {
            T r = point[i];
            // Entries with bit i = 1 are the previous entries times r_i; with bit i = 0, times (1 − r_i).
            for (int b = size - 1; b >= 0; b--)
            {
                T hi = table[b] * r;
                table[b + size] = hi;
                table[b] = table[b] - hi;
            }
        }
        return table;
    }

    /// <summary>
    /// eq(z, ·) in sparse form: the trailing coordinates of <paramref name="point"/> that are exactly 0 or 1 (e.g. a
    /// tensor's slot bits in a committed polynomial) select one aligned block of 2^m entries starting at
    /// <c>Offset</c>, and <c>Table</c> is eq over the m leading coordinates; every entry outside the block is zero.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">More than 30 non-Boolean leading coordinates.</exception>
    public static (long Offset, GoldilocksExt2[] Table) SparseTable(ReadOnlySpan<GoldilocksExt2> point)
    {
        int m = point.Length;
        long offset = 0;
        while (m > 0 && (point[m - 1] == GoldilocksExt2.Zero || point[m - 1] == GoldilocksExt2.One))
        {
            if (point[m - 1] == GoldilocksExt2.One) offset |= 1L << (m - 1);
            m--;
        }
        return (offset, Table(point[..m]));
    }

    /// <summary>eq(x, y) for two points of the same length, in O(n).</summary>
    /// <exception cref="ArgumentException">The points differ in length.</exception>
    public static T Evaluate<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : struct, IField<T>
    {
        if (x.Length != y.Length) throw new ArgumentException($"eq: points have {x.Length} and {y.Length} coordinates.");
        T acc = T.One;
        for (int i = 0; i < x.Length; i++)
        {
            T xy = x[i] * y[i];
            acc *= xy + xy - x[i] - y[i] + T.One;
        }
        return acc;
    }
}
