using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// Shared steps of the gadgets that commit one tensor per column over a row layout (<see cref="SoftmaxProtocol"/>,
/// <see cref="LayerNormProtocol"/>): evaluating committed tables at a point, the point of one column of X, and the powers
/// of a batching challenge.
/// </summary>
internal static class RowColumns
{
    /// <summary>Each advice table's multilinear extension at <paramref name="point"/>.</summary>
    public static GoldilocksExt2[] At(ProverTables tables, LayerProtocol owner, AdviceTensor[] advice, GoldilocksExt2[] point) =>
        [.. advice.Select(a => MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(tables.Advice(owner, a), point, static g => g))];

    /// <summary>The point of column <paramref name="column"/> at row point <paramref name="rho"/>: the column's bits (0/1), then ρ.</summary>
    public static GoldilocksExt2[] ColumnPoint(int column, int columnBits, GoldilocksExt2[] rho)
    {
        var point = new GoldilocksExt2[columnBits + rho.Length];
        for (int b = 0; b < columnBits; b++) point[b] = ((column >> b) & 1) == 1 ? GoldilocksExt2.One : GoldilocksExt2.Zero;
        rho.CopyTo(point, columnBits);
        return point;
    }

    /// <summary>1, γ, …, γ^(count − 1).</summary>
    public static GoldilocksExt2[] Powers(GoldilocksExt2 gamma, int count)
    {
        var powers = new GoldilocksExt2[count];
        powers[0] = GoldilocksExt2.One;
        for (int i = 1; i < count; i++) powers[i] = powers[i - 1] * gamma;
        return powers;
    }
}
