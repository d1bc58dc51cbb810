using Provenant.Core;
using Provenant.Inference.Graph;
using Provenant.Proofs.Circuit;
using Provenant.Proofs.Commitment;
using Provenant.Proofs.ProofFormat;
using Provenant.Proofs.Prover;
using Provenant.Proofs.Verifier;
using Provenant.Proofs.Weights;

namespace Provenant.Proofs.Tests.Prover;

/// <summary>A compiled model with its weight commitment: proves an input and verifies proofs (through the file encoding).</summary>
internal sealed class ProofHarness
{
    public ProofHarness(ModelGraph graph, int[] inputShape)
    {
        Graph = graph;
        Circuit = CircuitCompiler.Compile(graph, inputShape);
        (Weights, WeightData) = WeightCommitment.Commit(graph, "model.q.onnx");
    }

    public ModelGraph Graph { get; }

    public InferenceCircuit Circuit { get; }

    public WeightCommitment Weights { get; }

    public PcsProverData WeightData { get; }

    public static byte[] ModelDigest { get; } = System.Security.Cryptography.SHA256.HashData("test model"u8);

    public CircuitWitness Witness(float[] input) => Circuit.Evaluate(Circuit.QuantizeInput(input));

    public byte[] Prove(CircuitWitness witness) => ProofFile.ToBytes(InferenceProver.Prove(witness, ModelDigest, Weights, WeightData));

    public VerificationResult Verify(byte[] proof) => Verify(proof, Weights);

    public VerificationResult Verify(byte[] proof, WeightCommitment weights) =>
        ProofFile.TryParse(proof, out var p, out var reason) ? InferenceVerifier.Verify(Circuit, p!, weights) : VerificationResult.Rejected(reason);
}
