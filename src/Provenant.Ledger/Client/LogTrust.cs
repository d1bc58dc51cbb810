using Provenant.Core;
using Provenant.Core.Errors;
using Provenant.Core.Merkle;
using Provenant.Ledger.Checkpoints;
using Provenant.Ledger.Notes;

namespace Provenant.Ledger.Client;

/// <summary>
/// What a client trusts about one log: its Ed25519 note key, its origin (by default the key's name), and optionally
/// witnesses (cosignature/v1 keys, c2sp.org/tlog-cosignature) of which at least <see cref="Quorum"/> must have
/// cosigned every checkpoint.
/// </summary>
public sealed class LogTrust
{
    /// <summary>Trusts checkpoints signed by <paramref name="logKey"/>.</summary>
    /// <param name="logKey">The log's note verifier key (signature type 0x01).</param>
    /// <param name="witnesses">Trusted witness keys (signature type 0x04); may be empty.</param>
    /// <param name="quorum">Distinct trusted witnesses that must have cosigned, 0 to <c>witnesses.Count</c>.</param>
    /// <param name="origin">The checkpoint origin to require; null for the log key's name.</param>
    /// <exception cref="ArgumentException">A witness key is not a cosignature/v1 key, or the quorum is out of range.</exception>
    public LogTrust(Ed25519NoteVerifier logKey, IReadOnlyList<CosignatureV1Verifier>? witnesses = null, int quorum = 0, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(logKey);
        witnesses ??= [];
        if (quorum < 0 || quorum > witnesses.Count) throw new ArgumentException($"the witness quorum must be 0 to {witnesses.Count} (the number of witness keys), not {quorum}", nameof(quorum));
        LogKey = logKey;
        Witnesses = witnesses;
        Quorum = quorum;
        Origin = origin ?? logKey.Name;
    }

    /// <summary>The log's note key.</summary>
    public Ed25519NoteVerifier LogKey { get; }

    /// <summary>Trusted witness keys.</summary>
    public IReadOnlyList<CosignatureV1Verifier> Witnesses { get; }

    /// <summary>Distinct trusted witnesses that must have cosigned.</summary>
    public int Quorum { get; }

    /// <summary>The required checkpoint origin line.</summary>
    public string Origin { get; }

    /// <summary>
    /// Verifies a signed checkpoint (authenticate before parsing): note syntax, the log's signature, then the
    /// checkpoint text (c2sp.org/tlog-checkpoint), its origin, the empty-tree root for size 0, and the witness quorum.
    /// Never throws on hostile input.
    /// </summary>
    /// <param name="note">The signed note bytes.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <param name="checkpoint">The verified checkpoint when the result is valid.</param>
    public VerificationResult Verify(ReadOnlySpan<byte> note, string source, out VerifiedCheckpoint? checkpoint)
    {
        checkpoint = null;
        SignedNote signed;
        try
        {
            signed = SignedNote.Parse(note, source);
        }
        catch (ProvenantFormatException e)
        {
            return VerificationResult.Rejected($"malformed checkpoint from {source}: {e.Message}");
        }
        var byLog = signed.Verify([LogKey]);
        if (!byLog.IsValid) return VerificationResult.Rejected($"checkpoint from {source} is not signed by the log key {LogKey.Name}+{LogKey.KeyId:x8}: {byLog.Result.Reason}");
        Checkpoint cp;
        try
        {
            cp = Checkpoint.Parse(signed.Text, source);
        }
        catch (ProvenantFormatException e)
        {
            return VerificationResult.Rejected($"signed but malformed checkpoint from {source}: {e.Message}");
        }
        if (cp.Origin != Origin) return VerificationResult.Rejected($"checkpoint from {source} has origin '{cp.Origin}', expected '{Origin}'");
        if (cp.TreeSize == 0 && !cp.RootHash.AsSpan().SequenceEqual(Rfc9162.EmptyRoot())) return VerificationResult.Rejected($"checkpoint from {source} has size 0 but not the empty-tree root");
        var cosigners = new List<string>();
        if (Witnesses.Count > 0)
        {
            var byWitnesses = signed.Verify(Witnesses);
            if (byWitnesses.IsValid) cosigners.AddRange(byWitnesses.VerifiedBy.Select(w => w.Name).Distinct());
            if (cosigners.Count < Quorum)
            {
                return VerificationResult.Rejected($"checkpoint from {source} has {cosigners.Count} valid witness cosignature(s), {Quorum} required" +
                    (byWitnesses.IsValid ? "" : $" ({byWitnesses.Result.Reason})"));
            }
        }
        checkpoint = new VerifiedCheckpoint(System.Text.Encoding.UTF8.GetString(note), cp, cosigners);
        var witnessed = cosigners.Count > 0 ? $", cosigned by {string.Join(", ", cosigners)}" : "";
        return VerificationResult.Valid($"checkpoint of {cp.Origin} at size {cp.TreeSize} signed by {LogKey.Name}{witnessed}");
    }
}
