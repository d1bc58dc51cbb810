namespace Provenant.Ledger.Storage;

/// <summary>One sequenced batch, written atomically by <see cref="ILogStore.Integrate"/>.</summary>
/// <param name="StartIndex">Index of the first entry; equals the stored tree size.</param>
/// <param name="LeafHashes">RFC 9162 leaf hashes of the entries, 32 bytes each.</param>
/// <param name="Entries">The entries, at most 65,535 bytes each.</param>
/// <param name="Tiles">Every tile the batch changed (full and new partial ones), as (level, index, hashes).</param>
public sealed record IntegrationBatch(ulong StartIndex, IReadOnlyList<byte[]> LeafHashes, IReadOnlyList<byte[]> Entries, IReadOnlyList<(int Level, ulong Index, byte[] Hashes)> Tiles)
{
    /// <summary>The tree size after this batch.</summary>
    public ulong NewSize => StartIndex + (ulong)Entries.Count;

    /// <summary>
    /// Provenance index rows for entries of this batch (their log indexes assigned), written in the same transaction
    /// by stores that are also an <see cref="Provenance.IProvenanceIndex"/>; empty when none was given.
    /// </summary>
    public IReadOnlyList<Provenance.IndexedEntry> Indexed { get; init; } = [];

    /// <summary>
    /// A checkpoint published since the last one stored (a signed note of a tree no larger than
    /// <see cref="StartIndex"/>), stored as by <see cref="ILogStore.PublishCheckpoint"/> in this batch's transaction;
    /// null when none. A checkpoint published while a batch was being integrated then needs no transaction of its own.
    /// </summary>
    public (ulong TreeSize, string Note)? Checkpoint { get; init; }
}
