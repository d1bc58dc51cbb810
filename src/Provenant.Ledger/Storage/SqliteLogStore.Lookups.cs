using Microsoft.Data.Sqlite;
using Provenant.Ledger.Log;

namespace Provenant.Ledger.Storage;

/// <summary>
/// The lookup tables kept behind the log: <c>leaf_index</c> (a leaf hash's log index, for deduplication),
/// <c>prov_digests</c> and <c>prov_names</c> (the provenance index's search keys).
/// </summary>
/// <remarks>
/// Each of them takes one insert at a random place per entry, and SQLite writes a whole 4 KiB page to the WAL for each
/// page an fsync'd batch touches: maintained in every batch of a few dozen entries, they were most of the store's
/// bytes written and CPU (<c>bench/LogStoreBench</c>, docs/transparency-log.md). So a batch's transaction appends only
/// to the tables keyed by log index (<c>entries</c>, <c>prov_entries</c>, <c>prov_subjects</c>), and the lookup rows of
/// the last entries are derived from them in one sorted pass once <see cref="IndexLagEntries"/> entries are behind,
/// inside that batch's transaction (so one pass touches each page once for many keys). <c>tree.indexed</c> marks how
/// far the lookup tables are complete; it commits with them. Until then the leaves behind it are answered from memory
/// (<see cref="FindLeaves"/>), and a provenance search first catches the tables up. Nothing is lost by a crash: the log
/// tables are the record, and <see cref="Open"/> reloads the leaves behind the mark. The same design as Tessera's
/// asynchronous deduplication index, without its window in which a recent duplicate is missed.
/// </remarks>
public sealed partial class SqliteLogStore
{
    /// <summary>
    /// Default number of entries the lookup tables may fall behind the log before a batch catches them up (8,192): at
    /// most that many leaf hashes are held in memory (about 1 MB) and re-read by <see cref="Open"/> after a crash.
    /// </summary>
    public const int IndexLagEntries = 8192;

    private readonly int _indexLag;
    private readonly Dictionary<LeafKey, ulong> _unindexed = [];
    private ulong _indexed;
    private ulong _size;

    /// <summary>Reads the stored size and lookup mark and loads the leaves behind the mark; under the write lock.</summary>
    private ulong LoadLookupState()
    {
        using (var cmd = _writer.CreateCommand())
        {
            cmd.CommandText = "SELECT size, indexed FROM tree WHERE id = 0";
            using var r = cmd.ExecuteReader();
            r.Read();
            (_size, _indexed) = ((ulong)r.GetInt64(0), (ulong)r.GetInt64(1));
        }
        _unindexed.Clear();
        using var leaves = _writer.CreateCommand();
        leaves.CommandText = "SELECT leaf_hash, idx FROM entries WHERE idx >= $w ORDER BY idx";
        leaves.Parameters.AddWithValue("$w", checked((long)_indexed));
        using var lr = leaves.ExecuteReader();
        while (lr.Read()) _unindexed.TryAdd(LeafKey.Of((byte[])lr[0]), (ulong)lr.GetInt64(1));
        return _size;
    }

    /// <summary>Derives the lookup rows of [<see cref="_indexed"/>, <paramref name="size"/>) inside <paramref name="tx"/>; the caller commits, then calls <see cref="CaughtUp"/>.</summary>
    private void CatchUp(SqliteTransaction tx, ulong size)
    {
        using var cmd = _writer.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = CatchUpSql + "UPDATE tree SET indexed = $s WHERE id = 0;";
        cmd.Parameters.AddWithValue("$w", checked((long)_indexed));
        cmd.Parameters.AddWithValue("$s", checked((long)size));
        cmd.ExecuteNonQuery();
    }

    private void CaughtUp(ulong size)
    {
        _unindexed.Clear();
        _indexed = size;
    }

    /// <summary>Catches the lookup tables up before a search reads them (no fsync: see <see cref="ILogStore"/>'s remarks on <see cref="PublishCheckpoint"/>).</summary>
    private void CatchUpForSearch()
    {
        lock (_writeLock)
        {
            if (_indexed >= _size) return;
            var size = _size;
            WithoutFsync(() =>
            {
                using var tx = _writer.BeginTransaction();
                CatchUp(tx, size);
                tx.Commit();
            });
            CaughtUp(size);
        }
    }

    /// <inheritdoc />
    public ulong? FindLeaf(byte[] leafHash) => FindLeaves([leafHash])[0];

    /// <inheritdoc />
    public IReadOnlyList<ulong?> FindLeaves(IReadOnlyList<byte[]> leafHashes)
    {
        var found = new ulong?[leafHashes.Count];
        if (leafHashes.Count == 0) return found;
        // On the writer connection, whose page cache holds the lookup pages of the last catch-up (a pooled reader's
        // cache is dropped whenever the file changed); one read snapshot for the list.
        lock (_writeLock)
        {
            using var tx = _writer.BeginTransaction(deferred: true);
            var lookup = Inserts.LeafIndex;
            for (var k = 0; k < leafHashes.Count; k++)
            {
                // leaf_index first: whatever it holds is below the mark, so below every leaf held in memory.
                if (lookup.Blob(1, leafHashes[k]).QueryInt64() is long j) found[k] = (ulong)j;
                else if (_unindexed.TryGetValue(LeafKey.Of(leafHashes[k]), out var i)) found[k] = i;
            }
            tx.Commit();
        }
        return found;
    }
}
