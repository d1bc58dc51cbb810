using Microsoft.Data.Sqlite;
using Provenant.Ledger.Provenance;
using Provenant.Ledger.Storage;
using Provenant.Ledger.Tests.Log;
using static Provenant.Ledger.Tests.Log.SqliteTestFiles;
using Provenant.TestSupport;

namespace Provenant.Ledger.Tests.Provenance;

/// <summary>The provenance index contract, run against every store kind.</summary>
public abstract class ProvenanceIndexTests<TStores>(TStores stores) : IClassFixture<TStores> where TStores : StoreKind
{
    private static readonly string Model = "sha256:" + new string('a', 64);
    private static readonly string Dataset = "sha256:" + new string('b', 64);

    private static IndexedEntry Entry(ulong index, string type, params SubjectLink[] links) =>
        new(index, type, [(byte)index, 1, 2], 1_700_000_000 + (long)index * 30, links);

    private IProvenanceIndex Open()
    {
        var store = stores.Create("prov");
        store.Open();
        return (IProvenanceIndex)store;
    }

    [Fact]
    public void Digests_find_their_entries_in_log_order_with_cursor_pages()
    {
        var index = Open();
        index.IndexEntries([.. Enumerable.Range(0, 25).Select(i => Entry((ulong)i * 2, "t", new SubjectLink(Model, SubjectRelation.Subject, "m" + i)))]);
        index.IndexEntries([Entry(1, "slsa", new SubjectLink(Model, SubjectRelation.Subject, "m"), new SubjectLink(Dataset, SubjectRelation.Reference, "d"))]);
        var all = new List<ulong>();
        var after = -1L;
        while (true)
        {
            var page = index.FindByDigest(Model, after, 7);
            if (page.Count == 0) break;
            all.AddRange(page.Select(h => h.Index));
            after = (long)page[^1].Index;
        }
        Assert.Equal([0, 1, .. Enumerable.Range(1, 24).Select(i => (ulong)i * 2)], all);
        var d = Assert.Single(index.FindByDigest(Dataset, -1, 10));
        Assert.Equal((1UL, SubjectRelation.Reference, "slsa"), (d.Index, d.Relation, d.PredicateType));
        Assert.Empty(index.FindByDigest("sha256:" + new string('c', 64), -1, 10));
    }

    [Fact]
    public async Task An_appended_entry_with_a_record_is_indexed_by_the_transaction_that_integrates_it()
    {
        var store = stores.Create("provlog");
        var signer = Ledger.Notes.Ed25519NoteSigner.Generate("example.com/prov-index-test");
        ulong indexOf;
        await using (var log = await Ledger.Log.TransparencyLog.OpenAsync(store, signer))
        {
            var plain = await log.AppendAsync([9, 9, 9]);
            var record = new ProvenanceRecord("https://slsa.dev/provenance/v1", [1, 2, 3], 1_700_000_000, [new SubjectLink(Model, SubjectRelation.Subject, "model")]);
            var r = await log.AppendAsync([7, 7, 7], record);
            indexOf = r.Index;
            Assert.Null(((IProvenanceIndex)store).ReadIndexedEntry(plain.Index)); // no record, no row
            // By the time the append is acknowledged the row is there: it was committed with the entry.
            var back = ((IProvenanceIndex)store).ReadIndexedEntry(r.Index)!;
            Assert.Equal(record.Submission, back.Submission);
            Assert.Equal("https://slsa.dev/provenance/v1", back.PredicateType);
            // A resubmission is a duplicate and is not integrated (nor indexed) again.
            var again = await log.AppendAsync([7, 7, 7], record with { Submission = [4] });
            Assert.True(again.Duplicate);
            Assert.Equal(record.Submission, ((IProvenanceIndex)store).ReadIndexedEntry(r.Index)!.Submission);
        }
        var hit = Assert.Single(((IProvenanceIndex)store).FindByDigest(Model, -1, 10));
        Assert.Equal(indexOf, hit.Index);
    }

    [Fact]
    public void Writes_are_idempotent_and_entries_read_back_with_their_links()
    {
        var index = Open();
        var e = Entry(5, "https://model_signing/signature/v1.0", new SubjectLink(Model, SubjectRelation.Subject, "model"));
        index.IndexEntries([e]);
        index.IndexEntries([e, e]);
        Assert.Single(index.FindByDigest(Model, -1, 10));
        var back = index.ReadIndexedEntry(5)!;
        Assert.Equal(e.Submission, back.Submission);
        Assert.Equal(e.LoggedAt, back.LoggedAt);
        Assert.Equal(e.Links, back.Links);
        Assert.Null(index.ReadIndexedEntry(6));
    }

    /// <summary>Links of every digest form (raw sha256 keys and text keys), in an order the keys do not sort in.</summary>
    internal static readonly SubjectLink[] MixedLinks =
    [
        new("sha512:" + string.Concat(Enumerable.Repeat("0f", 64)), SubjectRelation.Subject, "weights-512"),
        new("sha256:" + new string('f', 64), SubjectRelation.Subject, "weights"),
        new("gitcommit:0123456789abcdef0123", SubjectRelation.Reference, "git+https://x"),
        new("sha256:" + new string('0', 64), SubjectRelation.Reference, "dataset"),
        new("md5:0123456789abcdef0123456789ab", SubjectRelation.Subject, "legacy"),
        new("sha256:0123456789abcdef0123456789abcdef", SubjectRelation.Reference, "short-sha256"),
    ];

    /// <summary>What every store answers for <see cref="MixedLinks"/> indexed at entry 3: the same as schema 2 answered.</summary>
    internal static void AssertMixedLinksAnswer(IProvenanceIndex index)
    {
        // Links come back by relation, then digest text (ordinal), as the text-keyed schema sorted them.
        var back = index.ReadIndexedEntry(3)!;
        Assert.Equal(MixedLinks.OrderBy(l => l.Relation).ThenBy(l => l.Digest, StringComparer.Ordinal), back.Links);
        foreach (var l in MixedLinks)
        {
            var hit = Assert.Single(index.FindByDigest(l.Digest, -1, 10));
            Assert.Equal((3UL, l.Digest, l.Relation, l.Name, "mixed"), (hit.Index, hit.Digest, hit.Relation, hit.Name, hit.PredicateType));
            Assert.Empty(index.FindByDigest(l.Digest, 3, 10));
            Assert.Empty(index.FindByDigest(l.Digest.ToUpperInvariant(), -1, 10)); // text compare, as before: no case folding
        }
        Assert.Equal(["sha256:" + new string('f', 64), "sha512:" + string.Concat(Enumerable.Repeat("0f", 64))], index.FindByName("weights", 10).Select(h => h.Digest).Order(StringComparer.Ordinal));
        Assert.Equal("md5:0123456789abcdef0123456789ab", Assert.Single(index.FindByName("leg", 10)).Digest);
        Assert.Empty(index.FindByName("dataset", 10)); // a reference, not a subject
        Assert.Empty(index.FindByDigest("not a digest", -1, 10));
    }

    [Fact]
    public void Every_digest_form_is_stored_under_its_binary_key_and_answers_as_text()
    {
        var index = Open();
        index.IndexEntries([new IndexedEntry(3, "mixed", [3], 1_700_000_000, MixedLinks)]);
        AssertMixedLinksAnswer(index);
    }

    [Fact]
    public void Name_prefixes_match_subjects_only_and_treat_wildcards_literally()
    {
        var index = Open();
        index.IndexEntries([
            Entry(0, "t", new SubjectLink(Model, SubjectRelation.Subject, "digits-mlp")),
            Entry(1, "t", new SubjectLink(Dataset, SubjectRelation.Reference, "digits.csv.gz")),
            Entry(2, "t", new SubjectLink(Dataset, SubjectRelation.Subject, "100%_real")),
        ]);
        Assert.Equal([0UL], index.FindByName("digits", 10).Select(h => h.Index));
        Assert.Empty(index.FindByName("%", 10));
        Assert.Empty(index.FindByName("_", 10));
        Assert.Equal([2UL], index.FindByName("100%_", 10).Select(h => h.Index));
    }

    [Fact]
    public void Attachments_are_stored_once_and_linked_to_their_subjects()
    {
        var index = Open();
        var a = new Attachment("sha256:" + new string('d', 64), "c2pa", "out.png", "image/png", [1, 2, 3]);
        index.AddAttachment(a, [Model]);
        index.AddAttachment(a, [Model, Dataset]);
        Assert.Equal([a.Digest], index.FindAttachments(Model, 10));
        Assert.Equal([a.Digest], index.FindAttachments(Dataset, 10));
        var back = index.ReadAttachment(a.Digest)!;
        Assert.Equal((a.Kind, a.Name, a.MediaType), (back.Kind, back.Name, back.MediaType));
        Assert.Equal(a.Data, back.Data);
        Assert.Null(index.ReadAttachment("sha256:" + new string('e', 64)));
    }

    [Fact]
    public void Append_rate_counts_entries_per_bucket()
    {
        var index = Open();
        index.IndexEntries([.. Enumerable.Range(0, 10).Select(i => Entry((ulong)i, "t"))]); // 30 s apart from 1,700,000,000
        var buckets = index.AppendRate(1_700_000_000, 60);
        Assert.Equal(10, buckets.Sum(b => b.Count));
        Assert.All(buckets, b => Assert.Equal(0, b.Start % 60));
        Assert.True(buckets.All(b => b.Count <= 2));
        Assert.Empty(index.AppendRate(1_800_000_000, 60));
    }

    [Fact]
    public void Page_sizes_are_bounded()
    {
        var index = Open();
        Assert.Throws<ArgumentOutOfRangeException>(() => index.FindByDigest(Model, -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.FindByName("x", ProvenanceIndexLimits.MaxPageSize + 1));
    }
}

public sealed class SqliteProvenanceIndexTests(SqliteStores s) : ProvenanceIndexTests<SqliteStores>(s)
{
    [Fact]
    public void A_database_from_before_the_index_is_migrated_and_keeps_its_log()
    {
        using var dir = SharedData.NewTempDir();
        var path = dir["old.db"];
        // The schema 1 tables exactly as the earlier SqliteLogStore created them, with one entry and no user_version.
        using (var c = new SqliteConnection($"Data Source={path}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"""
                {SqliteTestFiles.LogTables}
                INSERT INTO tree (id, size) VALUES (0, 1);
                INSERT INTO entries (idx, leaf_hash, data) VALUES (0, x'00', x'01');
                """;
            cmd.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        using (var store = new SqliteLogStore(path))
        {
            Assert.Equal(1UL, store.Open().TreeSize);
            Assert.Null(store.ReadIndexedEntry(0)); // logged before the index: not indexed until resubmitted
            store.IndexEntries([new IndexedEntry(0, "t", [1], 1, [new SubjectLink(Model(), SubjectRelation.Subject, "m")])]);
            Assert.Single(store.FindByDigest(Model(), -1, 10));
        }
        using (var again = new SqliteLogStore(path))
        {
            again.Open();
            Assert.Single(again.FindByDigest(Model(), -1, 10));
        }
        SqliteConnection.ClearAllPools();
        using var check = new SqliteConnection($"Data Source={path}");
        check.Open();
        using var v = check.CreateCommand();
        v.CommandText = "PRAGMA user_version";
        Assert.Equal((long)SqliteLogStore.SchemaVersion, (long)v.ExecuteScalar()!);
    }

    /// <summary>The schema 2 provenance tables exactly as the earlier SqliteLogStore created them.</summary>
    private const string SchemaV2 = $"""
        {SqliteTestFiles.LogTables}
        INSERT INTO tree (id, size) VALUES (0, 0);
        CREATE TABLE prov_entries (idx INTEGER PRIMARY KEY, predicate_type TEXT NOT NULL, submission BLOB NOT NULL, logged_at INTEGER NOT NULL);
        CREATE INDEX prov_entries_time ON prov_entries (logged_at);
        CREATE TABLE prov_subjects (digest TEXT NOT NULL, idx INTEGER NOT NULL, relation INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (digest, idx, relation)) WITHOUT ROWID;
        CREATE INDEX prov_subjects_name ON prov_subjects (name, idx) WHERE relation = 0;
        CREATE INDEX prov_subjects_idx ON prov_subjects (idx);
        {SqliteTestFiles.AttachmentTables}
        PRAGMA user_version = 2;
        """;

    [Fact]
    public void A_schema_2_index_with_text_digests_is_migrated_to_binary_keys_and_answers_the_same()
    {
        using var dir = SharedData.NewTempDir();
        var path = dir["v2.db"];
        Sql(path, SchemaV2 + "INSERT INTO prov_entries VALUES (3, 'mixed', x'03', 1700000000);");
        foreach (var l in MixedLinks)
        {
            Sql(path, "INSERT INTO prov_subjects (digest, idx, relation, name) VALUES ($d, 3, $r, $n)", ("$d", l.Digest), ("$r", (int)l.Relation), ("$n", l.Name));
        }
        using (var store = new SqliteLogStore(path))
        {
            store.Open();
            AssertMixedLinksAnswer(store);
            Assert.Equal([3], store.ReadIndexedEntry(3)!.Submission);
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal(SqliteLogStore.SchemaVersion, Scalar(path, "PRAGMA user_version"));
        // The raw sha256 keys are 32-byte BLOBs, every other form a longer BLOB; no text is left.
        Assert.Equal(2, Scalar(path, "SELECT count(*) FROM prov_subjects WHERE typeof(digest) = 'blob' AND length(digest) = 32"));
        Assert.Equal(MixedLinks.Length, Scalar(path, "SELECT count(*) FROM prov_subjects WHERE typeof(digest) = 'blob'"));
        Assert.Equal(0, Scalar(path, "SELECT count(*) FROM sqlite_master WHERE name IN ('prov_subjects_v2', 'prov_subjects_idx')"));
        using var again = new SqliteLogStore(path); // opening a current database changes nothing
        again.Open();
        AssertMixedLinksAnswer(again);
    }

    [Fact]
    public void A_database_from_a_newer_schema_is_refused_and_left_alone()
    {
        using var dir = SharedData.NewTempDir();
        var path = dir["new.db"];
        Sql(path, $"CREATE TABLE future (x); PRAGMA user_version = {SqliteLogStore.SchemaVersion + 1};");
        using (var store = new SqliteLogStore(path))
        {
            var e = Assert.Throws<Provenant.Core.Errors.ProvenantException>(() => store.Open());
            Assert.Contains($"schema version {SqliteLogStore.SchemaVersion + 1}", e.Message);
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal(SqliteLogStore.SchemaVersion + 1, Scalar(path, "PRAGMA user_version"));
        Assert.Equal(0, Scalar(path, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'prov_%'"));
    }

    private static string Model() => "sha256:" + new string('a', 64);
}

public sealed class PostgresProvenanceIndexTests(PostgresStores s) : ProvenanceIndexTests<PostgresStores>(s)
{
    [Fact]
    public void A_schema_from_before_the_index_is_migrated_and_keeps_its_log()
    {
        var schema = "t_old_" + Guid.NewGuid().ToString("N")[..10];
        using var db = Npgsql.NpgsqlDataSource.Create(PostgresStores.ConnectionString);
        try
        {
            // The schema 1 tables exactly as the earlier PostgresLogStore created them, with one entry and no schema_version.
            using (var cmd = db.CreateCommand($"""
                CREATE SCHEMA {schema};
                CREATE TABLE {schema}.entries (idx BIGINT PRIMARY KEY, leaf_hash BYTEA NOT NULL UNIQUE, data BYTEA NOT NULL);
                CREATE TABLE {schema}.tiles (level INT NOT NULL, idx BIGINT NOT NULL, hashes BYTEA NOT NULL, PRIMARY KEY (level, idx));
                CREATE TABLE {schema}.tree (id INT PRIMARY KEY CHECK (id = 0), size BIGINT NOT NULL);
                CREATE TABLE {schema}.checkpoint (id INT PRIMARY KEY CHECK (id = 0), size BIGINT NOT NULL, note TEXT NOT NULL);
                INSERT INTO {schema}.tree (id, size) VALUES (0, 1);
                INSERT INTO {schema}.entries (idx, leaf_hash, data) VALUES (0, '\x00', '\x01');
                """))
            {
                cmd.ExecuteNonQuery();
            }
            var model = "sha256:" + new string('a', 64);
            using (var store = new PostgresLogStore(PostgresStores.ConnectionString, schema))
            {
                Assert.Equal(1UL, store.Open().TreeSize);
                Assert.Null(store.ReadIndexedEntry(0));
                store.IndexEntries([new IndexedEntry(0, "t", [1], 1, [new SubjectLink(model, SubjectRelation.Subject, "m")])]);
            }
            using (var again = new PostgresLogStore(PostgresStores.ConnectionString, schema))
            {
                again.Open();
                Assert.Single(again.FindByDigest(model, -1, 10));
            }
            using var v = db.CreateCommand($"SELECT version FROM {schema}.schema_version");
            Assert.Equal(PostgresLogStore.SchemaVersion, (int)v.ExecuteScalar()!);
        }
        finally
        {
            using var drop = db.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
            drop.ExecuteNonQuery();
        }
    }

    /// <summary>Runs <paramref name="test"/> on a fresh schema made by <paramref name="setup"/> (SQL with <c>{s}</c> for the schema), then drops it.</summary>
    private static void WithSchema(string setup, Action<Npgsql.NpgsqlDataSource, string> test)
    {
        var schema = "t_v_" + Guid.NewGuid().ToString("N")[..10];
        using var db = Npgsql.NpgsqlDataSource.Create(PostgresStores.ConnectionString);
        try
        {
            using (var cmd = db.CreateCommand(setup.Replace("{s}", schema))) cmd.ExecuteNonQuery();
            test(db, schema);
        }
        finally
        {
            using var drop = db.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
            drop.ExecuteNonQuery();
        }
    }

    private static object Scalar(Npgsql.NpgsqlDataSource db, string sql)
    {
        using var cmd = db.CreateCommand(sql);
        return cmd.ExecuteScalar()!;
    }

    [Fact]
    public void A_schema_2_index_with_text_digests_is_migrated_to_binary_keys_and_answers_the_same()
    {
        // The schema 2 provenance tables exactly as the earlier PostgresLogStore created them.
        var rows = string.Join(", ", MixedLinks.Select(l => $"('{l.Digest}', 3, {(int)l.Relation}, '{l.Name}')"));
        WithSchema($$"""
            CREATE SCHEMA {s};
            CREATE TABLE {s}.schema_version (id INT PRIMARY KEY CHECK (id = 0), version INT NOT NULL);
            INSERT INTO {s}.schema_version (id, version) VALUES (0, 2);
            CREATE TABLE {s}.prov_entries (idx BIGINT PRIMARY KEY, predicate_type TEXT NOT NULL, submission BYTEA NOT NULL, logged_at BIGINT NOT NULL);
            CREATE INDEX prov_entries_time ON {s}.prov_entries (logged_at);
            CREATE TABLE {s}.prov_subjects (digest TEXT NOT NULL, idx BIGINT NOT NULL, relation INT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (digest, idx, relation));
            CREATE INDEX prov_subjects_name ON {s}.prov_subjects (name text_pattern_ops, idx) WHERE relation = 0;
            CREATE INDEX prov_subjects_idx ON {s}.prov_subjects (idx);
            CREATE TABLE {s}.prov_attachments (seq BIGSERIAL UNIQUE, digest TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, media_type TEXT NOT NULL, data BYTEA NOT NULL);
            CREATE TABLE {s}.prov_attachment_links (subject TEXT NOT NULL, attachment TEXT NOT NULL, PRIMARY KEY (subject, attachment));
            INSERT INTO {s}.prov_entries VALUES (3, 'mixed', '', 1700000000);
            INSERT INTO {s}.prov_subjects (digest, idx, relation, name) VALUES {{rows}};
            """, (db, schema) =>
        {
            using (var store = new PostgresLogStore(PostgresStores.ConnectionString, schema))
            {
                store.Open();
                AssertMixedLinksAnswer(store);
                Assert.Equal([3], store.ReadIndexedEntry(3)!.Submission);
            }
            Assert.Equal(PostgresLogStore.SchemaVersion, (int)Scalar(db, $"SELECT version FROM {schema}.schema_version"));
            // The SQL migration computes the same keys as DigestKey.Encode (which new rows use).
            foreach (var l in MixedLinks)
            {
                using var cmd = db.CreateCommand($"SELECT count(*) FROM {schema}.prov_subjects WHERE digest = $1");
                cmd.Parameters.Add(new Npgsql.NpgsqlParameter<byte[]> { TypedValue = DigestKey.Encode(l.Digest) });
                Assert.Equal(1L, (long)cmd.ExecuteScalar()!);
            }
            Assert.Equal(0L, (long)Scalar(db, $"SELECT count(*) FROM pg_tables WHERE schemaname = '{schema}' AND tablename = 'prov_subjects_v2'"));
            using var again = new PostgresLogStore(PostgresStores.ConnectionString, schema);
            again.Open();
            AssertMixedLinksAnswer(again);
        });
    }

    [Fact]
    public void A_schema_from_a_newer_version_is_refused()
    {
        WithSchema($$"""
            CREATE SCHEMA {s};
            CREATE TABLE {s}.schema_version (id INT PRIMARY KEY CHECK (id = 0), version INT NOT NULL);
            INSERT INTO {s}.schema_version (id, version) VALUES (0, {{PostgresLogStore.SchemaVersion + 1}});
            """, (db, schema) =>
        {
            using var store = new PostgresLogStore(PostgresStores.ConnectionString, schema);
            var e = Assert.Throws<Provenant.Core.Errors.ProvenantException>(() => store.Open());
            Assert.Contains($"schema version {PostgresLogStore.SchemaVersion + 1}", e.Message);
            Assert.Equal(PostgresLogStore.SchemaVersion + 1, (int)Scalar(db, $"SELECT version FROM {schema}.schema_version"));
            Assert.Equal(0L, (long)Scalar(db, $"SELECT count(*) FROM pg_tables WHERE schemaname = '{schema}' AND tablename LIKE 'prov_%'"));
        });
    }
}
