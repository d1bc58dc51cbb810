using Provenant.Proofs.Field;

namespace Provenant.Proofs.Polynomials;

/// <summary>
/// Operations on a multilinear polynomial in evaluation form: the 2^n values f(b) on the Boolean hypercube
/// {0,1}^n, which determine the unique multilinear extension f̃ (Thaler §3.5).
/// </summary>
/// <remarks>
/// Index convention used throughout <c>Provenant.Proofs</c>: hypercube point b = (b_0, …, b_{n−1}) is stored at
/// index Σ b_i·2^i, so variable 0 is the least significant bit and a row-major tensor's last axis occupies the
/// lowest variables. Vectors whose length is not a power of two are zero-padded to the next one.
/// </remarks>
public static class MultilinearExtension
{
    /// <summary>The number of variables for <paramref name="length"/> values: ⌈log2 length⌉ (0 for length ≤ 1).</summary>
    public static int VariableCount(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int n = 0;
        while ((1L << n) < length) n++;
        return n;
    }

    /// <summary>
    /// f̃(r) for the values <paramref name="evaluations"/> (zero-padded to 2^n, n = <paramref name="point"/>.Length)
    /// in O(2^n) by folding one variable at a time.
    /// </summary>
    /// <exception cref="ArgumentException">More values than the hypercube of that dimension holds.</exception>
    public static TExt Evaluate<TBase, TExt>(ReadOnlySpan<TBase> evaluations, ReadOnlySpan<TExt> point, Func<TBase, TExt> embed)
        where TBase : struct, IField<TBase>
        where TExt : struct, IField<TExt>
    {
        int n = point.Length;
        if (n > 30 || evaluations.Length > (1L << n))
            throw new ArgumentException($"MLE: {evaluations.Length} values do not fit {n} variables.");
        var current = new TExt[1 << n];
        for (int i = 0; i < evaluations.Length; i++) current[i] = embed(evaluations[i]);
        int size = current.Length;
        for (int v = 0; v < n; v++)
        {
            size >>= 1;
            FixLowestVariable(current.AsSpan(0, size * 2), point[v], current.AsSpan(0, size));
        }
        return current[0];
    }

    /// <summary>f̃(r) for values already in the field of the point.</summary>
    public static T Evaluate<T>(ReadOnlySpan<T> evaluations, ReadOnlySpan<T> point) where T : struct, IField<T> =>
        Evaluate(evaluations, point, static x => x);

    /// <summary>
    /// Binds variable 0 to <paramref name="r"/>: g(b_1, …) = f(0, b_1, …) + r·(f(1, b_1, …) − f(0, b_1, …)), i.e.
    /// g[j] = f[2j] + r·(f[2j+1] − f[2j]). <paramref name="destination"/> may alias the front of
    /// <paramref name="source"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The source length is odd or the destination is not half of it.</exception>
    public static void FixLowestVariable<T>(ReadOnlySpan<T> source, T r, Span<T> destination) where T : struct, IField<T>
    {
        if ((source.Length & 1) != 0 || destination.Length != source.Length / 2)
            throw new ArgumentException($"MLE: cannot fold {source.Length} values into {destination.Length}.");
        for (int j = 0; j < destination.Length; j++)
        {
            T lo = source[2 * j];
            destination[j] = lo + r * (source[2 * j + 1] - lo);
        }
    }
}
