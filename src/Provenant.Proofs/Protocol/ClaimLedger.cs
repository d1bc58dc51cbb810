using Provenant.Proofs.Circuit;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// Claims collected per tensor while walking the layers from the output back: activation claims wait for their
/// producing layer, input claims for the verifier's direct check, weight claims for the PCS opening.
/// </summary>
internal sealed class ClaimLedger(InferenceCircuit circuit, AdviceLayout advice)
{
    private readonly Dictionary<string, List<EvaluationClaim>> _pending = new(StringComparer.Ordinal);

    public List<EvaluationClaim> Input { get; } = [];

    public List<EvaluationClaim> Weights { get; } = [];

    public List<EvaluationClaim> Advice { get; } = [];

    /// <summary>Files a claim by its tensor's role; false with a reason when it names no circuit tensor or has the wrong arity.</summary>
    public bool Add(EvaluationClaim claim, out string reason)
    {
        reason = "";
        if (advice.Contains(claim.Tensor))
        {
            if (claim.Point.Length != advice.VariablesOf(claim.Tensor))
            {
                reason = $"a claim on advice '{claim.Tensor}' has {claim.Point.Length} coordinates, expected {advice.VariablesOf(claim.Tensor)}";
                return false;
            }
            Advice.Add(claim);
            return true;
        }
        CircuitTensor tensor;
        try
        {
            tensor = circuit.TensorNamed(claim.Tensor);
        }
        catch (KeyNotFoundException)
        {
            reason = $"a claim names '{claim.Tensor}', which is not a tensor of the circuit";
            return false;
        }
        if (claim.Point.Length != tensor.VariableCount)
        {
            reason = $"a claim on {tensor} has {claim.Point.Length} coordinates, expected {tensor.VariableCount}";
            return false;
        }
        switch (tensor.Role)
        {
            case CircuitTensorRole.Input: Input.Add(claim); break;
            case CircuitTensorRole.Weight: Weights.Add(claim); break;
            default:
                if (!_pending.TryGetValue(claim.Tensor, out var list)) _pending[claim.Tensor] = list = [];
                list.Add(claim);
                break;
        }
        return true;
    }

    /// <summary>Removes and returns the claims waiting on <paramref name="tensor"/>.</summary>
    public List<EvaluationClaim> Take(string tensor)
    {
        if (!_pending.Remove(tensor, out var list)) list = [];
        return list;
    }

    /// <summary>Names of activations that still have claims (none once every layer is processed).</summary>
    public IEnumerable<string> Unresolved => _pending.Keys;
}
