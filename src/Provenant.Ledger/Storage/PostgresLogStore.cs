using Npgsql;
using NpgsqlTypes;

namespace Provenant.Ledger.Storage;

/// <summary>
/// <see cref="ILogStore"/> on PostgreSQL (Npgsql), for deployments that outgrow one SQLite file. Each batch is one
/// transaction (entries inserted with <c>unnest</c> arrays); with PostgreSQL's default <c>synchronous_commit=on</c>
/// the commit is flushed to the WAL before <see cref="Integrate"/> returns. Tables live in <see cref="Schema"/>.
/// </summary>
public sealed partial class PostgresLogStore : ILogStore
{
    private readonly NpgsqlDataSource _db;
    private readonly string _described;

    /// <summary>Connects with a keyword connection string (<c>Host=…;Username=…;Database=…</c>) or a <c>postgres://user:pass@host:port/db</c> URI.</summary>
    /// <param name="connection">The connection string or URI.</param>
    /// <param name="schema">Schema holding the log's tables (created if absent); one log per schema.</param>
    public PostgresLogStore(string connection, string schema = "provenant_log")
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(schema, "^[a-z_][a-z0-9_]{0,62}$")) throw new ArgumentException("schema names are lowercase identifiers", nameof(schema));
        Schema = schema;
        var cs = PostgresConnectionString.Normalize(connection);
        var b = new NpgsqlConnectionStringBuilder(cs);
        _described = $"postgres://{b.Host}:{b.Port}/{b.Database} schema {schema}";
        _db = NpgsqlDataSource.Create(b.ConnectionString);
    }

    /// <summary>The schema holding the tables.</summary>
    public string Schema { get; }

    /// <inheritdoc />
    public string Description => _described;

    /// <inheritdoc />
    public (ulong TreeSize, string? Checkpoint) Open()
    {
        using var c = _db.OpenConnection();
        Exec(c, $"""
            CREATE SCHEMA IF NOT EXISTS {Schema};
            CREATE TABLE IF NOT EXISTS {Schema}.entries (idx BIGINT PRIMARY KEY, leaf_hash BYTEA NOT NULL UNIQUE, data BYTEA NOT NULL);
            CREATE TABLE IF NOT EXISTS {Schema}.tiles (level INT NOT NULL, idx BIGINT NOT NULL, hashes BYTEA NOT NULL, PRIMARY KEY (level, idx));
            CREATE TABLE IF NOT EXISTS {Schema}.tree (id INT PRIMARY KEY CHECK (id = 0), size BIGINT NOT NULL);
            CREATE TABLE IF NOT EXISTS {Schema}.checkpoint (id INT PRIMARY KEY CHECK (id = 0), size BIGINT NOT NULL, note TEXT NOT NULL);
            INSERT INTO {Schema}.tree (id, size) VALUES (0, 0) ON CONFLICT DO NOTHING;
            """);
        MigrateProvenance(c);
        using var cmd = new NpgsqlCommand($"SELECT size FROM {Schema}.tree WHERE id = 0", c);
        var size = (ulong)(long)cmd.ExecuteScalar()!;
        using var cp = new NpgsqlCommand($"SELECT note FROM {Schema}.checkpoint WHERE id = 0", c);
        return (size, cp.ExecuteScalar() as string);
    }

    /// <inheritdoc />
    public byte[]? ReadTile(int level, ulong index)
    {
        using var cmd = _db.CreateCommand($"SELECT hashes FROM {Schema}.tiles WHERE level = $1 AND idx = $2");
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = level });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)index) });
        return cmd.ExecuteScalar() as byte[];
    }

    /// <inheritdoc />
    public IReadOnlyList<byte[]> ReadEntries(ulong start, int count)
    {
        using var cmd = _db.CreateCommand($"SELECT data FROM {Schema}.entries WHERE idx >= $1 AND idx < $2 ORDER BY idx");
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)start) });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)start + count) });
        var list = new List<byte[]>(count);
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add((byte[])r[0]);
        return list;
    }

    /// <inheritdoc />
    public ulong? FindLeaf(byte[] leafHash)
    {
        using var cmd = _db.CreateCommand($"SELECT idx FROM {Schema}.entries WHERE leaf_hash = $1");
        cmd.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = leafHash });
        return cmd.ExecuteScalar() is long i ? (ulong)i : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<ulong?> FindLeaves(IReadOnlyList<byte[]> leafHashes)
    {
        var found = new ulong?[leafHashes.Count];
        if (leafHashes.Count == 0) return found;
        var position = new Dictionary<string, int>(leafHashes.Count, StringComparer.Ordinal);
        for (var k = 0; k < leafHashes.Count; k++) position.TryAdd(Convert.ToHexString(leafHashes[k]), k);
        using var cmd = _db.CreateCommand($"SELECT leaf_hash, idx FROM {Schema}.entries WHERE leaf_hash = ANY($1)");
        cmd.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. leafHashes] });
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            if (position.TryGetValue(Convert.ToHexString((byte[])r[0]), out var k)) found[k] = (ulong)r.GetInt64(1);
        }
        return found;
    }

    /// <inheritdoc />
    public void Integrate(IntegrationBatch batch)
    {
        using var c = _db.OpenConnection();
        using var tx = c.BeginTransaction();
        using (var check = new NpgsqlCommand($"SELECT size FROM {Schema}.tree WHERE id = 0 FOR UPDATE", c, tx))
        {
            var stored = (ulong)(long)check.ExecuteScalar()!;
            if (stored != batch.StartIndex) throw new InvalidOperationException($"log store {Description} has {stored} entries; the batch starts at {batch.StartIndex}");
        }
        var n = batch.Entries.Count;
        var idx = new long[n];
        for (var k = 0; k < n; k++) idx[k] = checked((long)batch.StartIndex + k);
        using (var ins = new NpgsqlCommand($"INSERT INTO {Schema}.entries (idx, leaf_hash, data) SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bytea[])", c, tx))
        {
            ins.Parameters.Add(new NpgsqlParameter { Value = idx, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            ins.Parameters.Add(new NpgsqlParameter { Value = batch.LeafHashes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            ins.Parameters.Add(new NpgsqlParameter { Value = batch.Entries.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            ins.ExecuteNonQuery();
        }
        using (var tiles = new NpgsqlCommand($"""
            INSERT INTO {Schema}.tiles (level, idx, hashes) SELECT * FROM unnest($1::int[], $2::bigint[], $3::bytea[])
            ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes
            """, c, tx))
        {
            tiles.Parameters.Add(new NpgsqlParameter { Value = batch.Tiles.Select(t => t.Level).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            tiles.Parameters.Add(new NpgsqlParameter { Value = batch.Tiles.Select(t => checked((long)t.Index)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            tiles.Parameters.Add(new NpgsqlParameter { Value = batch.Tiles.Select(t => t.Hashes).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            tiles.ExecuteNonQuery();
        }
        using (var size = new NpgsqlCommand($"UPDATE {Schema}.tree SET size = $1 WHERE id = 0", c, tx))
        {
            size.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)batch.NewSize) });
            size.ExecuteNonQuery();
        }
        WriteIndexRows(c, tx, batch.Indexed);
        if (batch.Checkpoint is var (cpSize, cpNote))
        {
            using var cp = new NpgsqlCommand(UpsertCheckpointSql, c, tx);
            cp.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)cpSize) });
            cp.Parameters.Add(new NpgsqlParameter<string> { TypedValue = cpNote });
            cp.ExecuteNonQuery();
        }
        tx.Commit();
    }

    private string UpsertCheckpointSql => $"INSERT INTO {Schema}.checkpoint (id, size, note) VALUES (0, $1, $2) ON CONFLICT (id) DO UPDATE SET size = excluded.size, note = excluded.note";

    /// <inheritdoc />
    public void PublishCheckpoint(ulong treeSize, string note)
    {
        // synchronous_commit off for this transaction only: the server does not wait for its WAL flush, which the next
        // batch's (synchronous) commit performs; ILogStore's contract allows it.
        using var c = _db.OpenConnection();
        using var tx = c.BeginTransaction();
        using var batch = new NpgsqlBatch(c, tx)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SET LOCAL synchronous_commit TO OFF"),
                new NpgsqlBatchCommand(UpsertCheckpointSql)
                {
                    Parameters = { new NpgsqlParameter<long> { TypedValue = checked((long)treeSize) }, new NpgsqlParameter<string> { TypedValue = note } },
                },
            },
        };
        batch.ExecuteNonQuery();
        tx.Commit();
    }

    /// <inheritdoc />
    public string? ReadCheckpoint()
    {
        using var cmd = _db.CreateCommand($"SELECT note FROM {Schema}.checkpoint WHERE id = 0");
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>Drops the schema and everything in it (tests and benchmarks).</summary>
    public void DropSchema()
    {
        using var c = _db.OpenConnection();
        Exec(c, $"DROP SCHEMA IF EXISTS {Schema} CASCADE");
    }

    private static void Exec(NpgsqlConnection c, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void Dispose() => _db.Dispose();
}
