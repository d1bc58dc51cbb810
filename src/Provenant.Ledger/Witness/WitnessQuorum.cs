using System.Text;
using Provenant.Core;
using Provenant.Ledger.Notes;

namespace Provenant.Ledger.Witness;

/// <summary>
/// A k-of-n witness policy over a signed checkpoint: at least <c>k</c> distinct trusted witnesses have a valid
/// <c>cosignature/v1</c> on the checkpoint text (c2sp.org/tlog-cosignature). Used by clients verifying offline and by
/// the log before it publishes a checkpoint. The log's own signature is not checked here.
/// </summary>
public static class WitnessQuorum
{
    /// <summary>
    /// Counts the distinct trusted witnesses (by name, key ID and key) whose cosignature on <paramref name="note"/>
    /// verifies. Lines from unknown keys are ignored; a line that names a trusted witness key but fails to verify
    /// rejects the note (c2sp.org/signed-note: such a note is malformed). Never throws on hostile input.
    /// </summary>
    /// <param name="note">The signed checkpoint with its cosignatures.</param>
    /// <param name="witnesses">The witness keys the verifier trusts (n).</param>
    /// <param name="threshold">k, 0 ≤ k ≤ n.</param>
    /// <returns>The verdict and the witnesses that cosigned.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is negative or exceeds the number of distinct witnesses.</exception>
    public static WitnessQuorumResult Check(SignedNote note, IReadOnlyList<CosignatureV1Verifier> witnesses, int threshold)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(witnesses);
        var distinct = witnesses.DistinctBy(w => w.ToString()).ToArray();
        if (threshold < 0 || threshold > distinct.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), $"k = {threshold} must be between 0 and the {distinct.Length} distinct witnesses");
        }
        var text = Encoding.UTF8.GetBytes(note.Text);
        var cosigned = new List<CosignatureV1Verifier>();
        foreach (var sig in note.Signatures)
        {
            foreach (var w in distinct.Where(w => w.Name == sig.KeyName && w.KeyId == sig.KeyId))
            {
                if (!w.Verify(text, sig.Signature))
                {
                    return new WitnessQuorumResult(VerificationResult.Rejected($"invalid cosignature from witness {w.Name}+{w.KeyId:x8}"), []);
                }
                if (!cosigned.Contains(w)) cosigned.Add(w);
            }
        }
        var names = string.Join(", ", cosigned.Select(w => w.Name));
        return cosigned.Count >= threshold
            ? new WitnessQuorumResult(VerificationResult.Valid($"{cosigned.Count} of {distinct.Length} witnesses cosigned (k = {threshold}){(names.Length > 0 ? ": " + names : "")}"), cosigned)
            : new WitnessQuorumResult(VerificationResult.Rejected($"only {cosigned.Count} of the required {threshold} witnesses cosigned{(names.Length > 0 ? " (" + names + ")" : "")}"), cosigned);
    }
}
