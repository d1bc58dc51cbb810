using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Layers;

/// <summary>
/// Reduces m claims f̃(r_i) = v_i on one multilinear polynomial f to a single claim f̃(ρ) = v, so each tensor is opened
/// (or reduced through its producing layer) once.
/// </summary>
/// <remarks>
/// After absorbing the values the verifier draws α_1 … α_m; then Σ_i α_i·v_i = Σ_b f(b)·G(b) with
/// G(b) = Σ_i α_i·eq(r_i, b), a degree-2 sumcheck over n variables, after which the prover sends f̃(ρ) and the verifier
/// checks f̃(ρ)·G(ρ), computing G(ρ) = Σ_i α_i·eq(r_i, ρ) in O(m·n). Prover O(2^n + Σ_i 2^(m_i)), m_i the
/// coordinates of r_i before its trailing Boolean ones. Soundness error: a false claim
/// survives the combination with probability ≤ 1/p^2 and the sumcheck with ≤ 2n/p^2 (Thaler §4.5.2 uses the line-restriction
/// variant; this is the random-linear-combination variant of e.g. Libra/Virgo).
/// </remarks>
public static class ClaimBatching
{
    /// <summary>Proves the batch for the padded table <paramref name="table"/> of tensor <paramref name="tensor"/>.</summary>
    /// <param name="tensor">The tensor's name.</param>
    /// <param name="table">Its padded values (2^n).</param>
    /// <param name="claims">The claims (at least one).</param>
    /// <param name="transcript">The transcript.</param>
    /// <param name="reduceSingle">Run the sumcheck for a single claim too, so the resulting point is always a fresh random
    /// point (what <see cref="Commitment.MultilinearPcs.OpenAtRandomPoint"/> needs); otherwise one claim passes through.</param>
    /// <exception cref="ArgumentException">No claims, a claim names another tensor, or a point's length does not match the table.</exception>
    public static LayerProverOutput<ClaimBatchProof> Prove(string tensor, ReadOnlySpan<Goldilocks> table, IReadOnlyList<EvaluationClaim> claims, Transcript transcript,
        bool reduceSingle = false)
    {
        ArgumentNullException.ThrowIfNull(claims);
        int n = MultilinearExtension.VariableCount(table.Length);
        if (claims.Count == 0 || table.Length != 1 << n) throw new ArgumentException("ClaimBatching: no claims or a table length that is not a power of two.");
        foreach (var c in claims)
        {
            if (c.Tensor != tensor || c.Point.Length != n) throw new ArgumentException($"ClaimBatching: claim {c} does not fit tensor {tensor} with {n} variables.");
        }
        if (claims.Count == 1 && !reduceSingle)
        {
            var only = claims[0];
            return new LayerProverOutput<ClaimBatchProof>(new ClaimBatchProof(new SumcheckProof([]), only.Value), [only]);
        }
        var alphas = Challenges(claims, transcript);
        var g = new GoldilocksExt2[table.Length];
        for (int i = 0; i < claims.Count; i++)
        {
            // Boolean trailing coordinates (a slot of a committed polynomial) confine eq(r_i, ·) to one block.
            var (offset, eq) = EqPolynomial.SparseTable(claims[i].Point);
            var alpha = alphas[i];
            var block = g.AsSpan((int)offset, eq.Length);
            for (int b = 0; b < block.Length; b++) block[b] += alpha * eq[b];
        }
        var result = SumcheckProver.Prove([HadamardGadget.Embed(table), g], new ProductFunction(2), transcript);
        var value = result.FinalEvaluations[0];
        transcript.Absorb("batch/value", value);
        return new LayerProverOutput<ClaimBatchProof>(new ClaimBatchProof(result.Proof, value), [new EvaluationClaim(tensor, result.Point, value)]);
    }

    /// <summary>Verifies the batch; on success returns the single claim on <paramref name="tensor"/>. Never throws on a malformed proof.</summary>
    /// <param name="tensor">The tensor's name.</param>
    /// <param name="variableCount">Its variable count n.</param>
    /// <param name="claims">The claims.</param>
    /// <param name="proof">The prover's messages.</param>
    /// <param name="transcript">The transcript.</param>
    /// <param name="reduceSingle">As for <see cref="Prove"/>: a single claim is reduced by the sumcheck too.</param>
    public static ClaimReduction Verify(string tensor, int variableCount, IReadOnlyList<EvaluationClaim> claims, ClaimBatchProof? proof, Transcript transcript,
        bool reduceSingle = false)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (proof is null) return ClaimReduction.Rejected("batch: proof missing");
        if (claims.Count == 0) return ClaimReduction.Rejected("batch: no claims");
        foreach (var c in claims)
        {
            if (c is null || c.Tensor != tensor || c.Point is null || c.Point.Length != variableCount)
                return ClaimReduction.Rejected($"batch: a claim does not fit tensor {tensor} with {variableCount} variables");
        }
        if (claims.Count == 1 && !reduceSingle)
        {
            return proof.Value == claims[0].Value && proof.Sumcheck?.Rounds is { Length: 0 }
                ? ClaimReduction.Reduced(claims[0])
                : ClaimReduction.Rejected("batch: a single claim is passed through unchanged");
        }
        var alphas = Challenges(claims, transcript);
        var sum = GoldilocksExt2.Zero;
        for (int i = 0; i < claims.Count; i++) sum += alphas[i] * claims[i].Value;
        var sub = SumcheckVerifier.Verify(sum, 2, variableCount, proof.Sumcheck, transcript);
        if (!sub.IsValid) return ClaimReduction.Rejected("batch: " + sub.Reason);
        transcript.Absorb("batch/value", proof.Value);
        var gAtPoint = GoldilocksExt2.Zero;
        for (int i = 0; i < claims.Count; i++) gAtPoint += alphas[i] * EqPolynomial.Evaluate<GoldilocksExt2>(claims[i].Point, sub.Point);
        if (proof.Value * gAtPoint != sub.ExpectedValue) return ClaimReduction.Rejected("batch: f̃(ρ)·G(ρ) differs from the sumcheck's reduced claim");
        return ClaimReduction.Reduced(new EvaluationClaim(tensor, sub.Point, proof.Value));
    }

    private static GoldilocksExt2[] Challenges(IReadOnlyList<EvaluationClaim> claims, Transcript transcript)
    {
        var values = new GoldilocksExt2[claims.Count];
        for (int i = 0; i < values.Length; i++) values[i] = claims[i].Value;
        transcript.Absorb<GoldilocksExt2>("batch/values", values);
        return transcript.ChallengeExtVector("batch/alpha", claims.Count);
    }
}
