namespace Provenant.Ledger.Storage;

/// <summary>
/// Durable storage for a tiled transparency log: entries (found by their leaf hash), Merkle tree tiles
/// (c2sp.org/tlog-tiles) and the latest published checkpoint. Stores need not refuse a leaf hash they already hold
/// (<see cref="Log.TransparencyLog"/> deduplicates every batch with <see cref="FindLeaves"/> before integrating it).
/// </summary>
/// <remarks>
/// Contract: <see cref="Integrate"/> is atomic and durable (fsync'd) once it returns. <see cref="PublishCheckpoint"/> is
/// atomic and survives a crash of the process once it returns, but need not be fsync'd on its own: it becomes durable
/// with the next <see cref="Integrate"/>, and an operating-system crash or power loss before that may bring back the
/// previous checkpoint. That loses nothing: a checkpoint is only ever signed for a tree already durably integrated, so
/// the lost one is of a prefix of the stored tree, and <see cref="Log.TransparencyLog.OpenAsync"/> re-signs the stored
/// tree (Ed25519 signatures are deterministic: the same tree gives the same note). This saves one fsync per batch. Reads may run concurrently with writes from other threads and see either the old or the new state of
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

    /// <summary>The index of the entry with this leaf hash (the lowest, should the store hold it twice), or null.</summary>
    ulong? FindLeaf(byte[] leafHash);

    /// <summary>The indexes of the entries with these leaf hashes (null where absent), in the order given; one store
    /// round trip for the whole list (the sequencer deduplicates each batch with it).</summary>
    /// <param name="leafHashes">RFC 9162 leaf hashes, 32 bytes each; at most a few thousand.</param>
    IReadOnlyList<ulong?> FindLeaves(IReadOnlyList<byte[]> leafHashes);

    /// <summary>Durably appends a batch: its entries at consecutive indices from <see cref="IntegrationBatch.StartIndex"/>, the tiles it changed, and the new tree size.</summary>
    /// <exception cref="InvalidOperationException">The start index is not the stored tree size (another writer, or a bug).</exception>
    void Integrate(IntegrationBatch batch);

    /// <summary>Records <paramref name="note"/> (a signed checkpoint of <paramref name="treeSize"/> leaves) as the latest
    /// published checkpoint: atomic, crash-safe for the process, durable with the next <see cref="Integrate"/> (see remarks).</summary>
    void PublishCheckpoint(ulong treeSize, string note);

    /// <summary>The latest published checkpoint note, or null.</summary>
    string? ReadCheckpoint();
}
