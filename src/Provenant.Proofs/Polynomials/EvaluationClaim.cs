using Provenant.Proofs.Field;

namespace Provenant.Proofs.Polynomials;

/// <summary>
/// A claim "the multilinear extension of tensor <see cref="Tensor"/> takes value <see cref="Value"/> at
/// <see cref="Point"/>": what every layer gadget reduces an output claim to, and what the polynomial commitment
/// (weights, advice) or the verifier itself (public input and output) finally checks.
/// </summary>
/// <param name="Tensor">The tensor's name in the circuit (e.g. an ONNX value name, or "name/remainder-limb-0" for advice).</param>
/// <param name="Point">The point, one coordinate per variable; variable i is bit i of the (padded) index
/// (<see cref="MultilinearExtension"/>; for a tensor the last axis occupies the lowest variables, see
/// <c>Provenant.Proofs.Layers.TensorLayout</c>).</param>
/// <param name="Value">The claimed value f̃(point).</param>
public sealed record EvaluationClaim(string Tensor, GoldilocksExt2[] Point, GoldilocksExt2 Value)
{
    /// <summary>Number of variables of the point.</summary>
    public int VariableCount => Point.Length;

    /// <inheritdoc />
    public override string ToString() => $"{Tensor}~({Point.Length} vars) = {Value}";
}
