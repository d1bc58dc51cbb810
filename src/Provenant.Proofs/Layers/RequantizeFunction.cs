using Provenant.Proofs.Field;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Layers;

/// <summary>
/// The requantize sumcheck's integrand over the tables (eq, lin, K, low, G, σ, d⁺, d⁻):
/// eq·(Y + λ1·d⁺·(hi − Y) + λ2·d⁻·(Y − lo)) with Y = lin + K·low − G·σ. Degree 4.
/// </summary>
internal readonly record struct RequantizeFunction(GoldilocksExt2 Lambda1, GoldilocksExt2 Lambda2, GoldilocksExt2 Max, GoldilocksExt2 Min) : ISumcheckFunction
{
    public int Degree => 4;

    public GoldilocksExt2 Evaluate(ReadOnlySpan<GoldilocksExt2> v) => Combine(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);

    public GoldilocksExt2 Combine(GoldilocksExt2 eq, GoldilocksExt2 lin, GoldilocksExt2 k, GoldilocksExt2 low, GoldilocksExt2 g, GoldilocksExt2 sign,
        GoldilocksExt2 up, GoldilocksExt2 down)
    {
        var y = lin + k * low - g * sign;
        return eq * (y + Lambda1 * up * (Max - y) + Lambda2 * down * (y - Min));
    }
}
