using Provenant.Ledger.Checkpoints;

namespace Provenant.Ledger.Client;

/// <summary>A checkpoint whose signed note verified against a <see cref="LogTrust"/>.</summary>
/// <param name="Note">The signed note exactly as served (log signature, witness cosignatures, any unknown ones).</param>
/// <param name="Checkpoint">Its parsed text.</param>
/// <param name="Witnesses">Names of the trusted witnesses whose cosignatures verified (empty when none are trusted).</param>
public sealed record VerifiedCheckpoint(string Note, Checkpoint Checkpoint, IReadOnlyList<string> Witnesses)
{
    /// <summary>The tree size.</summary>
    public ulong TreeSize => Checkpoint.TreeSize;
}
