namespace Provenant.Proofs.Weights;

/// <summary>
/// The architecture a weight commitment is bound to: the circuit digest (<see cref="Circuit.InferenceCircuit.Digest"/>)
/// of the model compiled for <see cref="InputShape"/>. With it in the signed commitment, a verifier accepts only proofs
/// of that circuit, so the same weights cannot be claimed under another architecture (docs/proof-system.md §Binding).
/// </summary>
/// <param name="Digest">The 32-byte circuit digest.</param>
/// <param name="InputShape">The FLOAT input shape the circuit was compiled for (declared dimensions; unknown ones as 1).</param>
public sealed record CircuitBinding(byte[] Digest, int[] InputShape);
