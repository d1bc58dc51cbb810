using Microsoft.Data.Sqlite;
using Provenant.Ledger.Provenance;

namespace Provenant.Ledger.Storage;

/// <summary>The provenance index (<see cref="IProvenanceIndex"/>) in the log's SQLite database.</summary>
public sealed partial class SqliteLogStore : IProvenanceIndex
{
    /// <summary>The database schema version this code writes (<c>PRAGMA user_version</c>): 1 = log tables only, 2 = with the provenance index.</summary>
    public const int SchemaVersion = 2;

    /// <summary>Schema migration 1 → 2: adds the provenance index tables to a database created before they existed.</summary>
    private static void MigrateProvenance(SqliteConnection c)
    {
        using var v = c.CreateCommand();
        v.CommandText = "PRAGMA user_version";
        if ((long)v.ExecuteScalar()! >= SchemaVersion) return;
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"""
            CREATE TABLE IF NOT EXISTS prov_entries (idx INTEGER PRIMARY KEY, predicate_type TEXT NOT NULL, submission BLOB NOT NULL, logged_at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS prov_entries_time ON prov_entries (logged_at);
            CREATE TABLE IF NOT EXISTS prov_subjects (digest TEXT NOT NULL, idx INTEGER NOT NULL, relation INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (digest, idx, relation)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS prov_subjects_name ON prov_subjects (name, idx) WHERE relation = 0;
            CREATE INDEX IF NOT EXISTS prov_subjects_idx ON prov_subjects (idx);
            CREATE TABLE IF NOT EXISTS prov_attachments (digest TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, media_type TEXT NOT NULL, data BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS prov_attachment_links (subject TEXT NOT NULL, attachment TEXT NOT NULL, PRIMARY KEY (subject, attachment)) WITHOUT ROWID;
            PRAGMA user_version = {SchemaVersion};
            """;
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
            WriteIndexRows(tx, entries);
            tx.Commit();
        }
    }

    /// <summary>Writes index rows inside <paramref name="tx"/> (idempotent: rows already present are kept).</summary>
    private void WriteIndexRows(SqliteTransaction tx, IReadOnlyList<IndexedEntry> entries)
    {
        if (entries.Count == 0) return;
        using var e = _writer.CreateCommand();
        e.Transaction = tx;
        e.CommandText = "INSERT OR IGNORE INTO prov_entries (idx, predicate_type, submission, logged_at) VALUES ($i, $p, $s, $t)";
        var ei = e.Parameters.Add("$i", SqliteType.Integer);
        var ep = e.Parameters.Add("$p", SqliteType.Text);
        var es = e.Parameters.Add("$s", SqliteType.Blob);
        var et = e.Parameters.Add("$t", SqliteType.Integer);
        using var s = _writer.CreateCommand();
        s.Transaction = tx;
        s.CommandText = "INSERT OR IGNORE INTO prov_subjects (digest, idx, relation, name) VALUES ($d, $i, $r, $n)";
        var sd = s.Parameters.Add("$d", SqliteType.Text);
        var si = s.Parameters.Add("$i", SqliteType.Integer);
        var sr = s.Parameters.Add("$r", SqliteType.Integer);
        var sn = s.Parameters.Add("$n", SqliteType.Text);
        e.Prepare();
        s.Prepare();
        foreach (var entry in entries)
        {
            ei.Value = checked((long)entry.Index);
            ep.Value = entry.PredicateType;
            es.Value = entry.Submission;
            et.Value = entry.LoggedAt;
            e.ExecuteNonQuery();
            foreach (var link in entry.Links)
            {
                sd.Value = link.Digest;
                si.Value = checked((long)entry.Index);
                sr.Value = (int)link.Relation;
                sn.Value = link.Name;
                s.ExecuteNonQuery();
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<SubjectHit> FindByDigest(string digest, long afterIndex, int limit) => QueryHits(
        "SELECT s.idx, s.digest, s.relation, s.name, e.predicate_type FROM prov_subjects s JOIN prov_entries e ON e.idx = s.idx WHERE s.digest = $a AND s.idx > $b ORDER BY s.idx, s.relation LIMIT $n",
        digest, afterIndex, limit);

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
        while (r.Read()) hits.Add(new SubjectHit((ulong)r.GetInt64(0), r.GetString(1), (SubjectRelation)r.GetInt32(2), r.GetString(3), r.GetString(4)));
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
        links.CommandText = "SELECT digest, relation, name FROM prov_subjects WHERE idx = $i ORDER BY relation, digest";
        links.Parameters.AddWithValue("$i", checked((long)index));
        var list = new List<SubjectLink>();
        using var lr = links.ExecuteReader();
        while (lr.Read()) list.Add(new SubjectLink(lr.GetString(0), (SubjectRelation)lr.GetInt32(1), lr.GetString(2)));
        return new IndexedEntry(index, type, submission, at, list);
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
