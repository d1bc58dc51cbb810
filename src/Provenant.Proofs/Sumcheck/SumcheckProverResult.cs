using Provenant.Proofs.Field;

namespace Provenant.Proofs.Sumcheck;

/// <summary>The output of <see cref="SumcheckProver.Prove{TFunction}"/>.</summary>
/// <param name="Proof">The round polynomials.</param>
/// <param name="ClaimedSum">Σ_b g(f(b)), the value the proof argues (the prover computes it as g_0(0) + g_0(1)).</param>
/// <param name="Point">The challenge point r (one coordinate per variable, lowest first).</param>
/// <param name="FinalEvaluations">f̃_t(r) for every table t, in table order.</param>
public sealed record SumcheckProverResult(SumcheckProof Proof, GoldilocksExt2 ClaimedSum, GoldilocksExt2[] Point, GoldilocksExt2[] FinalEvaluations);
