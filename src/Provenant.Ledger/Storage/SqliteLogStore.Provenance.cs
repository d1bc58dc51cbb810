using Microsoft.Data.Sqlite;
using Provenant.Core.Errors;
using Provenant.Ledger.Provenance;

namespace Provenant.Ledger.Storage;

/// <summary>The provenance index (<see cref="IProvenanceIndex"/>) in the log's SQLite database.</summary>
public sealed partial class SqliteLogStore : IProvenanceIndex
{
    /// <inheritdoc />
    public void IndexEntries(IReadOnlyList<IndexedEntry> entries)
    {
        if (entries.Count == 0) return;
        lock (_writeLock)
        {
            using var tx = _writer.BeginTransaction();
            WriteIndexRows(entries, lookups: true);
            tx.Commit();
        }
    }

    /// <summary>
    /// Writes index rows inside the writer's open transaction (idempotent: rows already present are kept); with
    /// <paramref name="lookups"/>, their lookup rows too (an entry indexed after it was logged may be behind the
    /// <c>tree.indexed</c> mark, which a catch-up never revisits).
    /// </summary>
    private void WriteIndexRows(IReadOnlyList<IndexedEntry> entries, bool lookups)
    {
        var (entry, subject, digest, name) = (Inserts.IndexedEntry, Inserts.Subject, Inserts.SubjectDigest, Inserts.SubjectName);
        foreach (var e in entries)
        {
            var index = checked((long)e.Index);
            entry.Int(1, index).Text(2, e.PredicateType).Blob(3, e.Submission).Int(4, e.LoggedAt).Run();
            foreach (var link in e.Links)
            {
                var key = DigestKey.Encode(link.Digest);
                subject.Int(1, index).Int(2, (int)link.Relation).Blob(3, key).Text(4, link.Name).Run();
                if (!lookups) continue;
                digest.Blob(1, key).Int(2, index).Int(3, (int)link.Relation).Run();
                if (link.Relation == SubjectRelation.Subject) name.Text(1, link.Name).Int(2, index).Blob(3, key).Run();
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<SubjectHit> FindByDigest(string digest, long afterIndex, int limit)
    {
        ProvenanceIndexLimits.CheckLimit(limit);
        // A digest that is not normalized has no key, and no stored row names it.
        return DigestKey.TryEncode(digest) is { } key ? QueryHits(
            "SELECT s.idx, s.digest, s.relation, s.name, e.predicate_type FROM prov_digests d JOIN prov_subjects s ON s.idx = d.idx AND s.relation = d.relation AND s.digest = d.digest JOIN prov_entries e ON e.idx = d.idx WHERE d.digest = $a AND d.idx > $b ORDER BY d.idx, d.relation LIMIT $n",
            key, afterIndex, limit) : [];
    }

    /// <inheritdoc />
    public IReadOnlyList<SubjectHit> FindByName(string namePrefix, int limit) => QueryHits(
        "SELECT s.idx, s.digest, s.relation, s.name, e.predicate_type FROM prov_names p JOIN prov_subjects s ON s.idx = p.idx AND s.relation = 0 AND s.digest = p.digest JOIN prov_entries e ON e.idx = p.idx WHERE p.name >= $a AND p.name < $b || char(1114111) ORDER BY p.idx LIMIT $n",
        namePrefix, namePrefix, limit);

    private List<SubjectHit> QueryHits(string sql, object a, object b, int limit)
    {
        ProvenanceIndexLimits.CheckLimit(limit);
        CatchUpForSearch();
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
