using Provenant.Proofs.Commitment;

namespace Provenant.Proofs.ProofFormat;

/// <summary>
/// A succinct proof of one inference: the statement, the commitment to the prover's advice (auxiliary witness values
/// such as requantization remainders and lookup multiplicities; absent when no layer needs any), one
/// <see cref="LayerMessages"/> per protocol step from the output back to the input, and the two PCS openings (weights
/// against the model's weight commitment, advice against the advice commitment). File layout: <see cref="ProofFile"/>.
/// </summary>
/// <param name="Statement">What is proven.</param>
/// <param name="Model">The model skeleton (<see cref="ModelSkeleton"/>): the public structure the verifier compiles the circuit from.</param>
/// <param name="AdviceCommitment">The advice commitment, or null.</param>
/// <param name="Steps">Messages per protocol step, in the order the verifier consumes them.</param>
/// <param name="WeightOpening">The weight opening proof bytes (<see cref="PcsOpeningProof.ToBytes"/>), empty when there are no weight claims.</param>
/// <param name="AdviceOpening">The advice opening proof bytes, empty without advice.</param>
public sealed record InferenceProof(ProofStatement Statement, byte[] Model, PcsCommitment? AdviceCommitment, IReadOnlyList<LayerMessages> Steps, byte[] WeightOpening, byte[] AdviceOpening);
