using Provenant.Ledger.Notes;

namespace Provenant.Ledger.Witness;

/// <summary>The outcome of <see cref="WitnessCoordinator.CosignAsync"/>.</summary>
/// <param name="Note">The log-signed checkpoint with every verified witness cosignature appended.</param>
/// <param name="Cosignatures">The witness cosignatures that verified under their trusted keys.</param>
/// <param name="Responses">Witness name → its last response (status 0 for timeouts and transport failures).</param>
/// <param name="Quorum">The k-of-n verdict over <paramref name="Note"/>.</param>
public sealed record CosigningRound(SignedNote Note, IReadOnlyList<NoteSignature> Cosignatures, IReadOnlyDictionary<string, WitnessResponse> Responses, WitnessQuorumResult Quorum)
{
    /// <summary>True when at least k distinct witnesses cosigned.</summary>
    public bool QuorumReached => Quorum.IsValid;
}
