using Microsoft.Data.Sqlite;
using Provenant.Ledger.Provenance;
using Provenant.Ledger.Storage;
using Provenant.TestSupport;

namespace Provenant.Ledger.Tests.Log;

/// <summary>The SQLite store's per-row write path (statements compiled once and reused across batches).</summary>
public sealed class SqliteLogStoreTests
{
    private static byte[] Leaf(int i) => System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i));

    private static IntegrationBatch Batch(ulong start, int count, params int[] leaves) =>
        new(start, [.. leaves.Select(Leaf)], [.. leaves.Select(i => new byte[] { (byte)i, 7 })], [(0, 0, new byte[32 * ((int)start + count)])])
        {
            Indexed = [.. leaves.Select((l, k) => new IndexedEntry(start + (ulong)k, "t", [(byte)l], 1_700_000_000, [new SubjectLink("sha256:" + Convert.ToHexStringLower(Leaf(l)), SubjectRelation.Subject, "n" + l)]))],
        };

    /// <summary>A batch whose tile write fails (a tile without hashes) after its entries and index rows were written.</summary>
    private static IntegrationBatch FailingBatch(ulong start, int count, params int[] leaves) =>
        new(start, [.. leaves.Select(Leaf)], [.. leaves.Select(i => new byte[] { (byte)i, 7 })], [(0, 0, null!)])
        {
            Indexed = [.. leaves.Select((l, k) => new IndexedEntry(start + (ulong)k, "t", [(byte)l], 1_700_000_000, [new SubjectLink("sha256:" + Convert.ToHexStringLower(Leaf(l)), SubjectRelation.Subject, "n" + l)]))],
        };

    [Fact]
    public void A_failed_batch_rolls_back_everything_and_the_next_batch_still_integrates()
    {
        using var dir = SharedData.NewTempDir();
        using (var store = new SqliteLogStore(dir["log.db"]))
        {
            store.Open();
            store.Integrate(Batch(0, 2, 0, 1));
            // The tile write fails after both entries were inserted.
            Assert.Throws<ArgumentNullException>(() => store.Integrate(FailingBatch(2, 2, 2, 4)));
            Assert.Equal(2, store.ReadEntries(0, 10).Count);
            Assert.Null(store.FindLeaf(Leaf(2)));
            Assert.Null(store.ReadIndexedEntry(2));
            Assert.Empty(store.FindByDigest("sha256:" + Convert.ToHexStringLower(Leaf(2)), -1, 10));
            // The reused statements were reset by the failure: the same indexes integrate now.
            store.Integrate(Batch(2, 2, 2, 3));
            Assert.Equal([[0, 7], [1, 7], [2, 7], [3, 7]], store.ReadEntries(0, 10));
            Assert.Equal("n3", Assert.Single(store.ReadIndexedEntry(3)!.Links).Name);
        }
        using var again = new SqliteLogStore(dir["log.db"]);
        Assert.Equal(4UL, again.Open().TreeSize);
        Assert.Equal(3UL, Assert.Single(again.FindByName("n3", 10)).Index);
    }

    [Fact]
    public void FindLeaves_sees_each_committed_batch_and_nothing_of_a_rolled_back_one()
    {
        using var dir = SharedData.NewTempDir();
        using var store = new SqliteLogStore(dir["log.db"]);
        store.Open();
        Assert.Equal([null, null], store.FindLeaves([Leaf(0), Leaf(1)]));
        store.Integrate(Batch(0, 2, 0, 1));
        Assert.Equal([1UL, null, 0UL], store.FindLeaves([Leaf(1), Leaf(5), Leaf(0)]));
        Assert.Throws<ArgumentNullException>(() => store.Integrate(FailingBatch(2, 2, 2, 4)));
        Assert.Equal([null, 1UL, null], store.FindLeaves([Leaf(2), Leaf(1), Leaf(4)])); // leaves 2 and 4 were inserted, then rolled back
        store.Integrate(Batch(2, 2, 2, 3));
        Assert.Equal([2UL, 3UL, 0UL], store.FindLeaves([Leaf(2), Leaf(3), Leaf(0)]));
        // A reader connection agrees with the writer.
        Assert.Equal(3UL, store.FindLeaf(Leaf(3)));
        Assert.Empty(store.FindLeaves([]));
    }

    private static string Digest(int leaf) => "sha256:" + Convert.ToHexStringLower(Leaf(leaf));

    [Fact]
    public void The_lookup_tables_stay_behind_the_log_until_the_lag_is_reached_and_answers_never_do()
    {
        using var dir = SharedData.NewTempDir();
        var path = dir["log.db"];
        using var store = new SqliteLogStore(path, indexLagEntries: 4);
        store.Open();
        store.Integrate(Batch(0, 3, 0, 1, 2));
        Assert.Equal(0, SqliteTestFiles.Scalar(path, "SELECT indexed FROM tree"));
        Assert.Equal(0, SqliteTestFiles.Scalar(path, "SELECT count(*) FROM leaf_index"));
        Assert.Equal([2UL, 0UL, null], store.FindLeaves([Leaf(2), Leaf(0), Leaf(9)])); // from memory
        Assert.Equal(3, SqliteTestFiles.Scalar(path, "SELECT count(*) FROM prov_subjects")); // the record is in the batch's transaction
        Assert.Equal(2UL, store.ReadIndexedEntry(2)!.Index);

        store.Integrate(Batch(3, 2, 3, 4)); // 5 behind ≥ 4: this batch catches the tables up
        Assert.Equal(5, SqliteTestFiles.Scalar(path, "SELECT indexed FROM tree"));
        Assert.Equal(5, SqliteTestFiles.Scalar(path, "SELECT count(*) FROM leaf_index"));
        Assert.Equal(5, SqliteTestFiles.Scalar(path, "SELECT count(*) FROM prov_digests"));
        Assert.Equal(5, SqliteTestFiles.Scalar(path, "SELECT count(*) FROM prov_names"));
        Assert.Equal([4UL, 0UL, null], store.FindLeaves([Leaf(4), Leaf(0), Leaf(9)])); // from leaf_index

        store.Integrate(Batch(5, 1, 5));
        Assert.Equal(5, SqliteTestFiles.Scalar(path, "SELECT indexed FROM tree"));
        // A search catches up first (without waiting for the lag).
        Assert.Equal(5UL, Assert.Single(store.FindByDigest(Digest(5), -1, 10)).Index);
        Assert.Equal(6, SqliteTestFiles.Scalar(path, "SELECT indexed FROM tree"));
        Assert.Equal(5UL, Assert.Single(store.FindByName("n5", 10)).Index);
        Assert.Equal(5UL, store.FindLeaf(Leaf(5)));
    }

    [Fact]
    public void Leaves_behind_the_mark_are_found_again_after_the_process_stops_without_catching_up()
    {
        using var dir = SharedData.NewTempDir();
        var path = dir["log.db"];
        using (var store = new SqliteLogStore(path, indexLagEntries: 100))
        {
            store.Open();
            store.Integrate(Batch(0, 2, 0, 1));
            store.Integrate(Batch(2, 2, 2, 3));
        } // Dispose does not catch up: as after a crash, the lookup tables hold none of the four
        Assert.Equal(0, SqliteTestFiles.Scalar(path, "SELECT count(*) FROM leaf_index"));
        Assert.Equal(0, SqliteTestFiles.Scalar(path, "SELECT indexed FROM tree"));
        using (var again = new SqliteLogStore(path, indexLagEntries: 100))
        {
            Assert.Equal(4UL, again.Open().TreeSize);
            Assert.Equal([3UL, 0UL, null], again.FindLeaves([Leaf(3), Leaf(0), Leaf(7)]));
            Assert.Equal(2UL, Assert.Single(again.FindByName("n2", 10)).Index);
        }
        // A smaller lag than the distance behind: Open catches up at once.
        using var strict = new SqliteLogStore(path, indexLagEntries: 1);
        Assert.Equal(4UL, strict.Open().TreeSize);
        Assert.Equal(4, SqliteTestFiles.Scalar(path, "SELECT indexed FROM tree"));
        Assert.Equal(4, SqliteTestFiles.Scalar(path, "SELECT count(*) FROM leaf_index"));
    }

    [Fact]
    public void A_leaf_stored_twice_is_found_at_its_lower_index_before_and_after_catching_up()
    {
        using var dir = SharedData.NewTempDir();
        using var store = new SqliteLogStore(dir["log.db"], indexLagEntries: 3);
        store.Open();
        store.Integrate(Batch(0, 2, 7, 8));
        store.Integrate(new IntegrationBatch(2, [Leaf(7)], [[7, 7]], [(0, 0, new byte[96])]));
        Assert.Equal(0UL, store.FindLeaf(Leaf(7))); // caught up in that batch (3 behind)
        store.Integrate(new IntegrationBatch(3, [Leaf(8)], [[8, 8]], [(0, 0, new byte[128])]));
        Assert.Equal([0UL, 1UL], store.FindLeaves([Leaf(7), Leaf(8)])); // 8 is in memory at 3 and in leaf_index at 1
    }

    /// <summary>The schema 3 tables exactly as the earlier SqliteLogStore created them.</summary>
    private const string SchemaV3 = $"""
        {SqliteTestFiles.LogTables}
        INSERT OR IGNORE INTO tree (id, size) VALUES (0, 0);
        CREATE TABLE prov_entries (idx INTEGER PRIMARY KEY, predicate_type TEXT NOT NULL, submission BLOB NOT NULL, logged_at INTEGER NOT NULL);
        CREATE INDEX prov_entries_time ON prov_entries (logged_at);
        CREATE TABLE prov_subjects (idx INTEGER NOT NULL, relation INTEGER NOT NULL, digest BLOB NOT NULL, name TEXT NOT NULL, PRIMARY KEY (idx, relation, digest)) WITHOUT ROWID;
        CREATE INDEX prov_subjects_digest ON prov_subjects (digest, idx);
        CREATE INDEX prov_subjects_name ON prov_subjects (name, idx) WHERE relation = 0;
        {SqliteTestFiles.AttachmentTables}
        PRAGMA user_version = 3;
        """;

    [Fact]
    public void A_schema_3_database_is_migrated_with_its_lookups_derived_and_answers_the_same()
    {
        using var dir = SharedData.NewTempDir();
        var path = dir["v3.db"];
        SqliteTestFiles.Sql(path, SchemaV3 + """
            INSERT INTO entries (idx, leaf_hash, data) VALUES (0, $l0, x'0007'), (1, $l1, x'0107');
            UPDATE tree SET size = 2;
            INSERT INTO prov_entries VALUES (0, 't', x'00', 1700000000), (1, 't', x'01', 1700000000);
            INSERT INTO prov_subjects VALUES (0, 0, $d0, 'n0'), (1, 1, $d1, 'ref');
            """, ("$l0", Leaf(0)), ("$l1", Leaf(1)), ("$d0", DigestKey.Encode(Digest(0))), ("$d1", DigestKey.Encode(Digest(1))));
        using (var store = new SqliteLogStore(path))
        {
            Assert.Equal(2UL, store.Open().TreeSize);
            Assert.Equal([1UL, 0UL], store.FindLeaves([Leaf(1), Leaf(0)]));
            Assert.Equal(0UL, Assert.Single(store.FindByName("n", 10)).Index); // a reference has no name row
            Assert.Equal(SubjectRelation.Reference, Assert.Single(store.FindByDigest(Digest(1), -1, 10)).Relation);
            Assert.Equal([[0, 7], [1, 7]], store.ReadEntries(0, 5));
            store.Integrate(Batch(2, 1, 2));
            Assert.Equal(2UL, Assert.Single(store.FindByDigest(Digest(2), -1, 10)).Index);
        }
        Assert.Equal(SqliteLogStore.SchemaVersion, SqliteTestFiles.Scalar(path, "PRAGMA user_version"));
        Assert.Equal(0, SqliteTestFiles.Scalar(path, "SELECT count(*) FROM sqlite_master WHERE name IN ('entries_v4', 'prov_subjects_digest', 'prov_subjects_name') OR (tbl_name = 'entries' AND type = 'index')"));
        Assert.Equal(3, SqliteTestFiles.Scalar(path, "SELECT count(*) FROM leaf_index")); // the two migrated, and entry 2 caught up by the search
    }
}
