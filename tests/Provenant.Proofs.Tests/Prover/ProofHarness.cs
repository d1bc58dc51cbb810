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
    public ProofHarness(ModelGraph graph, int[] inputShape, PcsSecurityProfile profile = PcsParameters.DefaultProfile)
    {
        Graph = graph;
        Circuit = CircuitCompiler.Compile(graph, inputShape);
        (Weights, WeightData) = WeightCommitment.Commit(graph, "model.q.onnx", profile);
    }

    public ModelGraph Graph { get; }

    public InferenceCircuit Circuit { get; }

    public WeightCommitment Weights { get; }

    public PcsProverData WeightData { get; }

    public static byte[] ModelDigest { get; } = System.Security.Cryptography.SHA256.HashData("test model"u8);

    public CircuitWitness Witness(float[] input) => Circuit.Evaluate(Circuit.QuantizeInput(input));

    /// <summary>The skeleton embedded in proofs (empty unless <see cref="WithSkeleton"/> set it).</summary>
    public byte[] Skeleton { get; private set; } = [];

    /// <summary>Embeds the skeleton of <paramref name="model"/> in every proof.</summary>
    public ProofHarness WithSkeleton(byte[] model)
    {
        Skeleton = ModelSkeleton.Strip(Formats.Onnx.OnnxModelReader.Parse(model, "model.q.onnx"), Weights.Layout);
        return this;
    }

    public byte[] Prove(CircuitWitness witness, Action<string, Provenant.Proofs.Field.Goldilocks[]>? tamper = null) =>
        ProofFile.ToBytes(InferenceProver.Prove(witness, ModelDigest, Weights, WeightData, Skeleton, null, tamper, default));

    /// <summary>A copy of <paramref name="witness"/> with one element of tensor <paramref name="tensor"/> changed by ±1.</summary>
    public CircuitWitness Tampered(CircuitWitness witness, int tensor, int element)
    {
        var values = witness.Values.Select(v => (long[])v.Clone()).ToArray();
        var t = Circuit.Tensors[tensor];
        values[tensor][element] += values[tensor][element] < t.Maximum ? 1 : -1;
        return new CircuitWitness(Circuit, values);
    }

    /// <summary>
    /// A witness computed consistently with one weight element changed by ±1 (every later tensor recomputed), i.e. a prover
    /// that runs another model than the committed one.
    /// </summary>
    public CircuitWitness WithChangedWeight(CircuitWitness witness, int tensor, int element)
    {
        var values = Tampered(witness, tensor, element).Values.ToArray();
        foreach (var layer in Circuit.Layers) values[layer.Output] = layer.Evaluate(values);
        return new CircuitWitness(Circuit, values);
    }

    /// <summary>
    /// Flips one random bit of <paramref name="proof"/> in each of <paramref name="count"/> copies; every copy must be
    /// rejected with a reason, and verification must not throw.
    /// </summary>
    public void AssertFlippedBytesRejected(byte[] proof, int seed, int count)
    {
        var rng = new Random(seed);
        for (int k = 0; k < count; k++)
        {
            var copy = (byte[])proof.Clone();
            int i = rng.Next(copy.Length);
            copy[i] ^= (byte)(1 << rng.Next(8));
            var result = VerifyFile(copy);
            Assert.False(result.IsValid, $"flipping byte {i} was accepted");
            Assert.False(string.IsNullOrEmpty(result.Reason));
        }
    }

    /// <summary>Verifies a proof file the way <c>verify-proof</c> does (circuit rebuilt from the embedded skeleton).</summary>
    public VerificationResult VerifyFile(byte[] proof) => ProofFileVerifier.Verify(proof, Weights).Result;

    public VerificationResult Verify(byte[] proof) => Verify(proof, Weights);

    public VerificationResult Verify(byte[] proof, WeightCommitment weights) =>
        ProofFile.TryParse(proof, out var p, out var reason) ? InferenceVerifier.Verify(Circuit, p!, weights) : VerificationResult.Rejected(reason);
}
