using Provenant.Proofs.Circuit;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// How one circuit layer is proven: the prover turns the claim on the layer's output into messages and claims on its
/// inputs (activations, the input, weights); the verifier repeats the reduction from the messages. Both sides call
/// the gadgets with the same tensor names and transcript steps (docs/proof-system.md §Layers).
/// </summary>
internal abstract class LayerProtocol
{
    /// <summary>Messages of the steps of this layer, in order, and the claims left (empty messages list for a pure relabel).</summary>
    public abstract (IReadOnlyList<LayerMessages> Steps, IReadOnlyList<EvaluationClaim> Claims) Prove(ProverTables tables, EvaluationClaim output, Transcript transcript);

    /// <summary>
    /// Verifies the layer from its messages (taken in order from <paramref name="steps"/>); on success the claims left.
    /// Never throws on malformed messages.
    /// </summary>
    public abstract ClaimReduction Verify(EvaluationClaim output, StepQueue steps, Transcript transcript);

    /// <summary>Advice tensors this layer needs committed before the proof starts (none by default).</summary>
    public virtual IReadOnlyList<AdviceTensor> Advice => [];

    /// <summary>
    /// Range checks this layer relies on (each an advice tensor of this layer in a range table); the proof proves them
    /// for all layers together, one logUp per table (<see cref="RangeChecks"/>).
    /// </summary>
    public virtual IReadOnlyList<(Lookups.LookupTable Table, Lookups.LookupInput Input)> RangeChecks => [];

    /// <summary>The padded values of one of this layer's <see cref="Advice"/> tensors.</summary>
    public virtual Field.Goldilocks[] AdviceValues(ProverTables tables, AdviceTensor advice) =>
        throw new InvalidOperationException($"{advice.Name}: this layer has no advice");

    /// <summary>The protocol for <paramref name="layer"/>, or null when the layer kind is not provable yet.</summary>
    public static LayerProtocol? For(CircuitLayer layer, InferenceCircuit circuit) => layer switch
    {
        GemmLayer g => new GemmProtocol(g, circuit),
        ConvLayer c => new ConvProtocol(c, circuit),
        ReshapeLayer r => new ReshapeProtocol(r, circuit),
        LookupLayer l => new LookupProtocol(l, circuit),
        RequantizeLayer q => new RequantizeProtocol(q, circuit),
        PoolLayer p => p.IsMax ? (LayerProtocol?)MaxPoolProtocol.Create(p, circuit) ?? new WindowMaxProtocol(p, circuit) : AveragePoolProtocol.Create(p, circuit),
        AddLayer a => AddProtocol.Create(a, circuit),
        SoftmaxLayer s => SoftmaxProtocol.Create(s, circuit),
        LayerNormLayer n => LayerNormProtocol.Create(n, circuit),
        _ => null,
    };
}
