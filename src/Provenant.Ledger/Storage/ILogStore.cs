namespace Provenant.Ledger.Storage;

/// <summary>
/// Durable storage for a tiled transparency log: entries (with a unique index on their leaf hash), Merkle tree tiles
/// (c2sp.org/tlog-tiles) and the latest published checkpoint.
/// </summary>
/// <remarks>
/// Contract: <see cref="Integrate"/> and <see cref="PublishCheckpoint"/> are atomic and durable (fsync'd) once they
/// return; reads may run concurrently with writes from other threads and see either the old or the new state of
/// a tile, never a torn one. Only one process writes a log at a time; <see cref="Integrate"/> refuses a batch whose
/// start index is not the stored tree size.
/// </remarks>
public interface ILogStore : Tiles.ITileReader, IDisposable
{
    /// <summary>A short description for logs and errors (never contains passwords).</summary>
    string Description { get; }

    /// <summary>Creates tables if needed and returns the stored tree size and latest published checkpoint (null when none).</summary>
    (ulong TreeSize, string? Checkpoint) Open();

    /// <summary>Entries [<paramref name="start"/>, start + <paramref name="count"/>) in order; fewer when the log is shorter.</summary>
    IReadOnlyList<byte[]> ReadEntries(ulong start, int count);

    /// <summary>The index of the entry with this leaf hash, or null.</summary>
    ulong? FindLeaf(byte[] leafHash);

    /// <summary>The indexes of the entries with these leaf hashes (null where absent), in the order given; one store
    /// round trip for the whole list (the sequencer deduplicates each batch with it).</summary>
    /// <param name="leafHashes">RFC 9162 leaf hashes, 32 bytes each; at most a few thousand.</param>
    IReadOnlyList<ulong?> FindLeaves(IReadOnlyList<byte[]> leafHashes);

    /// <summary>Durably appends a batch: its entries at consecutive indices from <see cref="IntegrationBatch.StartIndex"/>, the tiles it changed, and the new tree size.</summary>
    /// <exception cref="InvalidOperationException">The start index is not the stored tree size (another writer, or a bug).</exception>
    void Integrate(IntegrationBatch batch);

    /// <summary>Durably records <paramref name="note"/> (a signed checkpoint of <paramref name="treeSize"/> leaves) as the latest published checkpoint.</summary>
    void PublishCheckpoint(ulong treeSize, string note);

    /// <summary>The latest published checkpoint note, or null.</summary>
    string? ReadCheckpoint();
}
