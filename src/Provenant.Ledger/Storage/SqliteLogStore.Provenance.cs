using Microsoft.Data.Sqlite;
using Provenant.Core.Errors;
using Provenant.Ledger.Provenance;

namespace Provenant.Ledger.Storage;

/// <summary>The provenance index (<see cref="IProvenanceIndex"/>) in the log's SQLite database.</summary>
public sealed partial class SqliteLogStore : IProvenanceIndex
{
    /// <summary>
    /// The database schema version this code writes (<c>PRAGMA user_version</c>): 1 = log tables only, 2 = with the
    /// provenance index (digests as <c>algorithm:hex</c> text), 3 = the index keyed by binary digests
    /// (<see cref="DigestKey"/>) and ordered by log index. Opening an older database migrates it in one transaction;
    /// a newer one is refused.
    /// </summary>
    public const int SchemaVersion = 3;

    private const string SubjectsTable = """
        CREATE TABLE prov_subjects (idx INTEGER NOT NULL, relation INTEGER NOT NULL, digest BLOB NOT NULL, name TEXT NOT NULL, PRIMARY KEY (idx, relation, digest)) WITHOUT ROWID;
        CREATE INDEX prov_subjects_digest ON prov_subjects (digest, idx);
        CREATE INDEX prov_subjects_name ON prov_subjects (name, idx) WHERE relation = 0;
        """;

    /// <summary>The database's schema version (0 for a new file, which counts as 1), checked before anything is written.</summary>
    /// <exception cref="ProvenantException">The version is newer than <see cref="SchemaVersion"/>.</exception>
    private long ReadSchemaVersion(SqliteConnection c)
    {
        using var v = c.CreateCommand();
        v.CommandText = "PRAGMA user_version";
        var version = (long)v.ExecuteScalar()!;
        if (version > SchemaVersion)
        {
            throw new ProvenantException($"log store {Description} has schema version {version}; this Provenant reads versions 1 to {SchemaVersion} (open it with the newer Provenant that wrote it)");
        }
        return version;
    }

    /// <summary>Schema migrations 1 → 3 and 2 → 3 (from <paramref name="version"/>, see <see cref="ReadSchemaVersion"/>).</summary>
    private static void MigrateProvenance(SqliteConnection c, long version)
    {
        if (version == SchemaVersion) return;
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        if (version < 2)
        {
            cmd.CommandText = $"""
                CREATE TABLE prov_entries (idx INTEGER PRIMARY KEY, predicate_type TEXT NOT NULL, submission BLOB NOT NULL, logged_at INTEGER NOT NULL);
                CREATE INDEX prov_entries_time ON prov_entries (logged_at);
                {SubjectsTable}
                CREATE TABLE prov_attachments (digest TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, media_type TEXT NOT NULL, data BLOB NOT NULL);
                CREATE TABLE prov_attachment_links (subject TEXT NOT NULL, attachment TEXT NOT NULL, PRIMARY KEY (subject, attachment)) WITHOUT ROWID;
                """;
        }
        else
        {
            // 2 → 3: the subject rows move to the binary-keyed table (the attachment tables are unchanged).
            c.CreateFunction("prov_digest_key", (string digest) => DigestKey.Encode(digest), isDeterministic: true);
            cmd.CommandText = $"""
                DROP INDEX prov_subjects_name;
                DROP INDEX prov_subjects_idx;
                ALTER TABLE prov_subjects RENAME TO prov_subjects_v2;
                {SubjectsTable}
                INSERT INTO prov_subjects (idx, relation, digest, name) SELECT idx, relation, prov_digest_key(digest), name FROM prov_subjects_v2 ORDER BY idx, relation;
                DROP TABLE prov_subjects_v2;
                """;
        }
        cmd.ExecuteNonQuery();
        cmd.CommandText = $"PRAGMA user_version = {SchemaVersion}";
        cmd.ExecuteNonQuery();
        tx.Commit();
    }

    /// <inheritdoc />
    public void IndexEntries(IReadOnlyList<IndexedEntry> entries)
    {
        if (entries.Count == 0) return;
        lock (_writeLock)
        {
            using var tx = _writer.BeginTransaction();
            WriteIndexRows(entries);
            tx.Commit();
        }
    }

    /// <summary>Writes index rows inside the writer's open transaction (idempotent: rows already present are kept).</summary>
    private void WriteIndexRows(IReadOnlyList<IndexedEntry> entries)
    {
        var (entry, subject) = (Inserts.IndexedEntry, Inserts.Subject);
        foreach (var e in entries)
        {
            var index = checked((long)e.Index);
            entry.Int(1, index).Text(2, e.PredicateType).Blob(3, e.Submission).Int(4, e.LoggedAt).Run();
            foreach (var link in e.Links) subject.Int(1, index).Int(2, (int)link.Relation).Blob(3, DigestKey.Encode(link.Digest)).Text(4, link.Name).Run();
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<SubjectHit> FindByDigest(string digest, long afterIndex, int limit)
    {
        ProvenanceIndexLimits.CheckLimit(limit);
        // A digest that is not normalized has no key, and no stored row names it.
        return DigestKey.TryEncode(digest) is { } key ? QueryHits(
            "SELECT s.idx, s.digest, s.relation, s.name, e.predicate_type FROM prov_subjects s JOIN prov_entries e ON e.idx = s.idx WHERE s.digest = $a AND s.idx > $b ORDER BY s.idx, s.relation LIMIT $n",
            key, afterIndex, limit) : [];
    }

    /// <inheritdoc />
    public IReadOnlyList<SubjectHit> FindByName(string namePrefix, int limit) => QueryHits(
        "SELECT s.idx, s.digest, s.relation, s.name, e.predicate_type FROM prov_subjects s JOIN prov_entries e ON e.idx = s.idx WHERE s.relation = 0 AND s.name >= $a AND s.name < $b || char(1114111) ORDER BY s.idx LIMIT $n",
        namePrefix, namePrefix, limit);

    private List<SubjectHit> QueryHits(string sql, object a, object b, int limit)
    {
        ProvenanceIndexLimits.CheckLimit(limit);
        using var c = OpenReader();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$a", a);
        cmd.Parameters.AddWithValue("$b", b);
        cmd.Parameters.AddWithValue("$n", limit);
        var hits = new List<SubjectHit>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) hits.Add(new SubjectHit((ulong)r.GetInt64(0), DigestKey.Decode((byte[])r[1], Description), (SubjectRelation)r.GetInt32(2), r.GetString(3), r.GetString(4)));
        return hits;
    }

    /// <inheritdoc />
    public IndexedEntry? ReadIndexedEntry(ulong index)
    {
        using var c = OpenReader();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT predicate_type, submission, logged_at FROM prov_entries WHERE idx = $i";
        cmd.Parameters.AddWithValue("$i", checked((long)index));
        string type;
        byte[] submission;
        long at;
        using (var r = cmd.ExecuteReader())
        {
            if (!r.Read()) return null;
            (type, submission, at) = (r.GetString(0), (byte[])r[1], r.GetInt64(2));
        }
        using var links = c.CreateCommand();
        links.CommandText = "SELECT digest, relation, name FROM prov_subjects WHERE idx = $i";
        links.Parameters.AddWithValue("$i", checked((long)index));
        var list = new List<SubjectLink>();
        using var lr = links.ExecuteReader();
        while (lr.Read()) list.Add(new SubjectLink(DigestKey.Decode((byte[])lr[0], Description), (SubjectRelation)lr.GetInt32(1), lr.GetString(2)));
        return new IndexedEntry(index, type, submission, at, SubjectLinkOrder.Sort(list));
    }

    /// <inheritdoc />
    public void AddAttachment(Attachment attachment, IReadOnlyList<string> subjects)
    {
        lock (_writeLock)
        {
            using var tx = _writer.BeginTransaction();
            using var a = _writer.CreateCommand();
            a.Transaction = tx;
            a.CommandText = "INSERT OR IGNORE INTO prov_attachments (digest, kind, name, media_type, data) VALUES ($d, $k, $n, $m, $b)";
            a.Parameters.AddWithValue("$d", attachment.Digest);
            a.Parameters.AddWithValue("$k", attachment.Kind);
            a.Parameters.AddWithValue("$n", attachment.Name);
            a.Parameters.AddWithValue("$m", attachment.MediaType);
            a.Parameters.AddWithValue("$b", attachment.Data);
            a.ExecuteNonQuery();
            using var l = _writer.CreateCommand();
            l.Transaction = tx;
            l.CommandText = "INSERT OR IGNORE INTO prov_attachment_links (subject, attachment) VALUES ($s, $a)";
            var ps = l.Parameters.Add("$s", SqliteType.Text);
            l.Parameters.AddWithValue("$a", attachment.Digest);
            foreach (var s in subjects)
            {
                ps.Value = s;
                l.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> FindAttachments(string digest, int limit)
    {
        ProvenanceIndexLimits.CheckLimit(limit);
        using var c = OpenReader();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT l.attachment FROM prov_attachment_links l JOIN prov_attachments a ON a.digest = l.attachment WHERE l.subject = $s ORDER BY a.rowid LIMIT $n";
        cmd.Parameters.AddWithValue("$s", digest);
        cmd.Parameters.AddWithValue("$n", limit);
        var list = new List<string>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add(r.GetString(0));
        return list;
    }

    /// <inheritdoc />
    public Attachment? ReadAttachment(string digest)
    {
        using var c = OpenReader();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT kind, name, media_type, data FROM prov_attachments WHERE digest = $d";
        cmd.Parameters.AddWithValue("$d", digest);
        using var r = cmd.ExecuteReader();
        return r.Read() ? new Attachment(digest, r.GetString(0), r.GetString(1), r.GetString(2), (byte[])r[3]) : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<AppendRateBucket> AppendRate(long since, int bucketSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketSeconds, 1);
        using var c = OpenReader();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT (logged_at / $w) * $w AS b, count(*) FROM prov_entries WHERE logged_at >= $s GROUP BY b ORDER BY b";
        cmd.Parameters.AddWithValue("$w", bucketSeconds);
        cmd.Parameters.AddWithValue("$s", since);
        var list = new List<AppendRateBucket>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add(new AppendRateBucket(r.GetInt64(0), r.GetInt64(1)));
        return list;
    }
}
