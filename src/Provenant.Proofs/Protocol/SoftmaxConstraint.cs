using Provenant.Proofs.Field;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// The zero-check function of <see cref="SoftmaxProtocol"/>: with tables (eq, S, E_0…E_{L−1}, Y_0…, R limbs (K per
/// column), D_0…D_{L−1}), eq·[Σ_i γ^i·(2·32767·E_i + S − 2·S·Y_i − Σ_k 2^{16k}·R_{i,k}) + γ^L·Π_i D_i]. Degree
/// max(3, L + 1).
/// </summary>
internal readonly struct SoftmaxConstraint(int columns, int limbs, GoldilocksExt2[] gammaPowers) : ISumcheckFunction
{
    private static readonly Goldilocks TwiceOne = Goldilocks.FromInt64(2 * Circuit.SoftmaxLayer.One);

    public int Degree => Math.Max(3, columns + 1);

    /// <summary>Tables after eq: S, L outputs E, L outputs Y, L·K remainder limbs, L differences.</summary>
    public int TableCount => 1 + columns * (3 + limbs);

    public GoldilocksExt2 Evaluate(ReadOnlySpan<GoldilocksExt2> values)
    {
        var s = values[1];
        var twoS = s + s;
        var acc = GoldilocksExt2.Zero;
        var product = GoldilocksExt2.One;
        int e = 2, y = 2 + columns, r = 2 + 2 * columns, d = 2 + columns * (2 + limbs);
        for (int i = 0; i < columns; i++)
        {
            var remainder = GoldilocksExt2.Zero;
            for (int k = limbs - 1; k >= 0; k--) remainder = remainder * Goldilocks.FromUInt64(1UL << 16) + values[r + i * limbs + k];
            acc += gammaPowers[i] * (values[e + i] * TwiceOne + s - twoS * values[y + i] - remainder);
            product *= values[d + i];
        }
        return values[0] * (acc + gammaPowers[columns] * product);
    }
}
