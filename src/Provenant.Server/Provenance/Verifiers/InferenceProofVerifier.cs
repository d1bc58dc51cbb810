using System.Text.Json;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Proofs.ProofFormat;
using Provenant.Proofs.Verifier;
using Provenant.Proofs.Weights;

namespace Provenant.Server.Provenance.Verifiers;

/// <summary>
/// <c>inference-proof</c>: a succinct proof of inference (<c>provenant prove</c>, docs/proof-system.md),
/// <c>{"proof": base64, "weightCommitment": base64 of the commitment file (<c>provenant commit-weights</c>),
/// "circuitDigest": hex?}</c>. Runs <see cref="ProofFileVerifier"/> as <c>verify-proof</c> does: the proof is checked
/// against the weight commitment only (the verifier never sees the weights) and reports the proven model, circuit
/// and output digests.
/// </summary>
public sealed class InferenceProofVerifier : IArtifactVerifier
{
    /// <summary>Largest accepted proof (bytes, before base64).</summary>
    public const int MaxProofBytes = 8 << 20;

    /// <inheritdoc />
    public string Kind => "inference-proof";

    /// <inheritdoc />
    public string Description => "succinct inference proof: {\"proof\": base64, \"weightCommitment\": base64 commitment file, \"circuitDigest\": hex (optional)}";

    /// <inheritdoc />
    public VerificationReport Verify(JsonElement request, CancellationToken cancellationToken)
    {
        var checks = new List<VerificationCheck>();
        var proof = RequestFields.Base64(request, "proof", checks);
        var commitmentBytes = RequestFields.Base64(request, "weightCommitment", checks);
        if (proof is null || commitmentBytes is null)
        {
            if (proof is null && checks.Count == 0) checks.Add(new VerificationCheck("request.proof", false, "expected \"proof\": the proof file, base64"));
            if (commitmentBytes is null && checks.Count == 0) checks.Add(new VerificationCheck("request.weightCommitment", false, "expected \"weightCommitment\": the weight commitment file, base64"));
            return new VerificationReport(Kind, checks);
        }
        byte[]? circuit = null;
        if (RequestFields.String(request, "circuitDigest") is { } hex)
        {
            if (!Hex.TryDecode(hex, out var d) || d.Length != 32)
            {
                checks.Add(new VerificationCheck("request.circuitDigest", false, "expected 64 hex digits"));
                return new VerificationReport(Kind, checks);
            }
            circuit = d;
        }
        checks.AddRange(Check(proof, commitmentBytes, circuit).Checks);
        return new VerificationReport(Kind, checks);
    }

    /// <summary>
    /// Verifies <paramref name="proof"/> against the weight commitment file <paramref name="commitmentFile"/> (and the
    /// circuit digest when given): the checks, and the verified proof (null unless valid).
    /// </summary>
    public static (InferenceProof? Proof, WeightCommitment? Weights, IReadOnlyList<VerificationCheck> Checks) Check(byte[] proof, byte[] commitmentFile, byte[]? circuit = null)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(commitmentFile);
        var checks = new List<VerificationCheck>();
        if (proof.Length > MaxProofBytes)
        {
            checks.Add(new VerificationCheck("request.proof", false, $"the proof has {proof.Length} bytes, more than {MaxProofBytes}"));
            return (null, null, checks);
        }
        WeightCommitment weights;
        try
        {
            weights = WeightCommitment.Parse(commitmentFile, "weightCommitment");
        }
        catch (ProvenantException e)
        {
            checks.Add(new VerificationCheck("weights.commitment", false, e.Message));
            return (null, null, checks);
        }
        checks.Add(new VerificationCheck("weights.commitment", true, $"weight commitment root {weights.RootHex}"));
        var outcome = ProofFileVerifier.Verify(proof, weights, circuit);
        checks.Add(new VerificationCheck("proof.verified", outcome.Result.IsValid, outcome.Result.Reason ?? (outcome.Result.IsValid ? "valid" : "invalid")));
        if (!outcome.Result.IsValid || outcome.Proof is not { } p) return (null, weights, checks);
        checks.Add(new VerificationCheck("proof.statement", true,
            $"model sha256 {Hex.Encode(p.Statement.ModelDigest)}, circuit {Hex.Encode(p.Statement.CircuitDigest)}, output [{string.Join(",", p.Statement.OutputShape)}]"));
        return (p, weights, checks);
    }
}
