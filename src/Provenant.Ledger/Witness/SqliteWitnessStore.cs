using Microsoft.Data.Sqlite;

namespace Provenant.Ledger.Witness;

/// <summary>
/// The default durable <see cref="IWitnessStore"/>: one SQLite file in WAL mode with <c>synchronous=FULL</c>, table
/// <c>witness_state(origin TEXT PRIMARY KEY, size INTEGER, root BLOB, note TEXT)</c>. Sizes are stored as the
/// two's-complement bit pattern of the unsigned value, so every 64-bit size round-trips.
/// <see cref="CompareAndSwap"/> runs read-compare-write inside one <c>BEGIN IMMEDIATE</c> transaction, which also
/// serialises writers in other processes sharing the file.
/// </summary>
public sealed class SqliteWitnessStore : IWitnessStore, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>.</summary>
    /// <exception cref="SqliteException">The file cannot be opened or is not a database.</exception>
    public SqliteWitnessStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _connection.Open();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;
            CREATE TABLE IF NOT EXISTS witness_state (origin TEXT PRIMARY KEY NOT NULL, size INTEGER NOT NULL, root BLOB NOT NULL, note TEXT NOT NULL);
            """;
        cmd.ExecuteNonQuery();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public WitnessState? Get(string origin)
    {
        lock (_lock) return Read(origin, null);
    }

    /// <inheritdoc />
    public bool CompareAndSwap(ulong expectedOldSize, WitnessState next, out ulong currentSize)
    {
        WitnessStateRules.Check(expectedOldSize, next);
        lock (_lock)
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            currentSize = Read(next.Origin, tx)?.TreeSize ?? 0;
            if (currentSize != expectedOldSize) return false;
            using var cmd = _connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO witness_state (origin, size, root, note) VALUES ($o, $s, $r, $n)
                ON CONFLICT (origin) DO UPDATE SET size = excluded.size, root = excluded.root, note = excluded.note
                """;
            cmd.Parameters.AddWithValue("$o", next.Origin);
            cmd.Parameters.AddWithValue("$s", unchecked((long)next.TreeSize));
            cmd.Parameters.AddWithValue("$r", next.RootHash);
            cmd.Parameters.AddWithValue("$n", next.Note);
            cmd.ExecuteNonQuery();
            tx.Commit();
            return true;
        }
    }

    /// <summary>Closes the database.</summary>
    public void Dispose() => _connection.Dispose();

    private WitnessState? Read(string origin, SqliteTransaction? tx)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT size, root, note FROM witness_state WHERE origin = $o";
        cmd.Parameters.AddWithValue("$o", origin);
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        return new WitnessState(origin, unchecked((ulong)r.GetInt64(0)), (byte[])r[1], r.GetString(2));
    }
}
