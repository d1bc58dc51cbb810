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
}
