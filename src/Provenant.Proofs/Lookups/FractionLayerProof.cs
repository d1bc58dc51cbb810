using Provenant.Proofs.Field;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Lookups;

/// <summary>
/// One layer of the fractional-sum GKR: the sumcheck reducing the claim on layer ℓ to its children, and the children's
/// values p(0, ρ), p(1, ρ), q(0, ρ), q(1, ρ) at the sumcheck point.
/// </summary>
/// <param name="Sumcheck">Degree-3 sumcheck over ℓ variables.</param>
/// <param name="P0">Numerator of the left children at ρ.</param>
/// <param name="P1">Numerator of the right children at ρ.</param>
/// <param name="Q0">Denominator of the left children at ρ.</param>
/// <param name="Q1">Denominator of the right children at ρ.</param>
public sealed record FractionLayerProof(SumcheckProof Sumcheck, GoldilocksExt2 P0, GoldilocksExt2 P1, GoldilocksExt2 Q0, GoldilocksExt2 Q1);
