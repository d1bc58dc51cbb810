using Provenant.Proofs.Field;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// The zero-check function of <see cref="LayerNormProtocol"/>. Tables after eq: Q, s, the limbs of a (<c>lowLimbs</c>),
/// C_0…C_{n−1}, Z_0…Z_{n−1}, per column the limbs of ρ_i (<c>remLimbs</c> each), then the real-row indicator V. Value:
/// eq·[γ^0·(Q − Σ_i C_i²) + γ^1·(n·2^m·Q + 2^m·E·V − s² − a) + Σ_i γ^(2+i)·(2^k·C_i − s·Z_i − ρ_i)], a and ρ_i composed
/// from their 16-bit limbs. Degree 3.
/// </summary>
internal readonly struct LayerNormConstraint(int columns, int lowLimbs, int remLimbs, Goldilocks radicandScale, Goldilocks radicandOffset,
    Goldilocks divisionScale, GoldilocksExt2[] gammaPowers) : ISumcheckFunction
{
    public int Degree => 3;

    /// <summary>Tables after eq.</summary>
    public int TableCount => 3 + lowLimbs + columns * (2 + remLimbs);

    public GoldilocksExt2 Evaluate(ReadOnlySpan<GoldilocksExt2> values)
    {
        var q = values[1];
        var s = values[2];
        int c = 3 + lowLimbs, z = c + columns, r = z + columns;
        var squares = GoldilocksExt2.Zero;
        var acc = GoldilocksExt2.Zero;
        for (int i = 0; i < columns; i++)
        {
            var ci = values[c + i];
            squares += ci * ci;
            acc += gammaPowers[2 + i] * (ci * divisionScale - s * values[z + i] - Compose(values.Slice(r + i * remLimbs, remLimbs)));
        }
        acc += gammaPowers[0] * (q - squares);
        acc += gammaPowers[1] * (q * radicandScale + radicandOffset * values[r + columns * remLimbs] - s * s - Compose(values.Slice(3, lowLimbs)));
        return values[0] * acc;
    }

    /// <summary>Σ_j 2^{16j}·limbs[j].</summary>
    public static GoldilocksExt2 Compose(ReadOnlySpan<GoldilocksExt2> limbs)
    {
        var acc = GoldilocksExt2.Zero;
        for (int j = limbs.Length - 1; j >= 0; j--) acc = acc * Goldilocks.FromUInt64(1UL << 16) + limbs[j];
        return acc;
    }
}
