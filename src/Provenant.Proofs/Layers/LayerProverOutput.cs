using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Layers;

/// <summary>What a layer prover returns: its proof and the claims the verifier will be left with (the same list
/// the verifier derives, so the caller can carry on proving the next layer down).</summary>
/// <typeparam name="TProof">The gadget's proof type.</typeparam>
/// <param name="Proof">The messages for the verifier.</param>
/// <param name="Claims">The claims on inputs, weights and advice.</param>
public sealed record LayerProverOutput<TProof>(TProof Proof, IReadOnlyList<EvaluationClaim> Claims);
