using Npgsql;
using NpgsqlTypes;
using Provenant.Core.Errors;
using Provenant.Ledger.Provenance;

namespace Provenant.Ledger.Storage;

/// <summary>The provenance index (<see cref="IProvenanceIndex"/>) in the log's PostgreSQL schema.</summary>
public sealed partial class PostgresLogStore : IProvenanceIndex
{
    /// <summary>
    /// The schema version this code writes (row of <c>schema_version</c>): 1 = log tables only, 2 = with the provenance
    /// index (digests as <c>algorithm:hex</c> text), 3 = the index keyed by binary digests (<see cref="DigestKey"/>).
    /// Opening an older schema migrates it in one transaction; a newer one is refused.
    /// </summary>
    public const int SchemaVersion = 3;

    /// <summary>The schema 2 digests that <see cref="DigestKey"/> stores as raw bytes.</summary>
    private const string RawSha256Pattern = "^sha256:[0-9a-f]{64}$";

    private string SubjectsTable => $"""
        CREATE TABLE {Schema}.prov_subjects (idx BIGINT NOT NULL, relation INT NOT NULL, digest BYTEA NOT NULL, name TEXT NOT NULL, PRIMARY KEY (idx, relation, digest));
        CREATE INDEX prov_subjects_digest ON {Schema}.prov_subjects (digest, idx);
        CREATE INDEX prov_subjects_name ON {Schema}.prov_subjects (name text_pattern_ops, idx) WHERE relation = 0;
        """;

    /// <summary>Schema migrations 1 → 3 and 2 → 3 (an older schema has no <c>schema_version</c> table, which counts as 1);
    /// refuses a schema written by a newer version.</summary>
    /// <exception cref="ProvenantException">The schema's version is newer than <see cref="SchemaVersion"/>.</exception>
    private void MigrateProvenance(NpgsqlConnection c)
    {
        using var tx = c.BeginTransaction();
        Exec(c, tx, $"""
            CREATE TABLE IF NOT EXISTS {Schema}.schema_version (id INT PRIMARY KEY CHECK (id = 0), version INT NOT NULL);
            INSERT INTO {Schema}.schema_version (id, version) VALUES (0, 1) ON CONFLICT DO NOTHING;
            """);
        int version;
        using (var v = new NpgsqlCommand($"SELECT version FROM {Schema}.schema_version WHERE id = 0 FOR UPDATE", c, tx)) version = (int)v.ExecuteScalar()!;
        if (version > SchemaVersion)
        {
            throw new ProvenantException($"log store {Description} has schema version {version}; this Provenant reads versions 1 to {SchemaVersion} (open it with the newer Provenant that wrote it)");
        }
        if (version < 2)
        {
            Exec(c, tx, $"""
                CREATE TABLE {Schema}.prov_entries (idx BIGINT PRIMARY KEY, predicate_type TEXT NOT NULL, submission BYTEA NOT NULL, logged_at BIGINT NOT NULL);
                CREATE INDEX prov_entries_time ON {Schema}.prov_entries (logged_at);
                {SubjectsTable}
                CREATE TABLE {Schema}.prov_attachments (seq BIGSERIAL UNIQUE, digest TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, media_type TEXT NOT NULL, data BYTEA NOT NULL);
                CREATE TABLE {Schema}.prov_attachment_links (subject TEXT NOT NULL, attachment TEXT NOT NULL, PRIMARY KEY (subject, attachment));
                """);
        }
        else if (version == 2)
        {
            // 2 → 3: the subject rows move to the binary-keyed table, keys computed as DigestKey.Encode does (raw bytes
            // for lowercase sha256:<64 hex>, else the text left-padded with zero bytes to 33); attachments are unchanged.
            Exec(c, tx, $"""
                ALTER TABLE {Schema}.prov_subjects RENAME TO prov_subjects_v2;
                DROP INDEX {Schema}.prov_subjects_name;
                DROP INDEX {Schema}.prov_subjects_idx;
                {SubjectsTable}
                INSERT INTO {Schema}.prov_subjects (idx, relation, digest, name)
                SELECT idx, relation, CASE WHEN digest ~ '{RawSha256Pattern}' THEN decode(substr(digest, 8), 'hex')
                    ELSE decode(repeat('00', greatest(0, 33 - octet_length(digest))), 'hex') || convert_to(digest, 'UTF8') END, name
                FROM {Schema}.prov_subjects_v2;
                DROP TABLE {Schema}.prov_subjects_v2;
                """);
        }
        if (version < SchemaVersion) Exec(c, tx, $"UPDATE {Schema}.schema_version SET version = {SchemaVersion} WHERE id = 0");
        tx.Commit();
    }

    /// <inheritdoc />
    public void IndexEntries(IReadOnlyList<IndexedEntry> entries)
    {
        if (entries.Count == 0) return;
        using var c = _db.OpenConnection();
        using var tx = c.BeginTransaction();
        WriteIndexRows(c, tx, entries);
        tx.Commit();
    }

    /// <summary>Writes index rows inside <paramref name="tx"/> (idempotent: rows already present are kept).</summary>
    private void WriteIndexRows(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<IndexedEntry> entries)
    {
        if (entries.Count == 0) return;
        using (var e = new NpgsqlCommand($"""
            INSERT INTO {Schema}.prov_entries (idx, predicate_type, submission, logged_at)
            SELECT * FROM unnest($1::bigint[], $2::text[], $3::bytea[], $4::bigint[]) ON CONFLICT DO NOTHING
            """, c, tx))
        {
            e.Parameters.Add(new NpgsqlParameter { Value = entries.Select(x => checked((long)x.Index)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            e.Parameters.Add(new NpgsqlParameter { Value = entries.Select(x => x.PredicateType).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            e.Parameters.Add(new NpgsqlParameter { Value = entries.Select(x => x.Submission).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            e.Parameters.Add(new NpgsqlParameter { Value = entries.Select(x => x.LoggedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            e.ExecuteNonQuery();
        }
        var links = entries.SelectMany(x => x.Links.Select(l => (x.Index, l))).ToArray();
        using (var s = new NpgsqlCommand($"""
            INSERT INTO {Schema}.prov_subjects (digest, idx, relation, name)
            SELECT * FROM unnest($1::bytea[], $2::bigint[], $3::int[], $4::text[]) ON CONFLICT DO NOTHING
            """, c, tx))
        {
            s.Parameters.Add(new NpgsqlParameter { Value = links.Select(x => DigestKey.Encode(x.l.Digest)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            s.Parameters.Add(new NpgsqlParameter { Value = links.Select(x => checked((long)x.Index)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            s.Parameters.Add(new NpgsqlParameter { Value = links.Select(x => (int)x.l.Relation).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            s.Parameters.Add(new NpgsqlParameter { Value = links.Select(x => x.l.Name).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            s.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<SubjectHit> FindByDigest(string digest, long afterIndex, int limit)
    {
        ProvenanceIndexLimits.CheckLimit(limit);
        // A digest that is not normalized has no key, and no stored row names it.
        return DigestKey.TryEncode(digest) is { } key ? QueryHits(
            $"SELECT s.idx, s.digest, s.relation, s.name, e.predicate_type FROM {Schema}.prov_subjects s JOIN {Schema}.prov_entries e ON e.idx = s.idx WHERE s.digest = $1 AND s.idx > $2 ORDER BY s.idx, s.relation LIMIT $3",
            new NpgsqlParameter<byte[]> { TypedValue = key }, afterIndex, limit) : [];
    }

    /// <inheritdoc />
    public IReadOnlyList<SubjectHit> FindByName(string namePrefix, int limit) => QueryHits(
        $"SELECT s.idx, s.digest, s.relation, s.name, e.predicate_type FROM {Schema}.prov_subjects s JOIN {Schema}.prov_entries e ON e.idx = s.idx WHERE s.relation = 0 AND s.name LIKE $1 ESCAPE '\\' AND $2::bigint IS NOT NULL ORDER BY s.idx LIMIT $3",
        new NpgsqlParameter<string> { TypedValue = namePrefix.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%" }, 0L, limit);

    private List<SubjectHit> QueryHits(string sql, NpgsqlParameter a, long b, int limit)
    {
        ProvenanceIndexLimits.CheckLimit(limit);
        using var cmd = _db.CreateCommand(sql);
        cmd.Parameters.Add(a);
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = b });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var hits = new List<SubjectHit>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) hits.Add(new SubjectHit((ulong)r.GetInt64(0), DigestKey.Decode((byte[])r[1], Description), (SubjectRelation)r.GetInt32(2), r.GetString(3), r.GetString(4)));
        return hits;
    }

    /// <inheritdoc />
    public IndexedEntry? ReadIndexedEntry(ulong index)
    {
        using var cmd = _db.CreateCommand($"SELECT predicate_type, submission, logged_at FROM {Schema}.prov_entries WHERE idx = $1");
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)index) });
        string type;
        byte[] submission;
        long at;
        using (var r = cmd.ExecuteReader())
        {
            if (!r.Read()) return null;
            (type, submission, at) = (r.GetString(0), (byte[])r[1], r.GetInt64(2));
        }
        using var links = _db.CreateCommand($"SELECT digest, relation, name FROM {Schema}.prov_subjects WHERE idx = $1");
        links.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)index) });
        var list = new List<SubjectLink>();
        using var lr = links.ExecuteReader();
        while (lr.Read()) list.Add(new SubjectLink(DigestKey.Decode((byte[])lr[0], Description), (SubjectRelation)lr.GetInt32(1), lr.GetString(2)));
        return new IndexedEntry(index, type, submission, at, SubjectLinkOrder.Sort(list));
    }

    /// <inheritdoc />
    public void AddAttachment(Attachment attachment, IReadOnlyList<string> subjects)
    {
        using var c = _db.OpenConnection();
        using var tx = c.BeginTransaction();
        using (var a = new NpgsqlCommand($"INSERT INTO {Schema}.prov_attachments (digest, kind, name, media_type, data) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING", c, tx))
        {
            a.Parameters.Add(new NpgsqlParameter<string> { TypedValue = attachment.Digest });
            a.Parameters.Add(new NpgsqlParameter<string> { TypedValue = attachment.Kind });
            a.Parameters.Add(new NpgsqlParameter<string> { TypedValue = attachment.Name });
            a.Parameters.Add(new NpgsqlParameter<string> { TypedValue = attachment.MediaType });
            a.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = attachment.Data });
            a.ExecuteNonQuery();
        }
        using (var l = new NpgsqlCommand($"INSERT INTO {Schema}.prov_attachment_links (subject, attachment) SELECT s, $2 FROM unnest($1::text[]) AS s ON CONFLICT DO NOTHING", c, tx))
        {
            l.Parameters.Add(new NpgsqlParameter { Value = subjects.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            l.Parameters.Add(new NpgsqlParameter<string> { TypedValue = attachment.Digest });
            l.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <inheritdoc />
    public IReadOnlyList<string> FindAttachments(string digest, int limit)
    {
        ProvenanceIndexLimits.CheckLimit(limit);
        using var cmd = _db.CreateCommand($"SELECT l.attachment FROM {Schema}.prov_attachment_links l JOIN {Schema}.prov_attachments a ON a.digest = l.attachment WHERE l.subject = $1 ORDER BY a.seq LIMIT $2");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = digest });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var list = new List<string>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add(r.GetString(0));
        return list;
    }

    /// <inheritdoc />
    public Attachment? ReadAttachment(string digest)
    {
        using var cmd = _db.CreateCommand($"SELECT kind, name, media_type, data FROM {Schema}.prov_attachments WHERE digest = $1");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = digest });
        using var r = cmd.ExecuteReader();
        return r.Read() ? new Attachment(digest, r.GetString(0), r.GetString(1), r.GetString(2), (byte[])r[3]) : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<AppendRateBucket> AppendRate(long since, int bucketSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketSeconds, 1);
        using var cmd = _db.CreateCommand($"SELECT (logged_at / $1) * $1 AS b, count(*) FROM {Schema}.prov_entries WHERE logged_at >= $2 GROUP BY b ORDER BY b");
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = bucketSeconds });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = since });
        var list = new List<AppendRateBucket>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add(new AppendRateBucket(r.GetInt64(0), r.GetInt64(1)));
        return list;
    }

    private static void Exec(NpgsqlConnection c, NpgsqlTransaction tx, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c, tx);
        cmd.ExecuteNonQuery();
    }
}
