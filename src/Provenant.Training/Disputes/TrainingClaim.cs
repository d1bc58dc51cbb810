using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Proofs.Disputes;

namespace Provenant.Training.Disputes;

/// <summary>
/// A claim that the training run a training log commits to (docs/training.md §Training log: its commitment fixes the
/// dataset, the configuration and the nonce, hence data order and initialisation) went through <see cref="Steps"/>
/// steps whose operator traces hash to <see cref="RunRoot"/>: the RFC 9162 root over one leaf per step
/// (<see cref="TrainingOperator.StepLeafHash"/>), each over the root of that step's operator leaves, the first of which
/// is the checkpoint before the step and the last the checkpoint after it. It is the in-toto Statement v1 payload that
/// <c>provenant claim-training</c> signs (docs/disputes.md §Training claims):
/// <code>
/// {"_type":"https://in-toto.io/Statement/v1",
///  "predicate":{"log":{"commitment":HEX,"configDigest":HEX},
///               "trace":{"format":"provenant-training-op-v1","root":HEX,"steps":N}},
///  "predicateType":"https://provenant.dev/training-claim/v1",
///  "subject":[{"digest":{"sha256":LOG_ROOT},"name":"training.log"}]}
/// </code>
/// The subject digest is the training log's RFC 9162 root (a Merkle root, not a file hash, as in the run's SLSA
/// provenance). Canonical JSON (RFC 8785), no trailing newline; <see cref="Parse"/> accepts nothing else.
/// </summary>
/// <param name="LogRoot">The training log's root (32 bytes).</param>
/// <param name="Commitment">The log's genesis commitment H(dataset root ‖ config digest ‖ nonce) (32 bytes): which run.</param>
/// <param name="ConfigDigest">The training configuration's digest (32 bytes).</param>
/// <param name="Steps">Steps claimed (the first <see cref="Steps"/> of the run), 1 to 2^31 − 1.</param>
/// <param name="RunRoot">The run root over the operator traces (32 bytes).</param>
public sealed record TrainingClaim(byte[] LogRoot, byte[] Commitment, byte[] ConfigDigest, long Steps, byte[] RunRoot)
{
    /// <summary>The statement's predicate type.</summary>
    public const string PredicateType = "https://provenant.dev/training-claim/v1";

    /// <summary>The subject name: the log file the subject digest is the root of.</summary>
    public const string SubjectName = "training.log";

    /// <summary>Largest statement accepted (64 KiB; a claim is about 500 bytes).</summary>
    public const int MaxBytes = 64 << 10;

    /// <summary>The canonical statement bytes (what is signed).</summary>
    public byte[] ToStatementBytes() => DisputeJson.Statement(SubjectName, LogRoot, PredicateType, new JsonObject
    {
        ["log"] = new JsonObject { ["commitment"] = Hex.Encode(Commitment), ["configDigest"] = Hex.Encode(ConfigDigest) },
        ["trace"] = new JsonObject { ["format"] = TrainingOperator.Tag, ["root"] = Hex.Encode(RunRoot), ["steps"] = Steps },
    });

    /// <summary>Parses a statement strictly (see the type remarks).</summary>
    /// <param name="bytes">Statement bytes (a DSSE payload).</param>
    /// <param name="source">Names the statement in messages.</param>
    /// <exception cref="ProvenantFormatException">Not canonical, a field missing, extra, of the wrong type or out of range, or another predicate type.</exception>
    public static TrainingClaim Parse(ReadOnlySpan<byte> bytes, string source = "training claim")
    {
        var (name, logRoot, p) = DisputeJson.Statement(bytes, source, MaxBytes, PredicateType);
        if (name != SubjectName) throw new ProvenantFormatException(source, "subject[0].name", $"\"{SubjectName}\"", $"\"{name}\"");
        DisputeJson.AllowOnly(p, source, "predicate.", "log", "trace");
        var log = DisputeJson.Object(p, "log", source, "predicate.");
        DisputeJson.AllowOnly(log, source, "predicate.log.", "commitment", "configDigest");
        var trace = DisputeJson.Object(p, "trace", source, "predicate.");
        DisputeJson.AllowOnly(trace, source, "predicate.trace.", "format", "root", "steps");
        DisputeJson.Expect(trace["format"], TrainingOperator.Tag, source, "predicate.trace.format");
        var steps = DisputeJson.Integer(trace["steps"], source, "predicate.trace.steps", int.MaxValue);
        if (steps == 0) throw new ProvenantFormatException(source, "predicate.trace.steps", "at least 1 step", "0");
        return new TrainingClaim(
            logRoot,
            DisputeJson.Hash(log["commitment"], source, "predicate.log.commitment"),
            DisputeJson.Hash(log["configDigest"], source, "predicate.log.configDigest"),
            steps,
            DisputeJson.Hash(trace["root"], source, "predicate.trace.root"));
    }

    /// <summary>Whether two claims are about the same run: same commitment, configuration and number of steps.</summary>
    public bool SameRunAs(TrainingClaim other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Commitment.AsSpan().SequenceEqual(other.Commitment) && ConfigDigest.AsSpan().SequenceEqual(other.ConfigDigest) && Steps == other.Steps;
    }

    /// <summary>The dispute identifier of an unsigned claim pair: SHA-256 over both statements, length-prefixed, claimant's first (<see cref="DisputeSetup.IdOf"/>).</summary>
    public static byte[] DisputeId(TrainingClaim claim, TrainingClaim challenge)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(challenge);
        return DisputeSetup.IdOf(claim.ToStatementBytes(), challenge.ToStatementBytes());
    }
}
