using System.Text;
using Provenant.Core.Merkle;
using Provenant.Ledger.Checkpoints;
using Provenant.Ledger.Log;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Storage;
using Provenant.Ledger.Tiles;

namespace Provenant.Ledger.Tests.Log;

/// <summary>The log test suite, run against every store kind (SQLite and PostgreSQL subclasses below).</summary>
public abstract class TransparencyLogTests<TStores> : IClassFixture<TStores> where TStores : StoreKind
{
    private static readonly Ed25519NoteSigner Signer = Ed25519NoteSigner.ParsePrivateKey("PRIVATE+KEY+example.com/log/testdata+33d7b496+AeymY/SZAX0jZcJ8enZ5FY1Dz+wTML2yWSkK+9DSF3eg");
    private readonly TStores _stores;

    protected TransparencyLogTests(TStores stores) => _stores = stores;

    private static byte[] Entry(int i) => Encoding.UTF8.GetBytes($"entry {i:D6}");

    private static Checkpoint Open(string note)
    {
        var signed = SignedNote.Parse(note, "checkpoint");
        Assert.True(signed.Verify([Signer.Verifier]).IsValid);
        return Checkpoint.Parse(signed.Text, "checkpoint");
    }

    /// <summary>Re-reads the whole tree from storage and checks every tile and entry against an independent computation.</summary>
    private static void Fsck(ILogStore store, ulong size, IReadOnlyList<byte[]> expectedEntries)
    {
        var leafHashes = expectedEntries.Select(e => Rfc9162.HashLeaf(e)).ToList();
        var entries = store.ReadEntries(0, (int)size);
        Assert.Equal(expectedEntries.Count, entries.Count);
        for (var i = 0; i < entries.Count; i++) Assert.Equal(expectedEntries[i], entries[i]);
        var source = new TiledHashSource(store);
        Assert.Equal(Rfc9162.RootFromLeafHashes(leafHashes), size == 0 ? Rfc9162.EmptyRoot() : source.SubtreeHash(0, size));
        for (ulong t = 0; t * 256 < size; t++)
        {
            var tile = store.ReadTile(0, t)!;
            var w = (int)Math.Min(256, size - t * 256);
            Assert.Equal(leafHashes.Skip((int)t * 256).Take(w).SelectMany(h => h).ToArray(), tile[..(w * 32)]);
        }
    }

    [Fact]
    public async Task Appends_are_sequenced_proven_and_served_as_tiles()
    {
        using var store = _stores.Create();
        await using var log = await TransparencyLog.OpenAsync(store, Signer);
        Assert.Equal(0UL, Open(log.Published.Note).TreeSize);

        const int n = 700; // spans full level-0 tiles and a partial one
        var results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => log.AppendAsync(Entry(i))));
        var byIndex = results.OrderBy(r => r.Index).ToArray();
        Assert.Equal(Enumerable.Range(0, n).Select(i => (ulong)i), byIndex.Select(r => r.Index));
        var entriesInOrder = byIndex.Select(r => store.ReadEntries(r.Index, 1)[0]).ToList();
        foreach (var r in results)
        {
            var cp = Open(r.Checkpoint);
            Assert.True(r.Index < cp.TreeSize);
            Assert.True(InclusionProof.Verify(r.Index, r.TreeSize, r.LeafHash, r.InclusionProof, cp.RootHash).IsValid);
        }
        var final = Open(log.Published.Note);
        Assert.Equal((ulong)n, final.TreeSize);
        Fsck(store, (ulong)n, entriesInOrder);

        // Tiles served by path, and a full level-1 tile does not exist yet (needs 65,536 entries).
        var full = log.ReadTile(new TilePath(0, 1, 0))!;
        Assert.Equal(8192, full.Length);
        Assert.Equal(188 * 32, log.ReadTile(new TilePath(0, 2, 188))!.Length);
        Assert.Equal(10 * 32, log.ReadTile(new TilePath(0, 2, 10))!.Length);
        Assert.Null(log.ReadTile(new TilePath(0, 2, 189)));   // beyond the tree
        Assert.Null(log.ReadTile(new TilePath(0, 3, 1)));
        Assert.Null(log.ReadTile(new TilePath(1, 0, 0)));
        Assert.Equal(2 * 32, log.ReadTile(new TilePath(1, 0, 2))!.Length);
        var bundle = EntryBundle.Decode(log.ReadTile(new TilePath(-1, 2, 188))!, 188, "bundle");
        Assert.Equal(entriesInOrder[512], bundle[0]);

        // Consistency between any two published sizes.
        var seen = results.Select(r => Open(r.Checkpoint)).DistinctBy(c => c.TreeSize).OrderBy(c => c.TreeSize).ToList();
        for (var i = 1; i < seen.Count; i++)
        {
            var proof = log.ProveConsistency(seen[i - 1].TreeSize, seen[i].TreeSize);
            Assert.True(ConsistencyProof.Verify(seen[i - 1].TreeSize, seen[i].TreeSize, proof, seen[i - 1].RootHash, seen[i].RootHash).IsValid);
        }
    }

    [Fact]
    public async Task Duplicate_submissions_return_the_existing_entry()
    {
        using var store = _stores.Create();
        await using var log = await TransparencyLog.OpenAsync(store, Signer);
        var first = await log.AppendAsync(Entry(1));
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => log.AppendAsync(Entry(2))));
        Assert.Single(concurrent.Select(r => r.Index).Distinct());
        Assert.True(19 == concurrent.Count(r => r.Duplicate), string.Join(",", concurrent.Select(r => $"{r.Index}:{r.Duplicate}")));
        var again = await log.AppendAsync(Entry(1));
        Assert.True(again.Duplicate);
        Assert.Equal(first.Index, again.Index);
        Assert.Equal(2UL, Open(log.Published.Note).TreeSize);
    }

    [Fact]
    public async Task Resubmissions_after_reopen_are_found_in_the_store_not_appended_again()
    {
        using var store = _stores.Create("dedup");
        ulong[] indexes;
        await using (var log = await TransparencyLog.OpenAsync(store, Signer))
        {
            indexes = (await Task.WhenAll(Enumerable.Range(0, 300).Select(i => log.AppendAsync(Entry(i))))).Select(r => r.Index).ToArray();
        }
        await using (var log = await TransparencyLog.OpenAsync(store, Signer))
        {
            // Old and new entries mixed in the same batches: the old keep their indexes, only the new are appended.
            var mixed = await Task.WhenAll(Enumerable.Range(150, 300).Select(i => log.AppendAsync(Entry(i))));
            for (var k = 0; k < 300; k++)
            {
                var i = 150 + k;
                if (i < 300)
                {
                    Assert.True(mixed[k].Duplicate);
                    Assert.Equal(indexes[i], mixed[k].Index);
                }
                else
                {
                    Assert.False(mixed[k].Duplicate);
                    Assert.InRange(mixed[k].Index, 300UL, 449UL);
                }
                Assert.True(InclusionProof.Verify(mixed[k].Index, mixed[k].TreeSize, Rfc9162.HashLeaf(Entry(i)), mixed[k].InclusionProof, mixed[k].RootHash).IsValid);
            }
            Assert.Equal(450UL, Open(log.Published.Note).TreeSize);
        }
    }

    [Fact]
    public async Task A_published_checkpoint_lost_in_a_crash_is_re_signed_to_the_same_bytes()
    {
        // ILogStore lets a published checkpoint become durable only with the next batch; an OS crash before that brings
        // back the previous one. The log must then re-sign the stored tree, and the note must be the very bytes
        // submitters were already given (Ed25519 is deterministic), so nothing they hold is contradicted.
        using var store = _stores.Create("lostcheckpoint");
        string older, given;
        await using (var log = await TransparencyLog.OpenAsync(store, Signer, new LogOptions { CheckpointInterval = null }))
        {
            older = (await log.AppendAsync(Entry(1))).Checkpoint;
            given = (await log.AppendAsync(Entry(2))).Checkpoint;
        }
        Assert.NotEqual(older, given);
        store.PublishCheckpoint(1, older); // what the store holds after losing the last checkpoint write
        await using (var reopened = await TransparencyLog.OpenAsync(store, Signer, new LogOptions { CheckpointInterval = null }))
        {
            Assert.Equal(given, reopened.Published.Note);
            Assert.Equal(given, store.ReadCheckpoint());
        }
    }

    [Fact]
    public async Task A_checkpoint_without_witness_quorum_is_retried_without_new_entries()
    {
        using var store = _stores.Create("quorum");
        var dropping = new CheckpointDroppingStore(store);
        await using (var plain = await TransparencyLog.OpenAsync(dropping, Signer))
        {
            await plain.AppendAsync(Entry(1));
            dropping.Drop = true; // as if the process died after integrating entry 2 and before storing its checkpoint
            await plain.AppendAsync(Entry(2));
        }
        Assert.Equal(1UL, Checkpoint.Parse(SignedNote.Parse(store.ReadCheckpoint()!, "stored").Text, "stored").TreeSize);
        // Reopened with witnesses that are down: the checkpoint for size 2 cannot be published yet, and no entry
        // arrives to trigger another attempt; the sequencer retries on its own until the quorum is back.
        var up = false;
        var calls = 0;
        var options = new LogOptions
        {
            CheckpointInterval = null,
            Witnessing = (_, _, _) =>
            {
                Interlocked.Increment(ref calls);
                return Task.FromResult<IReadOnlyList<NoteSignature>?>(Volatile.Read(ref up) ? [] : null);
            },
        };
        await using var log = await TransparencyLog.OpenAsync(store, Signer, options);
        Assert.Equal(1UL, log.Published.Checkpoint.TreeSize);
        var waited = DateTime.UtcNow;
        while (Volatile.Read(ref calls) < 3 && DateTime.UtcNow - waited < TimeSpan.FromSeconds(15)) await Task.Delay(50);
        Assert.True(Volatile.Read(ref calls) >= 3, $"witnesses asked {calls} times");
        Assert.Equal(1UL, log.Published.Checkpoint.TreeSize);
        Volatile.Write(ref up, true);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (log.Published.Checkpoint.TreeSize != 2 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(2UL, log.Published.Checkpoint.TreeSize);
        Assert.Equal(2UL, Checkpoint.Parse(SignedNote.Parse(store.ReadCheckpoint()!, "stored").Text, "stored").TreeSize);
    }

    /// <summary>A store that can be told to lose checkpoint writes.</summary>
    private sealed class CheckpointDroppingStore(ILogStore inner) : ILogStore
    {
        public bool Drop { get; set; }
        public string Description => inner.Description;
        public (ulong TreeSize, string? Checkpoint) Open() => inner.Open();
        public IReadOnlyList<byte[]> ReadEntries(ulong start, int count) => inner.ReadEntries(start, count);
        public ulong? FindLeaf(byte[] leafHash) => inner.FindLeaf(leafHash);
        public IReadOnlyList<ulong?> FindLeaves(IReadOnlyList<byte[]> leafHashes) => inner.FindLeaves(leafHashes);
        public void Integrate(IntegrationBatch batch) => inner.Integrate(Drop ? batch with { Checkpoint = null } : batch);
        public void PublishCheckpoint(ulong treeSize, string note)
        {
            if (!Drop) inner.PublishCheckpoint(treeSize, note);
        }
        public string? ReadCheckpoint() => inner.ReadCheckpoint();
        public byte[]? ReadTile(int level, ulong index) => inner.ReadTile(level, index);
        public void Dispose() { }
    }

    [Fact]
    public async Task Checkpoints_are_refreshed_on_the_interval_while_idle()
    {
        using var store = _stores.Create("refresh");
        var calls = 0;
        var options = new LogOptions
        {
            CheckpointInterval = TimeSpan.FromMilliseconds(200),
            Witnessing = (_, _, _) => { Interlocked.Increment(ref calls); return Task.FromResult<IReadOnlyList<NoteSignature>?>([]); },
        };
        await using var log = await TransparencyLog.OpenAsync(store, Signer, options);
        await log.AppendAsync(Entry(1));
        var after = Volatile.Read(ref calls);
        // At least three refreshes with no new entry (generous deadline: the machine may be busy), and not a flood.
        var started = DateTime.UtcNow;
        while (Volatile.Read(ref calls) - after < 3 && DateTime.UtcNow - started < TimeSpan.FromSeconds(15)) await Task.Delay(50);
        var elapsed = DateTime.UtcNow - started;
        Assert.True(Volatile.Read(ref calls) - after >= 3, $"{Volatile.Read(ref calls) - after} refreshes in {elapsed.TotalSeconds:F1} s");
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(400), $"3 refreshes after only {elapsed.TotalMilliseconds:F0} ms with a 200 ms interval");
        Assert.Equal(1UL, log.Published.Checkpoint.TreeSize);
    }

    [Fact]
    public async Task State_survives_reopen_and_every_old_checkpoint_stays_consistent()
    {
        using var store = _stores.Create("reopen");
        var checkpoints = new List<Checkpoint>();
        var all = new List<byte[]>();
        for (var round = 0; round < 3; round++)
        {
            await using var log = await TransparencyLog.OpenAsync(store, Signer);
            for (var i = 0; i < 100; i++)
            {
                var e = Entry(round * 1000 + i);
                var r = await log.AppendAsync(e);
                Assert.Equal((ulong)all.Count, r.Index);
                all.Add(e);
                checkpoints.Add(Open(r.Checkpoint));
            }
        }
        await using var reopened = await TransparencyLog.OpenAsync(store, Signer);
        var latest = Open(reopened.Published.Note);
        Assert.Equal(300UL, latest.TreeSize);
        foreach (var cp in checkpoints.Where(c => c.TreeSize < latest.TreeSize))
        {
            Assert.True(ConsistencyProof.Verify(cp.TreeSize, latest.TreeSize, reopened.ProveConsistency(cp.TreeSize, latest.TreeSize), cp.RootHash, latest.RootHash).IsValid);
        }
        Fsck(store, 300, all);
    }

    [Fact]
    public async Task A_store_signed_by_another_key_is_refused()
    {
        using var store = _stores.Create("otherkey");
        await using (var log = await TransparencyLog.OpenAsync(store, Signer)) await log.AppendAsync(Entry(7));
        var other = Ed25519NoteSigner.Generate("example.com/log/testdata");
        await Assert.ThrowsAsync<InvalidDataException>(() => TransparencyLog.OpenAsync(store, other));
    }

    [Fact]
    public async Task Disposing_twice_is_harmless()
    {
        using var store = _stores.Create("dispose");
        var log = await TransparencyLog.OpenAsync(store, Signer);
        await log.DisposeAsync();
        await log.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => log.AppendAsync(Entry(1)));
    }

    [Fact]
    public async Task Oversized_and_empty_entries_are_refused()
    {
        using var store = _stores.Create("sizes");
        await using var log = await TransparencyLog.OpenAsync(store, Signer);
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(new byte[65536]));
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync([]));
        Assert.Equal(65535UL - 65535, (await log.AppendAsync(new byte[65535])).Index);
    }

    [Fact]
    public async Task Entries_waiting_for_a_batch_to_fill_are_integrated_once_its_age_is_reached()
    {
        using var store = _stores.Create("batchage");
        await using var log = await TransparencyLog.OpenAsync(store, Signer, new LogOptions { BatchMaxAge = TimeSpan.FromMilliseconds(20), CheckpointInterval = null });
        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => log.AppendAsync(Entry(i))));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (ulong)i), results.Select(r => r.Index).Order());
        Assert.All(results, r => Assert.True(r.TreeSize > r.Index));
        Assert.Equal(30UL, log.Published.Checkpoint.TreeSize);
    }

    [Fact]
    public async Task Integrating_a_batch_at_the_wrong_index_is_refused_by_the_store()
    {
        using var store = _stores.Create("cas");
        store.Open();
        var leaf = Rfc9162.HashLeaf(Entry(1));
        var e = TreeEdge.Empty();
        var tiles = e.Append([leaf]);
        Assert.Throws<InvalidOperationException>(() => store.Integrate(new IntegrationBatch(5, [leaf], [Entry(1)], tiles)));
        store.Integrate(new IntegrationBatch(0, [leaf], [Entry(1)], tiles));
        Assert.Equal(1UL, store.Open().TreeSize);
    }
}

public sealed class SqliteTransparencyLogTests(SqliteStores s) : TransparencyLogTests<SqliteStores>(s);

public sealed class PostgresTransparencyLogTests(PostgresStores s) : TransparencyLogTests<PostgresStores>(s);
