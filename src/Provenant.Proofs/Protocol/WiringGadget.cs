using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// Reduces a claim T̃(r) = v on a wired tensor T (see <see cref="Wiring"/>) to a claim on its source S:
/// T̃(r) = Σ_s W_r(s)·S̃(s) + c·Σ_{t unmapped} eq(r, t), proven by a degree-2 sumcheck over S's variables, after which the
/// verifier evaluates W̃_r(r') itself and checks W̃_r(r')·S̃(r') against the reduced claim (GKR's wiring predicate,
/// Thaler §4.6, evaluated directly since the wiring is public). Prover and verifier: O(|T| + |S|) field operations.
/// Soundness error 2·vars(S)/p^2.
/// </summary>
public static class WiringGadget
{
    /// <summary>Proves the claim <paramref name="output"/> on T given S's padded values.</summary>
    /// <exception cref="ArgumentException">The claim's point or the source table does not fit the layouts.</exception>
    public static LayerProverOutput<WiringProof> Prove(Wiring wiring, string sourceName, ReadOnlySpan<Goldilocks> sourcePadded, EvaluationClaim output, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(wiring);
        return Prove(wiring.Target, wiring.Source, p => wiring.Predicate(p), sourceName, sourcePadded, output, transcript);
    }

    /// <summary>
    /// The reduction for any public linear map T̃(r) = Σ_s W_r(s)·S̃(s) + c_r given by <paramref name="predicate"/>
    /// (r ↦ (W_r over S's padded hypercube, c_r)): a selection (<see cref="Wiring"/>) or a sum of selections (pool windows).
    /// </summary>
    internal static LayerProverOutput<WiringProof> Prove(TensorLayout target, TensorLayout source, Func<GoldilocksExt2[], (GoldilocksExt2[] Table, GoldilocksExt2 Constant)> predicate,
        string sourceName, ReadOnlySpan<Goldilocks> sourcePadded, EvaluationClaim output, Transcript transcript)
    {
        if (output.Point.Length != target.VariableCount || sourcePadded.Length != source.PaddedLength)
            throw new ArgumentException("wiring: claim point or source length does not match the layouts");
        var (w, _) = predicate(output.Point);
        var s = new GoldilocksExt2[sourcePadded.Length];
        for (int i = 0; i < s.Length; i++) s[i] = sourcePadded[i];
        var result = SumcheckProver.Prove([w, s], new ProductFunction(2), transcript);
        var value = result.FinalEvaluations[1];
        transcript.Absorb("wiring/source", value);
        return new LayerProverOutput<WiringProof>(new WiringProof(result.Proof, value), [new EvaluationClaim(sourceName, result.Point, value)]);
    }

    /// <summary>Verifies <paramref name="proof"/>; on success the claim on S. Never throws on a malformed proof.</summary>
    public static ClaimReduction Verify(Wiring wiring, string sourceName, EvaluationClaim output, WiringProof? proof, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(wiring);
        return Verify(wiring.Target, wiring.Source, p => wiring.Predicate(p), sourceName, output, proof, transcript);
    }

    /// <summary>Verifies the reduction for the public linear map <paramref name="predicate"/> (see the matching Prove).</summary>
    internal static ClaimReduction Verify(TensorLayout target, TensorLayout source, Func<GoldilocksExt2[], (GoldilocksExt2[] Table, GoldilocksExt2 Constant)> predicate,
        string sourceName, EvaluationClaim output, WiringProof? proof, Transcript transcript)
    {
        if (proof is null) return ClaimReduction.Rejected("wiring: proof missing");
        if (output.Point.Length != target.VariableCount) return ClaimReduction.Rejected("wiring: claim point has the wrong length");
        var (w, constant) = predicate(output.Point);
        var sub = SumcheckVerifier.Verify(output.Value - constant, 2, source.VariableCount, proof.Sumcheck, transcript);
        if (!sub.IsValid) return ClaimReduction.Rejected("wiring: " + sub.Reason);
        transcript.Absorb("wiring/source", proof.SourceValue);
        var wAt = MultilinearExtension.Evaluate<GoldilocksExt2>(w, sub.Point);
        if (wAt * proof.SourceValue != sub.ExpectedValue) return ClaimReduction.Rejected("wiring: W̃(r)·S̃(r) differs from the sumcheck's reduced claim");
        return ClaimReduction.Reduced(new EvaluationClaim(sourceName, sub.Point, proof.SourceValue));
    }
}
