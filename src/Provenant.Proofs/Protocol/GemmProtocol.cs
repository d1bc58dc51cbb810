using Provenant.Proofs.Circuit;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// QGemm through <see cref="MatMulGadget"/>: Y [rows, N] = (A − z)·Bᵀ + bias with B stored [N, K]. One step: the
/// matmul sumcheck and the values (bias̃, Ã, B̃); claims on A, B and the bias.
/// </summary>
internal sealed class GemmProtocol(GemmLayer layer, InferenceCircuit circuit) : LayerProtocol
{
    private readonly MatMulStatement _statement = new(
        circuit.Tensors[layer.Inputs[0]].Name, circuit.Tensors[layer.Weight].Name, layer.Bias >= 0 ? circuit.Tensors[layer.Bias].Name : null,
        layer.Rows, layer.Depth, layer.Columns, WeightsTransposed: true, AZeroPoint: layer.ZeroPoint);

    public override (IReadOnlyList<LayerMessages>, IReadOnlyList<EvaluationClaim>) Prove(ProverTables tables, EvaluationClaim output, Transcript transcript)
    {
        var bias = layer.Bias >= 0 ? tables.Field(layer.Bias) : [];
        var r = MatMulGadget.Prove(_statement, tables.Field(layer.Inputs[0]), tables.Field(layer.Weight), bias, output, transcript);
        return ([MatMulMessages.ToMessages(r.Proof)], r.Claims);
    }

    public override ClaimReduction Verify(EvaluationClaim output, StepQueue steps, Transcript transcript)
    {
        var m = steps.Take(1, 3, $"Gemm {layer.Node}", out var reason);
        return m is null ? ClaimReduction.Rejected(reason) : MatMulGadget.Verify(_statement, output, MatMulMessages.FromMessages(m), transcript);
    }
}
