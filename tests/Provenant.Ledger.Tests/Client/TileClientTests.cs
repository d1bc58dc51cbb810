using Provenant.Core.Merkle;
using Provenant.Ledger.Client;
using Provenant.Ledger.Tiles;

namespace Provenant.Ledger.Tests.Client;

/// <summary>The verifying client against a real log (SQLite store) through an in-memory fetcher.</summary>
public sealed class TileClientTests
{
    [Fact]
    public async Task Entries_and_inclusion_proofs_verify_across_full_and_partial_tiles()
    {
        await using var t = await TestLog.OpenAsync("entries");
        await t.AppendAsync("a", 0, 700, ordered: false); // tiles 0 and 1 full, tile 2 partial (188)
        var cp = await t.Client.FetchCheckpointAsync();
        Assert.Equal(700UL, cp.TreeSize);
        foreach (var i in new ulong[] { 0, 1, 255, 256, 511, 512, 600, 699 })
        {
            var got = await t.Client.GetEntryAsync(cp, i);
            Assert.Equal(t.Log.GetEntry(i), got.Entry);
            Assert.Equal(Rfc9162.HashLeaf(got.Entry!), got.LeafHash);
            // Independent check: the proof the log itself generates, and verification against the signed root.
            Assert.Equal(t.Log.ProveInclusion(i, 700), got.Proof);
            Assert.True(InclusionProof.Verify(i, 700, got.LeafHash, got.Proof, cp.Checkpoint.RootHash).IsValid);
        }
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => t.Client.GetEntryAsync(cp, 700));
        // Only tiles the verified tree contains were requested, partial ones with exactly the width it requires.
        Assert.All(t.Fetcher.Requests, r => Assert.True(TileMath.Exists(r.Path, 700), r.Path.ToString()));
        Assert.Contains(t.Fetcher.Requests, r => r.Path == new TilePath(0, 2, 188));
        Assert.Contains(t.Fetcher.Requests, r => r.Path == new TilePath(-1, 2, 188));
        Assert.Contains(t.Fetcher.Requests, r => r.Path == new TilePath(1, 0, 2));
    }

    [Fact]
    public async Task Leaf_search_finds_an_entry_or_verifies_its_absence()
    {
        await using var t = await TestLog.OpenAsync("search");
        await t.AppendAsync("s", 0, 300, ordered: false);
        var cp = await t.Client.FetchCheckpointAsync();
        var wanted = TestLog.Entry("s", 123);
        var found = await t.Client.FindLeafAsync(cp, Rfc9162.HashLeaf(wanted));
        Assert.NotNull(found);
        Assert.Equal(wanted, t.Log.GetEntry(found.Index));
        Assert.Null(await t.Client.FindLeafAsync(cp, Rfc9162.HashLeaf(TestLog.Entry("s", 300))));
    }

    [Fact]
    public async Task Consistency_between_every_pair_of_published_checkpoints()
    {
        await using var t = await TestLog.OpenAsync("consistency");
        var seen = new List<VerifiedCheckpoint> { await t.Client.FetchCheckpointAsync() }; // size 0
        foreach (var n in new[] { 1, 2, 5, 248, 1, 255, 256, 300 })
        {
            await t.AppendAsync("c", (int)seen[^1].TreeSize, n, ordered: false);
            seen.Add(await t.Client.FetchCheckpointAsync());
        }
        Assert.Equal(1068UL, seen[^1].TreeSize);
        // The client can only prove up to the tree the log serves now, so prove each earlier one to the latest.
        foreach (var a in seen)
        {
            var proof = await t.Client.ProveConsistencyAsync(a, seen[^1]);
            if (a.TreeSize > 0) Assert.Equal(t.Log.ProveConsistency(a.TreeSize, seen[^1].TreeSize), proof);
        }
        var ex = await Assert.ThrowsAsync<LogVerificationException>(() => t.Client.ProveConsistencyAsync(seen[^1], seen[3]));
        Assert.Contains("rollback", ex.Message);
    }

    [Fact]
    public async Task Full_audit_of_a_stored_log_rehashes_every_entry()
    {
        await using var t = await TestLog.OpenAsync("audit");
        await t.AppendAsync("f", 0, 700, ordered: false);
        var cp = await t.Client.FetchCheckpointAsync();
        var audit = await LogAudit.RunAsync(t.Client, cp);
        Assert.Equal(700UL, audit.Entries);
        Assert.Equal(2UL * 3 + 1, audit.Tiles); // 3 level-0 tiles and bundles, partial level-1 tile of width 2
    }

    [Fact]
    public async Task Full_audit_covers_level_one_and_two_tiles()
    {
        var entries = Enumerable.Range(0, 65_536 + 300).Select(i => TestLog.Entry("big", i)).ToList();
        var log = new StaticLog(entries);
        var client = new TileClient(log, new LogTrust(TestLog.Signer.Verifier));
        var cp = await client.FetchCheckpointAsync();
        var audit = await LogAudit.RunAsync(client, cp);
        Assert.Equal(65_836UL, audit.Entries);
        // 258 level-0 tiles and bundles, full level-1 tile 0, partial level-1 tile 1 (width 1), partial level-2 tile (width 1).
        Assert.Equal(2UL * 258 + 3, audit.Tiles);
        Assert.Contains(new TilePath(1, 0, 0), log.Requests);
        Assert.Contains(new TilePath(1, 1, 1), log.Requests);
        Assert.Contains(new TilePath(2, 0, 1), log.Requests);
        Assert.All(log.Requests, r => Assert.True(TileMath.Exists(r, cp.TreeSize), r.ToString()));

        // A proof across the level-1 boundary, and the root as the client computes it.
        var inc = await client.GetEntryAsync(cp, 65_700);
        Assert.Equal(entries[65_700], inc.Entry);
        Assert.Equal(log.Root, TileClient.PrefixRoot(new TiledHashSource(new StaticTiles(log, cp.TreeSize)), cp.TreeSize));
    }

    /// <summary>Synchronous view of a static log's tiles, of the widths the tree requires.</summary>
    private sealed class StaticTiles(StaticLog log, ulong size) : ITileReader
    {
        public byte[]? ReadTile(int level, ulong index)
        {
            var full = new TilePath(level, index, 0);
            var path = TileMath.Exists(full, size) ? full : new TilePath(level, index, TileMath.PartialWidth(level, size));
            return log.FetchTileAsync(path, default).Result;
        }
    }
}
