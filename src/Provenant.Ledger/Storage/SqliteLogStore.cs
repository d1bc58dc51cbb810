using Microsoft.Data.Sqlite;
using Provenant.Ledger.Log;

namespace Provenant.Ledger.Storage;

/// <summary>
/// The embedded default <see cref="ILogStore"/>: one SQLite database file in WAL mode with
/// <c>synchronous=FULL</c>, so every committed batch is fsync'd before <see cref="Integrate"/> returns. A published
/// checkpoint is committed with <c>synchronous=NORMAL</c>: written to the WAL (so it survives the process being killed)
/// and fsync'd with the next batch, as <see cref="ILogStore"/>'s contract allows.
/// Writes go through one connection under a lock; reads use pooled read-only connections.
/// </summary>
public sealed partial class SqliteLogStore : ILogStore
{
    private readonly string _readCs;
    private readonly SqliteConnection _writer;
    private readonly Lock _writeLock = new();

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="indexLagEntries">How many entries the lookup tables may fall behind the log (see <see cref="IndexLagEntries"/>), at least 1.</param>
    public SqliteLogStore(string path, int indexLagEntries = IndexLagEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(indexLagEntries, 1);
        _indexLag = indexLagEntries;
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var cs = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true };
        _writer = new SqliteConnection(cs.ToString());
        _writer.Open();
        Exec(_writer, $"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; PRAGMA cache_size=-{WriterCacheKiB}; PRAGMA wal_autocheckpoint={WalCheckpointPages};");
        _readCs = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
    }

    /// <summary>
    /// Page cache of the writer connection, KiB (16 MiB). The leaf-hash and digest indexes take random inserts; with
    /// SQLite's 2 MiB default, most of their pages were read back from the file (pread) on every batch. Not larger:
    /// some of SQLite's page-cache upkeep scans the whole cache (64 MiB cost more than it saved).
    /// </summary>
    public const int WriterCacheKiB = 16 << 10;

    /// <summary>
    /// WAL size, in pages, at which a commit copies the WAL back into the database file (SQLite's default is 1,000).
    /// Random index pages are rewritten by nearly every batch; a larger WAL copies each of them back once per
    /// checkpoint instead of once per few batches. 16,384 pages of 4 KiB: the WAL grows to about 64 MiB.
    /// </summary>
    public const int WalCheckpointPages = 16384;

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public string Description => "sqlite:" + Path;

    /// <inheritdoc />
    public (ulong TreeSize, string? Checkpoint) Open()
    {
        lock (_writeLock)
        {
            CreateOrMigrate();
            var size = LoadLookupState();
            if (size - _indexed > (ulong)_indexLag)
            {
                // Behind by more than one lag (written with a larger lag setting): catch up now, durably.
                using var tx = _writer.BeginTransaction();
                CatchUp(tx, size);
                tx.Commit();
                CaughtUp(size);
            }
            return (size, ReadCheckpointCore(_writer));
        }
    }

    /// <inheritdoc />
    public byte[]? ReadTile(int level, ulong index)
    {
        using var c = OpenReader();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT hashes FROM tiles WHERE level = $l AND idx = $i";
        cmd.Parameters.AddWithValue("$l", level);
        cmd.Parameters.AddWithValue("$i", checked((long)index));
        return cmd.ExecuteScalar() as byte[];
    }

    /// <inheritdoc />
    public IReadOnlyList<byte[]> ReadEntries(ulong start, int count)
    {
        using var c = OpenReader();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT data FROM entries WHERE idx >= $s AND idx < $e ORDER BY idx";
        cmd.Parameters.AddWithValue("$s", checked((long)start));
        cmd.Parameters.AddWithValue("$e", checked((long)start + count));
        var list = new List<byte[]>(count);
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add((byte[])r[0]);
        return list;
    }

    /// <inheritdoc />
    public void Integrate(IntegrationBatch batch)
    {
        lock (_writeLock)
        {
            using var tx = _writer.BeginTransaction();
            var rows = Inserts;
            var stored = rows.TreeSize.QueryInt64() ?? 0;
            if ((ulong)stored != batch.StartIndex) throw new InvalidOperationException($"log store {Description} has {stored} entries; the batch starts at {batch.StartIndex}");
            var insert = rows.Entry;
            for (var k = 0; k < batch.Entries.Count; k++)
            {
                insert.Int(1, checked((long)batch.StartIndex + k)).Blob(2, batch.LeafHashes[k]).Blob(3, batch.Entries[k]).Run();
            }
            foreach (var (level, index, hashes) in batch.Tiles)
            {
                ArgumentNullException.ThrowIfNull(hashes, $"tile {level}/{index}");
                rows.Tile.Int(1, level).Int(2, checked((long)index)).Blob(3, hashes).Run();
            }
            rows.SetTreeSize.Int(1, checked((long)batch.NewSize)).Run();
            WriteIndexRows(batch.Indexed, lookups: false);
            if (batch.Checkpoint is var (cpSize, cpNote)) UpsertCheckpoint(tx, cpSize, cpNote);
            var catchUp = batch.NewSize - _indexed >= (ulong)_indexLag;
            if (catchUp) CatchUp(tx, batch.NewSize);
            tx.Commit();
            _size = batch.NewSize;
            if (catchUp)
            {
                CaughtUp(batch.NewSize);
            }
            else
            {
                for (var k = 0; k < batch.LeafHashes.Count; k++) _unindexed.TryAdd(LeafKey.Of(batch.LeafHashes[k]), batch.StartIndex + (ulong)k);
            }
        }
    }

    /// <inheritdoc />
    public void PublishCheckpoint(ulong treeSize, string note)
    {
        lock (_writeLock)
        {
            WithoutFsync(() => UpsertCheckpoint(null, treeSize, note));
        }
    }

    private void UpsertCheckpoint(SqliteTransaction? tx, ulong treeSize, string note)
    {
        using var cmd = _writer.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO checkpoint (id, size, note) VALUES (0, $s, $n) ON CONFLICT (id) DO UPDATE SET size = excluded.size, note = excluded.note";
        cmd.Parameters.AddWithValue("$s", checked((long)treeSize));
        cmd.Parameters.AddWithValue("$n", note);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="write"/> on the writer with <c>synchronous=NORMAL</c>: its commit goes to the WAL, fsync'd with the next batch. Under the write lock.</summary>
    private void WithoutFsync(Action write)
    {
        Exec(_writer, "PRAGMA synchronous=NORMAL");
        try
        {
            write();
        }
        finally
        {
            Exec(_writer, "PRAGMA synchronous=FULL");
        }
    }

    /// <inheritdoc />
    public string? ReadCheckpoint()
    {
        using var c = OpenReader();
        return ReadCheckpointCore(c);
    }

    private static string? ReadCheckpointCore(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT note FROM checkpoint WHERE id = 0";
        return cmd.ExecuteScalar() as string;
    }

    private SqliteConnection OpenReader()
    {
        var c = new SqliteConnection(_readCs);
        c.Open();
        return c;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>The per-row statements of the write path, compiled on first use on the writer connection (under the write lock).</summary>
    private RowInserts Inserts => _inserts ??= new RowInserts(_writer);

    private RowInserts? _inserts;

    /// <summary>The statements <see cref="Integrate"/> runs once per batch, entry, tile or link, and <see cref="FindLeaves"/> once per leaf.</summary>
    private sealed class RowInserts(SqliteConnection writer) : IDisposable
    {
        public SqliteRowInsert Entry { get; } = new(writer, "INSERT INTO entries (idx, leaf_hash, data) VALUES (?1, ?2, ?3)");

        public SqliteRowInsert LeafIndex { get; } = new(writer, "SELECT idx FROM leaf_index WHERE leaf_hash = ?1");

        public SqliteRowInsert Tile { get; } = new(writer, "INSERT INTO tiles (level, idx, hashes) VALUES (?1, ?2, ?3) ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes");

        public SqliteRowInsert TreeSize { get; } = new(writer, "SELECT size FROM tree WHERE id = 0");

        public SqliteRowInsert SetTreeSize { get; } = new(writer, "UPDATE tree SET size = ?1 WHERE id = 0");

        public SqliteRowInsert IndexedEntry { get; } = new(writer, "INSERT OR IGNORE INTO prov_entries (idx, predicate_type, submission, logged_at) VALUES (?1, ?2, ?3, ?4)");

        public SqliteRowInsert Subject { get; } = new(writer, "INSERT OR IGNORE INTO prov_subjects (idx, relation, digest, name) VALUES (?1, ?2, ?3, ?4)");

        public SqliteRowInsert SubjectDigest { get; } = new(writer, "INSERT OR IGNORE INTO prov_digests (digest, idx, relation) VALUES (?1, ?2, ?3)");

        public SqliteRowInsert SubjectName { get; } = new(writer, "INSERT OR IGNORE INTO prov_names (name, idx, digest) VALUES (?1, ?2, ?3)");

        public void Dispose()
        {
            Entry.Dispose();
            LeafIndex.Dispose();
            Tile.Dispose();
            TreeSize.Dispose();
            SetTreeSize.Dispose();
            IndexedEntry.Dispose();
            Subject.Dispose();
            SubjectDigest.Dispose();
            SubjectName.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_writeLock) _inserts?.Dispose();
        _writer.Dispose();
        using var r = new SqliteConnection(_readCs);
        SqliteConnection.ClearPool(r);
        SqliteConnection.ClearPool(_writer);
    }
}
