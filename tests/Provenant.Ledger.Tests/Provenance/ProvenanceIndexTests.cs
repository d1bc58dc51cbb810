using Microsoft.Data.Sqlite;
using Provenant.Ledger.Provenance;
using Provenant.Ledger.Storage;
using Provenant.Ledger.Tests.Log;
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
            cmd.CommandText = """
                CREATE TABLE entries (idx INTEGER PRIMARY KEY, leaf_hash BLOB NOT NULL UNIQUE, data BLOB NOT NULL);
                CREATE TABLE tiles (level INTEGER NOT NULL, idx INTEGER NOT NULL, hashes BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
                CREATE TABLE tree (id INTEGER PRIMARY KEY CHECK (id = 0), size INTEGER NOT NULL);
                CREATE TABLE checkpoint (id INTEGER PRIMARY KEY CHECK (id = 0), size INTEGER NOT NULL, note TEXT NOT NULL);
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
}
