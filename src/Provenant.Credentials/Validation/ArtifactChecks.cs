using System.Security.Cryptography;
using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Credentials.Manifest;

namespace Provenant.Credentials.Validation;

/// <summary>Compares the Provenant assertion's artifact digests with artifact files the verifier was given.</summary>
public static class ArtifactChecks
{
    private const long MaxArtifactBytes = 1L << 30;

    /// <summary>One check per artifact path given in <paramref name="options"/> (none when no path was given).</summary>
    /// <exception cref="ProvenantException">A given artifact file cannot be read.</exception>
    public static IEnumerable<StatusCheck> Compare(ProvenanceAssertion assertion, VerifyOptions options)
    {
        if (options.ModelStatementPath is { } model)
        {
            yield return Check("model statement", assertion.ModelStatement, model);
            if (assertion.LogEntry is { } recorded) yield return CheckLogEntry(recorded, model);
        }
        if (options.InferenceProofPath is { } proof)
        {
            yield return assertion.InferenceProof is null
                ? new StatusCheck(StatusCodes.ProvenanceMismatch, false, "a proof was given but the credential names none")
                : Check("inference proof", assertion.InferenceProof, proof);
        }
    }

    /// <summary>Compares the recorded log entry with the model statement bundle's first tlog entry (index and checkpoint
    /// text). This ties the credential to the bundle's log record; the inclusion proof itself is verified by
    /// <c>provenant verify-statement</c> / the Ledger, not here.</summary>
    private static StatusCheck CheckLogEntry(LogEntryReference recorded, string bundlePath)
    {
        var entries = Signing.Sigstore.SigstoreBundle.ReadFile(bundlePath).Material.TlogEntries;
        if (entries.Count == 0) return new StatusCheck(StatusCodes.LogEntryMismatch, false, $"the credential names log entry {recorded.Index} but {bundlePath} carries no tlog entry");
        var actual = LogEntryJson.Parse(entries[0], bundlePath + " tlogEntries[0]");
        return actual.Index == recorded.Index && actual.Checkpoint == recorded.Checkpoint
            ? new StatusCheck(StatusCodes.LogEntryMatch, true, $"log entry {recorded.Index} and its checkpoint match {bundlePath}")
            : new StatusCheck(StatusCodes.LogEntryMismatch, false, $"the credential names log entry {recorded.Index}, {bundlePath} records entry {actual.Index}{(actual.Checkpoint == recorded.Checkpoint ? "" : " under another checkpoint")}");
    }

    /// <summary>The digest of a file as the assertion records it.</summary>
    public static ArtifactDigest Digest(string path, string what) =>
        new(Path.GetFileName(path), "sha256", SHA256.HashData(BoundedFile.ReadAll(path, what, MaxArtifactBytes)));

    private static StatusCheck Check(string what, ArtifactDigest recorded, string path)
    {
        var actual = C2paHash.Compute(recorded.Alg, BoundedFile.ReadAll(path, what, MaxArtifactBytes));
        if (actual is null) return new StatusCheck(StatusCodes.AlgorithmUnsupported, false, $"{what} digest algorithm '{recorded.Alg}'");
        return actual.AsSpan().SequenceEqual(recorded.Hash)
            ? new StatusCheck(StatusCodes.ProvenanceMatch, true, $"{what} {path} matches the recorded {recorded.Alg} digest")
            : new StatusCheck(StatusCodes.ProvenanceMismatch, false, $"{what} {path} has {recorded.Alg} {Convert.ToHexStringLower(actual)}, the credential records {Convert.ToHexStringLower(recorded.Hash)} ({recorded.Name})");
    }
}
