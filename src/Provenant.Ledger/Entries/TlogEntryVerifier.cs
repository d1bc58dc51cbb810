using Provenant.Core;
using Provenant.Core.Errors;
using Provenant.Core.Merkle;
using Provenant.Ledger.Checkpoints;
using Provenant.Ledger.Notes;

namespace Provenant.Ledger.Entries;

/// <summary>
/// Offline verification of a bundle's tlog entry: the logged body is the expected one, the checkpoint is signed by
/// the log (and cosigned by at least <c>quorum</c> of the trusted witnesses), and the inclusion proof leads from the
/// body's leaf hash to the checkpoint's root. Never throws on hostile input.
/// </summary>
public static class TlogEntryVerifier
{
    /// <summary>Verifies <paramref name="entry"/>.</summary>
    /// <param name="entry">The bundle's tlog entry.</param>
    /// <param name="expectedBody">The entry bytes recomputed from the bundle being verified (<see cref="DsseLogEntry.Body"/>).</param>
    /// <param name="logKey">The log's trusted Ed25519 note key.</param>
    /// <param name="witnesses">Trusted witness cosigner keys.</param>
    /// <param name="quorum">How many distinct trusted witnesses must have cosigned.</param>
    public static VerificationResult Verify(BundleTlogEntry entry, byte[] expectedBody, Ed25519NoteVerifier logKey, IReadOnlyList<INoteVerifier> witnesses, int quorum)
    {
        if (!entry.CanonicalizedBody.AsSpan().SequenceEqual(expectedBody)) return VerificationResult.Rejected("the logged entry does not match this signature (canonicalizedBody differs)");
        if (!entry.LogId.AsSpan().SequenceEqual(BundleTlogEntry.LogIdFor(logKey.PublicKey))) return VerificationResult.Rejected("the entry names a different log (logId does not match the log key)");
        SignedNote note;
        Checkpoint cp;
        try
        {
            note = SignedNote.Parse(entry.Checkpoint, "tlog entry checkpoint");
            var v = note.Verify([logKey]);
            if (!v.IsValid) return VerificationResult.Rejected("checkpoint: " + v.Result.Reason);
            cp = Checkpoint.Parse(note.Text, "tlog entry checkpoint");
        }
        catch (ProvenantFormatException e)
        {
            return VerificationResult.Rejected("malformed checkpoint: " + e.Message);
        }
        if (cp.Origin != logKey.Name) return VerificationResult.Rejected($"checkpoint origin '{cp.Origin}' is not the log '{logKey.Name}'");
        if (cp.TreeSize != entry.TreeSize || !cp.RootHash.AsSpan().SequenceEqual(entry.RootHash)) return VerificationResult.Rejected("the inclusion proof's tree size or root hash differs from the signed checkpoint");
        var findings = new List<string> { $"log {logKey.Name}: entry {entry.LogIndex} in a tree of {cp.TreeSize}" };
        if (quorum > 0)
        {
            var w = note.Verify(witnesses);
            var count = w.IsValid ? w.VerifiedBy.Select(k => k.Name).Distinct().Count() : 0;
            if (count < quorum) return VerificationResult.Rejected($"checkpoint has {count} valid witness cosignature(s), {quorum} required" + (w.IsValid ? "" : $" ({w.Result.Reason})"));
            findings.Add("cosigned by " + string.Join(", ", w.VerifiedBy.Select(k => k.Name)));
        }
        var leaf = Rfc9162.HashLeaf(entry.CanonicalizedBody);
        var inc = InclusionProof.Verify(entry.LogIndex, entry.TreeSize, leaf, entry.Hashes, entry.RootHash);
        if (!inc.IsValid) return VerificationResult.Rejected("inclusion proof: " + inc.Reason);
        return VerificationResult.Valid(string.Join("; ", findings));
    }
}
