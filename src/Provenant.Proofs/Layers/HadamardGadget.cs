using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Layers;

/// <summary>
/// Elementwise product Z = X ⊙ Y of two tensors of one layout: Z̃(r) = Σ_{b ∈ {0,1}^n} eq(r, b)·X(b)·Y(b), a degree-3
/// sumcheck over n variables (tables eq(r, ·), X, Y), after which the prover sends X̃(ρ), Ỹ(ρ) and the verifier checks
/// eq(r, ρ)·X̃(ρ)·Ỹ(ρ) against the reduced claim. Prover O(2^n), verifier O(n), soundness error 3n/p^2.
/// </summary>
public static class HadamardGadget
{
    /// <summary>Proves the claim on Z = X ⊙ Y from the padded tables of X and Y (length 2^n).</summary>
    /// <exception cref="ArgumentException">A table length does not match the claim's point.</exception>
    public static LayerProverOutput<HadamardProof> Prove(string x, string y, ReadOnlySpan<Goldilocks> xTable, ReadOnlySpan<Goldilocks> yTable,
        EvaluationClaim output, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (xTable.Length != 1L << output.Point.Length || yTable.Length != xTable.Length) throw new ArgumentException("Hadamard: table lengths do not match the claim's point.");
        var result = SumcheckProver.ProveWithEq(output.Point, [Embed(xTable), Embed(yTable)], new ProductFunction(3), transcript);
        var proof = new HadamardProof(result.Proof, result.FinalEvaluations[1], result.FinalEvaluations[2]);
        transcript.Absorb<GoldilocksExt2>("hadamard/openings", [proof.XValue, proof.YValue]);
        return new LayerProverOutput<HadamardProof>(proof, [new EvaluationClaim(x, result.Point, proof.XValue), new EvaluationClaim(y, result.Point, proof.YValue)]);
    }

    /// <summary>Verifies the proof for the claim on X ⊙ Y; never throws on a malformed proof.</summary>
    public static ClaimReduction Verify(string x, string y, EvaluationClaim output, HadamardProof? proof, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (proof is null || output.Point is null) return ClaimReduction.Rejected("hadamard: proof missing");
        var sub = SumcheckVerifier.Verify(output.Value, 3, output.Point.Length, proof.Sumcheck, transcript);
        if (!sub.IsValid) return ClaimReduction.Rejected("hadamard: " + sub.Reason);
        transcript.Absorb<GoldilocksExt2>("hadamard/openings", [proof.XValue, proof.YValue]);
        if (EqPolynomial.Evaluate<GoldilocksExt2>(output.Point, sub.Point) * proof.XValue * proof.YValue != sub.ExpectedValue)
            return ClaimReduction.Rejected("hadamard: eq(r, ρ)·X̃(ρ)·Ỹ(ρ) differs from the sumcheck's reduced claim");
        return ClaimReduction.Reduced(new EvaluationClaim(x, sub.Point, proof.XValue), new EvaluationClaim(y, sub.Point, proof.YValue));
    }

    /// <summary>Copies a base-field table into the extension (the sumcheck prover folds in place).</summary>
    internal static GoldilocksExt2[] Embed(ReadOnlySpan<Goldilocks> table)
    {
        var e = new GoldilocksExt2[table.Length];
        for (int i = 0; i < table.Length; i++) e[i] = table[i];
        return e;
    }
}
