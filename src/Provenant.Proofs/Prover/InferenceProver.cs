using System.Diagnostics;
using Provenant.Core.Errors;
using Provenant.Proofs.Circuit;
using Provenant.Proofs.Commitment;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;
using Provenant.Proofs.Protocol;
using Provenant.Proofs.Weights;

namespace Provenant.Proofs.Prover;

/// <summary>
/// Proves one inference of a compiled circuit (docs/proof-system.md §Protocol): absorb the statement and the weight
/// commitment; draw a random point and claim the output MLE there; for each layer from the last to the first, merge the
/// claims on its output (<see cref="ClaimBatching"/>) and reduce them through the layer's gadgets to claims on its
/// inputs and weights; leave the input claims to the verifier (it holds the public input) and open all weight claims
/// with one PCS opening of the weight commitment.
/// </summary>
public static class InferenceProver
{
    /// <summary>Proves that <paramref name="witness"/>'s input maps to its output under the committed weights.</summary>
    /// <param name="witness">A full evaluation of the circuit (<see cref="InferenceCircuit.Evaluate"/>).</param>
    /// <param name="modelDigest">SHA-256 of the quantized model file.</param>
    /// <param name="weights">The model's weight commitment (its layout must hold exactly the circuit's weight tensors).</param>
    /// <param name="weightData">The PCS prover data of that commitment (<see cref="WeightCommitment.Commit(Provenant.Inference.Graph.ModelGraph, string, PcsSecurityProfile)"/>).</param>
    /// <param name="model">The model skeleton to embed (<see cref="ModelSkeleton.Strip"/>), or empty for callers that pass the circuit to the verifier themselves.</param>
    /// <param name="progress">Receives one report after the advice commitment, one per layer, one after the range checks and one per opening (weights, advice).</param>
    /// <param name="cancellationToken">Checked between layers.</param>
    /// <exception cref="UnsupportedFeatureException">The circuit has a layer kind this prover cannot prove yet.</exception>
    /// <exception cref="ArgumentException">The weight commitment does not cover the circuit's weights.</exception>
    public static InferenceProof Prove(CircuitWitness witness, byte[] modelDigest, WeightCommitment weights, PcsProverData weightData,
        byte[]? model = null, IProgress<ProverProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Prove(witness, modelDigest, weights, weightData, model, progress, null, cancellationToken);

    /// <summary>As the public overload; <paramref name="tamper"/> may change advice tables before they are committed (soundness tests).</summary>
    internal static InferenceProof Prove(CircuitWitness witness, byte[] modelDigest, WeightCommitment weights, PcsProverData weightData,
        byte[]? model, IProgress<ProverProgress>? progress, Action<string, Goldilocks[]>? tamper, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(witness);
        ArgumentNullException.ThrowIfNull(weights);
        var clock = Stopwatch.StartNew();
        var circuit = witness.Circuit;
        var (protocols, unsupported) = ProofProtocol.Protocols(circuit);
        if (protocols is null) throw new UnsupportedFeatureException($"layer {unsupported} is not provable by this version");
        var statement = Statement(circuit, witness, modelDigest, weights);
        model ??= [];
        var t = ProofProtocol.Start(statement, model, weights);
        var tables = new ProverTables(witness) { Tamper = tamper };
        var (advice, owners, ranges) = ProofProtocol.Advice(protocols);
        PcsCommitment? adviceCommitment = null;
        PcsProverData? adviceData = null;
        if (advice.Count > 0)
        {
            (adviceCommitment, adviceData) = MultilinearPcs.Commit(advice.Evaluations(a => ranges.Owns(a) ? ranges.Multiplicities(tables, a) : tables.Advice(owners[a.Name], a)), advice.VariableCount, weights.Pcs.Profile);
            t.Absorb("advice/commitment", adviceCommitment.ToBytes());
        }
        var ledger = new ClaimLedger(circuit, advice);
        Add(ledger, ProofProtocol.OutputClaim(circuit, witness.Output, t));
        var steps = new List<LayerMessages>();
        int total = circuit.Layers.Count + 4, done = 1;
        progress?.Report(new ProverProgress(done, total, $"advice commitment (2^{advice.VariableCount} values)", clock.Elapsed));
        for (int i = circuit.Layers.Count - 1; i >= 0; i--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var layer = circuit.Layers[i];
            var claim = Merge(circuit.Tensors[layer.Output], ledger.Take(circuit.Tensors[layer.Output].Name), tables, steps, t);
            var (messages, claims) = protocols[i].Prove(tables, claim, t);
            steps.AddRange(messages);
            foreach (var c in claims) Add(ledger, c);
            progress?.Report(new ProverProgress(++done, total, layer.ToString(), clock.Elapsed));
        }
        var (rangeSteps, rangeClaims) = ranges.Prove(tables, t);
        steps.AddRange(rangeSteps);
        foreach (var c in rangeClaims) Add(ledger, c);
        progress?.Report(new ProverProgress(++done, total, $"range checks ({ranges.TableCount} tables, one tagged logUp)", clock.Elapsed));
        var opening = Open("weights", ledger.Weights, c => weights.MapPoint(c.Tensor, c.Point), weightData, steps, t);
        progress?.Report(new ProverProgress(++done, total, $"weight opening ({ledger.Weights.Count} claims, {weightData.Parameters.Scheme})", clock.Elapsed));
        var adviceOpening = adviceData is null ? [] : Open("advice", ledger.Advice, c => advice.MapPoint(c.Tensor, c.Point)!, adviceData, steps, t);
        progress?.Report(new ProverProgress(++done, total, $"advice opening ({ledger.Advice.Count} claims)", clock.Elapsed));
        return new InferenceProof(statement, model, adviceCommitment, steps, opening, adviceOpening);
    }

    /// <summary>The statement for <paramref name="witness"/>.</summary>
    public static ProofStatement Statement(InferenceCircuit circuit, CircuitWitness witness, byte[] modelDigest, WeightCommitment weights)
    {
        var output = circuit.Tensors[circuit.Output];
        int width = output.Maximum <= sbyte.MaxValue && output.Minimum >= sbyte.MinValue ? 1 : output.Maximum <= short.MaxValue && output.Minimum >= short.MinValue ? 2 : 4;
        return new ProofStatement(modelDigest, WeightCommitmentDigest(weights), circuit.Digest, [.. circuit.Tensors[circuit.Input].Shape], witness.Input,
            [.. output.Shape], witness.Output, width);
    }

    /// <summary>SHA-256 of the weight commitment's file form (what the statement binds).</summary>
    public static byte[] WeightCommitmentDigest(WeightCommitment weights) => System.Security.Cryptography.SHA256.HashData(weights.ToJsonBytes());

    private static EvaluationClaim Merge(CircuitTensor tensor, List<EvaluationClaim> claims, ProverTables tables, List<LayerMessages> steps, FiatShamir.Transcript t)
    {
        if (claims.Count == 0) throw new InvalidOperationException($"no claim reaches {tensor}; the circuit has a dead layer");
        if (claims.Count == 1) return claims[0];
        var r = ClaimBatching.Prove(tensor.Name, tables.Padded(tensor.Id), claims, t);
        steps.Add(new LayerMessages([r.Proof.Sumcheck], [r.Proof.Value]));
        return r.Claims[0];
    }

    /// <summary>
    /// Maps every claim to the committed polynomial, merges them into one claim (<see cref="ClaimBatching"/>, a step when
    /// there are several, and always under the conjectured profile, whose opening needs a fresh random point:
    /// <see cref="MultilinearPcs.OpenAtRandomPoint"/>) and opens the polynomial at that single point.
    /// </summary>
    private static byte[] Open(string name, List<EvaluationClaim> claims, Func<EvaluationClaim, GoldilocksExt2[]> map, PcsProverData data,
        List<LayerMessages> steps, FiatShamir.Transcript t)
    {
        if (claims.Count == 0) return [];
        var mapped = claims.Select(c => new EvaluationClaim(name, map(c), c.Value)).ToList();
        bool random = MultilinearPcs.UsesTensorProximity(data.Parameters);
        var merged = ClaimBatching.Prove(name, data.Values, mapped, t, reduceSingle: random);
        if (mapped.Count > 1 || random) steps.Add(new LayerMessages([merged.Proof.Sumcheck], [merged.Proof.Value]));
        var claim = merged.Claims[0];
        // A witness that disagrees with the committed values (never for an honest prover) still yields a proof; the
        // verifier's opening check rejects it.
        var proof = random ? MultilinearPcs.OpenAtRandomPoint(data, claim.Point, t).Proof : MultilinearPcs.Open(data, [claim.Point], t).Proof;
        return proof.ToBytes();
    }

    private static void Add(ClaimLedger ledger, EvaluationClaim claim)
    {
        if (!ledger.Add(claim, out var reason)) throw new InvalidOperationException("internal error: " + reason);
    }
}
