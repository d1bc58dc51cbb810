using Provenant.Proofs.Circuit;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// Reshape/Flatten/Identity: when the layouts agree the claim is renamed (no step); otherwise one wiring step from the
/// output layout to the input layout (same row-major order).
/// </summary>
internal sealed class ReshapeProtocol(ReshapeLayer layer, InferenceCircuit circuit) : LayerProtocol
{
    private readonly string _source = circuit.Tensors[layer.Inputs[0]].Name;
    private readonly Wiring _wiring = new(ProverTables.Layout(circuit.Tensors[layer.Output]), ProverTables.Layout(circuit.Tensors[layer.Inputs[0]]),
        Enumerable.Range(0, layer.Length).ToArray(), 0);

    public override (IReadOnlyList<LayerMessages>, IReadOnlyList<EvaluationClaim>) Prove(ProverTables tables, EvaluationClaim output, Transcript transcript)
    {
        if (layer.IsRelabel) return ([], [output with { Tensor = _source }]);
        var r = WiringGadget.Prove(_wiring, _source, tables.Padded(layer.Inputs[0]), output, transcript);
        return ([WiringMessages.ToMessages(r.Proof)], r.Claims);
    }

    public override ClaimReduction Verify(EvaluationClaim output, StepQueue steps, Transcript transcript)
    {
        if (layer.IsRelabel) return ClaimReduction.Reduced(output with { Tensor = _source });
        var m = steps.Take(1, 1, $"Reshape {layer.Node}", out var reason);
        return m is null ? ClaimReduction.Rejected(reason) : WiringGadget.Verify(_wiring, _source, output, WiringMessages.FromMessages(m), transcript);
    }
}
