using System.Security.Cryptography;
using System.Text;
using Provenant.Core.Hashing;

namespace Provenant.Training.Disputes;

/// <summary>
/// A claim that a training run (its configuration, hence data order, initialisation and hyper-parameters) went through
/// <see cref="Steps"/> steps whose operator traces hash to <see cref="RunRoot"/>: the RFC 9162 root over one leaf per
/// step (<see cref="TrainingOperator.StepLeafHash"/>), each over the root of that step's operator leaves, the first of
/// which is the checkpoint before the step and the last the checkpoint after it.
/// </summary>
/// <param name="ConfigDigest">The training configuration's digest (32 bytes).</param>
/// <param name="Steps">Steps claimed, ≥ 1.</param>
/// <param name="RunRoot">The run root (32 bytes).</param>
public sealed record TrainingClaim(byte[] ConfigDigest, long Steps, byte[] RunRoot)
{
    /// <summary>Canonical bytes: <c>"provenant-training-claim-v1" ‖ config digest ‖ u64 steps (decimal text) ‖ run root</c> as one line of text.</summary>
    public byte[] ToBytes() => Encoding.ASCII.GetBytes($"provenant-training-claim-v1 {Hex.Encode(ConfigDigest)} {Steps} {Hex.Encode(RunRoot)}\n");

    /// <summary>Whether two claims are about the same run: same configuration and number of steps.</summary>
    public bool SameRunAs(TrainingClaim other) => ConfigDigest.AsSpan().SequenceEqual(other.ConfigDigest) && Steps == other.Steps;

    /// <summary>The dispute identifier of a claim pair: SHA-256 of both canonical forms, claimant's first.</summary>
    public static byte[] DisputeId(TrainingClaim claim, TrainingClaim challenge) => SHA256.HashData([.. claim.ToBytes(), .. challenge.ToBytes()]);
}
