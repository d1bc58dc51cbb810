using Provenant.Proofs.Circuit;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// The parts of the inference protocol the prover and the verifier share (docs/proof-system.md §Protocol): the
/// transcript's opening (domain, statement, weight commitment), the output claim, and the routing of claims to tensors.
/// </summary>
internal static class ProofProtocol
{
    public const string Domain = "provenant/inference-proof/v2";

    /// <summary>Starts the transcript and absorbs the statement, the model skeleton and the weight commitment, before anything else.</summary>
    public static Transcript Start(ProofStatement statement, byte[] model, Weights.WeightCommitment weights)
    {
        var t = new Transcript(Domain);
        t.Absorb("statement", statement.ToBytes());
        t.Absorb("model-skeleton", model);
        weights.AbsorbInto(t);
        return t;
    }

    /// <summary>The output claim: a random point and the output MLE there (both sides compute it from the public output).</summary>
    public static EvaluationClaim OutputClaim(InferenceCircuit circuit, ReadOnlySpan<long> output, Transcript t)
    {
        var tensor = circuit.Tensors[circuit.Output];
        var point = t.ChallengeExtVector("output/point", tensor.VariableCount);
        return new EvaluationClaim(tensor.Name, point, Evaluate(tensor, output, point));
    }

    /// <summary>The MLE of a public tensor (input or output) at a point, in its per-axis padded layout.</summary>
    public static GoldilocksExt2 Evaluate(CircuitTensor tensor, ReadOnlySpan<long> values, GoldilocksExt2[] point)
    {
        var table = ProverTables.Layout(tensor).Pad(values);
        return MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(table, point, static x => x);
    }

    /// <summary>The advice layout of all layers (in layer order) and which protocol owns each advice tensor.</summary>
    public static (AdviceLayout Layout, Dictionary<string, LayerProtocol> Owners, RangeChecks RangeChecks) Advice(IReadOnlyList<LayerProtocol> protocols)
    {
        var owners = new Dictionary<string, LayerProtocol>(StringComparer.Ordinal);
        foreach (var p in protocols)
        {
            foreach (var a in p.Advice) owners[a.Name] = p;
        }
        var ranges = new RangeChecks(protocols);
        return (new AdviceLayout(protocols.SelectMany(p => p.Advice).Concat(ranges.Advice)), owners, ranges);
    }

    /// <summary>A protocol per layer, or the first layer that is not provable yet.</summary>
    public static (LayerProtocol[]? Protocols, CircuitLayer? Unsupported) Protocols(InferenceCircuit circuit)
    {
        var list = new LayerProtocol[circuit.Layers.Count];
        for (int i = 0; i < list.Length; i++)
        {
            var p = LayerProtocol.For(circuit.Layers[i], circuit);
            if (p is null) return (null, circuit.Layers[i]);
            list[i] = p;
        }
        return (list, null);
    }
}
