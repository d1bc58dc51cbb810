using Provenant.Core;
using Provenant.Proofs.Circuit;
using Provenant.Proofs.ProofFormat;
using Provenant.Proofs.Weights;

namespace Provenant.Proofs.Verifier;

/// <summary>
/// Verifies a proof file with nothing but the model's weight commitment: parses the file (bounded, rejecting garbage),
/// restores the model skeleton it carries with zero weights of the committed shapes, compiles the circuit at the
/// statement's input shape (shape-only, <see cref="CircuitCompiler.CompileSkeleton"/>, when the weight commitment's
/// circuit binding or an expected digest pins it; else through the engine, <see cref="CircuitCompiler.Compile"/>),
/// requires its digest to equal the statement's (and the expected circuit digest when one is given), then runs
/// <see cref="InferenceVerifier"/>. Never throws on a hostile file.
/// </summary>
public static class ProofFileVerifier
{
    /// <summary>The outcome, with the parsed proof and the rebuilt circuit when they could be obtained.</summary>
    /// <param name="Result">Valid, or rejected with the reason.</param>
    /// <param name="Proof">The parsed proof, or null when the file did not parse.</param>
    /// <param name="Circuit">The circuit rebuilt from the skeleton, or null.</param>
    public sealed record Outcome(VerificationResult Result, InferenceProof? Proof, InferenceCircuit? Circuit);

    /// <summary>Verifies <paramref name="file"/> against <paramref name="weights"/>.</summary>
    public static Outcome Verify(ReadOnlySpan<byte> file, WeightCommitment weights, byte[]? expectedCircuitDigest = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!ProofFile.TryParse(file, out var proof, out var reason)) return new Outcome(VerificationResult.Rejected(reason), null, null);
        InferenceCircuit circuit;
        try
        {
            var graph = ModelSkeleton.Restore(proof!.Model, weights.Layout, "proof model skeleton");
            // With the digest pinned (checked below), the shape-only compile is enough and does not grow with the
            // parameter count; otherwise the engine validates the skeleton's parameters as the prover's compile did.
            var pinned = expectedCircuitDigest is not null
                || (weights.Circuit is { } binding && binding.InputShape.AsSpan().SequenceEqual(proof.Statement.InputShape));
            circuit = pinned ? CircuitCompiler.CompileSkeleton(graph, proof.Statement.InputShape) : CircuitCompiler.Compile(graph, proof.Statement.InputShape);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new Outcome(VerificationResult.Rejected($"proof rejected: the model skeleton does not compile ({e.Message})"), proof, null);
        }
        if (expectedCircuitDigest is not null && !expectedCircuitDigest.AsSpan().SequenceEqual(circuit.Digest))
            return new Outcome(VerificationResult.Rejected("proof rejected: the circuit digest differs from the one expected"), proof, circuit);
        if (weights.Circuit is { } bound)
        {
            if (!bound.InputShape.AsSpan().SequenceEqual(proof.Statement.InputShape))
                return new Outcome(VerificationResult.Rejected($"proof rejected: the weight commitment binds the circuit for input shape [{string.Join(",", bound.InputShape)}], the proof is for [{string.Join(",", proof.Statement.InputShape)}]"), proof, circuit);
            if (!bound.Digest.AsSpan().SequenceEqual(circuit.Digest))
                return new Outcome(VerificationResult.Rejected("proof rejected: the proof's circuit is not the one the weight commitment is bound to (another architecture)"), proof, circuit);
        }
        return new Outcome(InferenceVerifier.Verify(circuit, proof, weights), proof, circuit);
    }
}
