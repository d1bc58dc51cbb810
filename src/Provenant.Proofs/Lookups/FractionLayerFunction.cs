using Provenant.Proofs.Field;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Lookups;

/// <summary>
/// g(eq, p0, p1, q0, q1) = eq·(p0·q1 + p1·q0 + λ·q0·q1), degree 3: one layer of the fraction-addition tree
/// (p/q = p0/q0 + p1/q1), numerator and denominator batched with λ.
/// </summary>
/// <param name="Lambda">The batching challenge λ.</param>
public readonly record struct FractionLayerFunction(GoldilocksExt2 Lambda) : ISumcheckFunction
{
    /// <inheritdoc />
    public int Degree => 3;

    /// <inheritdoc />
    public GoldilocksExt2 Evaluate(ReadOnlySpan<GoldilocksExt2> v) => v[0] * (v[1] * v[4] + v[2] * v[3] + Lambda * v[3] * v[4]);
}
