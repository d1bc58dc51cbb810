using Provenant.Proofs.Field;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Layers;

/// <summary>The messages of <see cref="ClaimBatching"/>.</summary>
/// <param name="Sumcheck">Σ_b f(b)·Σ_i α_i·eq(r_i, b) (degree 2; no rounds when there is a single claim).</param>
/// <param name="Value">f̃(ρ) (the single claim's value when there is one claim).</param>
public sealed record ClaimBatchProof(SumcheckProof Sumcheck, GoldilocksExt2 Value);
