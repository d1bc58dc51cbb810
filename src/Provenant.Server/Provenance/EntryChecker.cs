using Provenant.Core.Collections;
using Provenant.Core.Errors;
using Provenant.Core.Merkle;
using Provenant.Ledger.Log;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Provenance;
using Provenant.Server.Log;
using Provenant.Signing.Dsse;

namespace Provenant.Server.Provenance;

/// <summary>
/// Verifies what the server holds for one log entry: the stored submission re-validates (DSSE signature under the
/// submitted key), it reproduces the logged entry byte for byte, the entry is included (RFC 9162 §2.1.3 proof) in the
/// tree of the latest published checkpoint, and that checkpoint is signed by the log's key. The first two results
/// are cached per index (entries are immutable); the last two are recomputed against the current checkpoint.
/// </summary>
public sealed class EntryChecker(TransparencyLog log, IProvenanceIndex index, Ed25519NoteVerifier logKey)
{
    /// <summary>Most per-entry results kept.</summary>
    public const int CacheEntries = 100_000;

    private readonly BoundedCache<ulong, Static> _cache = new(CacheEntries);
    private (ulong Size, VerificationCheck Check)? _checkpointCheck;

    /// <summary>The log the entries are in.</summary>
    public TransparencyLog Log => log;

    /// <summary>The index the submissions are read from.</summary>
    public IProvenanceIndex Index => index;

    /// <summary>The checks for entry <paramref name="entryIndex"/>, with its indexed record and DSSE envelope when they exist.</summary>
    public (IndexedEntry? Entry, DsseEnvelope? Envelope, IReadOnlyList<VerificationCheck> Checks) Check(ulong entryIndex)
    {
        var published = log.Published;
        var s = _cache.TryGet(entryIndex, out var cached) ? cached : Load(entryIndex);
        var checks = new List<VerificationCheck>(s.Checks);
        if (s.Stored is { } stored)
        {
            var leaf = Rfc9162.HashLeaf(stored);
            var size = published.Checkpoint.TreeSize;
            var proof = log.ProveInclusion(entryIndex, size);
            var v = InclusionProof.Verify(entryIndex, size, leaf, proof, published.Checkpoint.RootHash);
            checks.Add(new VerificationCheck("log.inclusion", v.IsValid, v.IsValid
                ? $"entry {entryIndex} is in the tree of size {size} (root {Convert.ToHexStringLower(published.Checkpoint.RootHash)}, {proof.Length} proof hashes)"
                : v.Reason));
            checks.Add(CheckpointCheck(published));
        }
        return (s.Entry, s.Envelope, checks);
    }

    private VerificationCheck CheckpointCheck(PublishedCheckpoint published)
    {
        if (_checkpointCheck is { } c && c.Size == published.Checkpoint.TreeSize) return c.Check;
        var v = SignedNote.Parse(published.Note, "published checkpoint").Verify([logKey]);
        var check = new VerificationCheck("log.checkpoint", v.IsValid, v.IsValid ? $"checkpoint of size {published.Checkpoint.TreeSize} signed by {logKey.Name}" : v.Result.Reason);
        _checkpointCheck = (published.Checkpoint.TreeSize, check);
        return check;
    }

    private Static Load(ulong entryIndex)
    {
        var stored = log.GetEntry(entryIndex);
        var entry = index.ReadIndexedEntry(entryIndex);
        var checks = new List<VerificationCheck>();
        DsseEnvelope? envelope = null;
        if (stored is null) checks.Add(new VerificationCheck("log.entry", false, $"entry {entryIndex} is not in the published log"));
        if (entry is null)
        {
            checks.Add(new VerificationCheck("submission.signature", false, $"no submission is stored for entry {entryIndex} (logged before the index existed: resubmit it)"));
        }
        else
        {
            try
            {
                (var body, envelope) = LogSubmission.Validate(entry.Submission);
                checks.Add(new VerificationCheck("submission.signature", true, "the stored submission's DSSE signature verifies under its key"));
                if (stored is not null)
                {
                    var same = body.AsSpan().SequenceEqual(stored);
                    checks.Add(new VerificationCheck("log.entry", same, same ? "the submission reproduces the logged dsse entry byte for byte" : "the logged entry differs from the one the stored submission gives"));
                }
            }
            catch (Exception e) when (e is ProvenantFormatException or SubmissionRejectedException)
            {
                checks.Add(new VerificationCheck("submission.signature", false, e.Message));
            }
        }
        var s = new Static(stored, entry, envelope, checks);
        if (stored is not null) _cache.Add(entryIndex, s);
        return s;
    }

    private sealed record Static(byte[]? Stored, IndexedEntry? Entry, DsseEnvelope? Envelope, IReadOnlyList<VerificationCheck> Checks);
}
