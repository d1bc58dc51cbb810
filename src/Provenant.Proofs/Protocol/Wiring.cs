using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// A public selection T[t] = S[Source[t]] (or the constant <see cref="Constant"/> where Source[t] = −1) between a
/// target tensor T and a source tensor S, each in its own per-axis padded layout: im2col matrices, layout changes of
/// Reshape/Flatten, pooling windows. Its multilinear form is the wiring predicate W_r(s) = Σ_{t: Source[t]=s} eq(r, t).
/// </summary>
/// <param name="Target">Layout of T.</param>
/// <param name="Source">Layout of S.</param>
/// <param name="Map">For every row-major element of T, the row-major element of S it copies, or −1.</param>
/// <param name="Constant">The value of T where Map is −1 (a zero point, or 0).</param>
public sealed record Wiring(TensorLayout Target, TensorLayout Source, IReadOnlyList<int> Map, long Constant)
{
    /// <summary>
    /// The wiring predicate table W_r over S's padded hypercube and the constant part c·Σ_{t: Map[t]=−1} eq(r, t), in
    /// O(|T| + 2^{vars(T)}).
    /// </summary>
    public (GoldilocksExt2[] Table, GoldilocksExt2 ConstantPart) Predicate(ReadOnlySpan<GoldilocksExt2> point)
    {
        var eq = Polynomials.EqPolynomial.Table(point);
        var table = new GoldilocksExt2[Source.PaddedLength];
        var unmapped = GoldilocksExt2.Zero;
        for (int t = 0; t < Map.Count; t++)
        {
            var e = eq[Target.PaddedIndex(t)];
            int s = Map[t];
            if (s < 0) unmapped += e;
            else table[Source.PaddedIndex(s)] += e;
        }
        return (table, unmapped * Goldilocks.FromInt64(Constant));
    }

    /// <summary>T's row-major values from S's (for tests and the prover's own checks).</summary>
    public long[] Apply(ReadOnlySpan<long> source)
    {
        var t = new long[Map.Count];
        for (int i = 0; i < t.Length; i++) t[i] = Map[i] < 0 ? Constant : source[Map[i]];
        return t;
    }
}
