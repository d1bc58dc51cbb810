using Provenant.Core.Merkle;
using Provenant.Ledger.Checkpoints;

namespace Provenant.Ledger.Log;

/// <summary>A checkpoint the log has published: the signed note as served at <c>/checkpoint</c>, and its parsed text.</summary>
/// <param name="Note">The signed note (log signature and any witness cosignatures).</param>
/// <param name="Checkpoint">The parsed checkpoint.</param>
public sealed record PublishedCheckpoint(string Note, Checkpoint Checkpoint)
{
    /// <summary>Placeholder before the first checkpoint of an empty log is published (not served).</summary>
    internal static PublishedCheckpoint Empty(string origin) => new("", new Checkpoint(origin, 0, Rfc9162.EmptyRoot()));
}
