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

    [Fact]
    public void A_failed_batch_rolls_back_everything_and_the_next_batch_still_integrates()
    {
        using var dir = SharedData.NewTempDir();
        using (var store = new SqliteLogStore(dir["log.db"]))
        {
            store.Open();
            store.Integrate(Batch(0, 2, 0, 1));
            // Leaf 1 again: the UNIQUE leaf_hash constraint fails on the second row, after the first was inserted.
            Assert.Throws<SqliteException>(() => store.Integrate(Batch(2, 2, 2, 1)));
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
    public void FindLeaves_on_the_writer_sees_each_committed_batch_and_nothing_of_a_rolled_back_one()
    {
        using var dir = SharedData.NewTempDir();
        using var store = new SqliteLogStore(dir["log.db"]);
        store.Open();
        Assert.Equal([null, null], store.FindLeaves([Leaf(0), Leaf(1)]));
        store.Integrate(Batch(0, 2, 0, 1));
        Assert.Equal([1UL, null, 0UL], store.FindLeaves([Leaf(1), Leaf(5), Leaf(0)]));
        Assert.Throws<SqliteException>(() => store.Integrate(Batch(2, 2, 2, 1)));
        Assert.Equal([null, 1UL], store.FindLeaves([Leaf(2), Leaf(1)])); // leaf 2 was inserted, then rolled back
        store.Integrate(Batch(2, 2, 2, 3));
        Assert.Equal([2UL, 3UL, 0UL], store.FindLeaves([Leaf(2), Leaf(3), Leaf(0)]));
        // A reader connection agrees with the writer.
        Assert.Equal(3UL, store.FindLeaf(Leaf(3)));
        Assert.Empty(store.FindLeaves([]));
    }
}
