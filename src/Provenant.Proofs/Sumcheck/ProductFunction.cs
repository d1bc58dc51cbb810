using Provenant.Proofs.Field;

namespace Provenant.Proofs.Sumcheck;

/// <summary>g(v) = v_0·v_1·…·v_{k−1}, degree k: products of multilinear tables (matrix products, claim batching).</summary>
/// <param name="Factors">k, the number of tables multiplied (≥ 1).</param>
public readonly record struct ProductFunction(int Factors) : ISumcheckFunction
{
    /// <inheritdoc />
    public int Degree => Factors;

    /// <inheritdoc />
    public GoldilocksExt2 Evaluate(ReadOnlySpan<GoldilocksExt2> values)
    {
        var acc = values[0];
        for (int i = 1; i < values.Length; i++) acc *= values[i];
        return acc;
    }
}
