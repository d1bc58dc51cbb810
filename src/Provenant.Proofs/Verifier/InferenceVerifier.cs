using Provenant.Core;
using Provenant.Proofs.Circuit;
using Provenant.Proofs.Commitment;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;
using Provenant.Proofs.Protocol;
using Provenant.Proofs.Prover;
using Provenant.Proofs.Weights;

namespace Provenant.Proofs.Verifier;

/// <summary>
/// Verifies an <see cref="InferenceProof"/> against a compiled circuit and the model's weight commitment (docs/proof-system.md
/// §Protocol): the statement must name this circuit and this commitment; the transcript is replayed from the statement;
/// every layer's messages must reduce the output claim to claims on the input, which are checked against the public
/// input, and on the weights, which must open against the commitment. Returns a <see cref="VerificationResult"/>; never
/// throws on a hostile proof.
/// </summary>
public static class InferenceVerifier
{
    /// <summary>Verifies <paramref name="proof"/>.</summary>
    /// <param name="circuit">The model's circuit (its digest must equal the statement's).</param>
    /// <param name="proof">A parsed proof.</param>
    /// <param name="weights">The weight commitment the verifier trusts (from the model's signed statement).</param>
    /// <returns>Valid with a summary, or rejected with the first reason found.</returns>
    public static VerificationResult Verify(InferenceCircuit circuit, InferenceProof proof, WeightCommitment weights)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(weights);
        try
        {
            return VerifyCore(circuit, proof, weights);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Every check returns a rejection; reaching this is a verifier bug, and rejecting is the safe answer.
            return VerificationResult.Rejected($"proof rejected: malformed input ({e.GetType().Name}: {e.Message})");
        }
    }

    private static VerificationResult VerifyCore(InferenceCircuit circuit, InferenceProof proof, WeightCommitment weights)
    {
        var s = proof.Statement;
        if (!s.CircuitDigest.AsSpan().SequenceEqual(circuit.Digest)) return Reject("the proof is for another circuit (circuit digest differs)");
        if (!s.WeightCommitmentDigest.AsSpan().SequenceEqual(InferenceProver.WeightCommitmentDigest(weights)))
            return Reject("the proof is for another weight commitment (its digest differs from the model commitment given)");
        var input = circuit.Tensors[circuit.Input];
        var output = circuit.Tensors[circuit.Output];
        if (!s.InputShape.SequenceEqual(input.Shape) || !s.OutputShape.SequenceEqual(output.Shape))
            return Reject("the statement's input or output shape differs from the circuit's");
        if (s.Input.Any(v => v < input.Minimum || v > input.Maximum) || s.Output.Any(v => v < output.Minimum || v > output.Maximum))
            return Reject("the statement's input or output has a value outside its type's range");
        var (protocols, unsupported) = ProofProtocol.Protocols(circuit);
        if (protocols is null) return Reject($"layer {unsupported} is not provable by this version");
        var (advice, _, ranges) = ProofProtocol.Advice(protocols);
        if ((advice.Count > 0) != (proof.AdviceCommitment is not null)) return Reject(advice.Count > 0 ? "the advice commitment is missing" : "this circuit takes no advice, but the proof carries some");
        if (proof.AdviceCommitment is { } ac && ac.VariableCount != advice.VariableCount)
            return Reject($"the advice commitment has {ac.VariableCount} variables, the circuit's advice {advice.VariableCount}");
        if (proof.AdviceCommitment is { } acp && acp.Profile != weights.Pcs.Profile)
            return Reject($"the advice commitment uses the {acp.Profile} PCS profile, the weight commitment {weights.Pcs.Profile}");
        var t = ProofProtocol.Start(s, proof.Model, weights);
        if (proof.AdviceCommitment is not null) t.Absorb("advice/commitment", proof.AdviceCommitment.ToBytes());
        var ledger = new ClaimLedger(circuit, advice);
        if (!ledger.Add(ProofProtocol.OutputClaim(circuit, s.Output, t), out var why)) return Reject(why);
        var steps = new StepQueue(proof.Steps);
        for (int i = circuit.Layers.Count - 1; i >= 0; i--)
        {
            var layer = circuit.Layers[i];
            var tensor = circuit.Tensors[layer.Output];
            var claims = ledger.Take(tensor.Name);
            if (claims.Count == 0) return Reject($"no claim reaches {tensor}");
            var claim = claims[0];
            if (claims.Count > 1)
            {
                var m = steps.Take(1, 1, $"claims on {tensor}", out why);
                if (m is null) return Reject(why);
                var merged = ClaimBatching.Verify(tensor.Name, tensor.VariableCount, claims, new ClaimBatchProof(m.Sumchecks[0], m.Values[0]), t);
                if (!merged.IsValid) return Reject($"{layer}: {merged.Reason}");
                claim = merged.Claims[0];
            }
            var reduced = protocols[i].Verify(claim, steps, t);
            if (!reduced.IsValid) return Reject($"{layer}: {reduced.Reason}");
            foreach (var c in reduced.Claims)
            {
                if (!ledger.Add(c, out why)) return Reject($"{layer}: {why}");
            }
        }
        var ranged = ranges.Verify(steps, t);
        if (!ranged.IsValid) return Reject(ranged.Reason);
        foreach (var c in ranged.Claims)
        {
            if (!ledger.Add(c, out why)) return Reject(why);
        }
        foreach (var c in ledger.Input)
        {
            if (ProofProtocol.Evaluate(input, s.Input, c.Point) != c.Value) return Reject("the claim on the input disagrees with the public input");
        }
        var weightPoints = new GoldilocksExt2[ledger.Weights.Count][];
        for (int i = 0; i < weightPoints.Length; i++)
        {
            if (!weights.TryMapPoint(ledger.Weights[i].Tensor, ledger.Weights[i].Point, out weightPoints[i], out why)) return Reject("weight claim: " + why);
        }
        var opened = VerifyOpening("weights", weights.Pcs, ledger.Weights, weightPoints, proof.WeightOpening, steps, t);
        if (!opened.IsValid) return opened;
        if (proof.AdviceCommitment is { } commitment)
        {
            var points = ledger.Advice.Select(c => advice.MapPoint(c.Tensor, c.Point)!).ToArray();
            opened = VerifyOpening("advice", commitment, ledger.Advice, points, proof.AdviceOpening, steps, t);
            if (!opened.IsValid) return opened;
        }
        else if (proof.AdviceOpening.Length != 0)
        {
            return Reject("an advice opening without an advice commitment");
        }
        if (steps.Remaining != 0) return Reject($"{steps.Remaining} unused step(s) at the end of the proof");
        return VerificationResult.Valid($"valid: {circuit.Layers.Count} layers, {ledger.Weights.Count} weight claims opened against root {weights.RootHex}, {ledger.Advice.Count} advice claims");
    }

    /// <summary>Merges the claims (mapped to the committed polynomial) into one and verifies its PCS opening.</summary>
    private static VerificationResult VerifyOpening(string name, PcsCommitment commitment, List<EvaluationClaim> claims, GoldilocksExt2[][] points,
        byte[] opening, StepQueue steps, FiatShamir.Transcript t)
    {
        if (claims.Count == 0) return opening.Length == 0 ? VerificationResult.Valid("nothing to open") : Reject($"a {name} opening without {name} claims");
        var mapped = claims.Select((c, i) => new EvaluationClaim(name, points[i], c.Value)).ToList();
        bool random = MultilinearPcs.UsesTensorProximity(commitment.Parameters);
        var merge = new ClaimBatchProof(new Sumcheck.SumcheckProof([]), mapped[0].Value);
        if (mapped.Count > 1 || random)
        {
            var m = steps.Take(1, 1, $"{name} claims", out var why);
            if (m is null) return Reject(why);
            merge = new ClaimBatchProof(m.Sumchecks[0], m.Values[0]);
        }
        var merged = ClaimBatching.Verify(name, commitment.VariableCount, mapped, merge, t, reduceSingle: random);
        if (!merged.IsValid) return Reject($"{name}: {merged.Reason}");
        var claim = merged.Claims[0];
        // Under the conjectured profile the point is the merge sumcheck's, drawn here from the transcript after both
        // commitments: the tensor proximity test of OpenAtRandomPoint rests on that.
        var r = random
            ? MultilinearPcs.VerifyAtRandomPoint(commitment, claim.Point, claim.Value, opening, t)
            : MultilinearPcs.Verify(commitment, [claim.Point], [claim.Value], opening, t);
        return r.IsValid ? r : Reject($"{name} opening: " + r.Reason);
    }

    private static VerificationResult Reject(string reason) => VerificationResult.Rejected("proof rejected: " + reason);
}
