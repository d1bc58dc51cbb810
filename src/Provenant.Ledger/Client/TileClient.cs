using System.Runtime.CompilerServices;
using Provenant.Core.Errors;
using Provenant.Core.Merkle;
using Provenant.Ledger.Tiles;

namespace Provenant.Ledger.Client;

/// <summary>
/// A verifying client of a c2sp.org/tlog-tiles log: checkpoints are verified against a <see cref="LogTrust"/>;
/// tiles are requested only within the tree a verified checkpoint describes (the full tile when the tree contains
/// it, otherwise the partial tile <c>.p/W</c> the checkpoint requires, with the full tile as fallback when the
/// partial one is gone); every tile's length is checked; every proof is computed from fetched tiles and verified
/// against the checkpoint's root before it is returned, so a tile that lies makes the call fail.
/// </summary>
/// <remarks>
/// Failures of the log (bad signature, wrong tile length, missing tile, hashes that miss the root, a fork) throw
/// <see cref="LogVerificationException"/> (or <see cref="LogForkException"/>); transport failures throw
/// <see cref="LogUnavailableException"/> from the <see cref="ITileFetcher"/>.
/// </remarks>
public sealed class TileClient
{
    /// <summary>Tiles fetched at the same time.</summary>
    internal const int Parallelism = 8;

    /// <summary>Creates a client for the log behind <paramref name="fetcher"/>, trusting <paramref name="trust"/>.</summary>
    public TileClient(ITileFetcher fetcher, LogTrust trust)
    {
        Fetcher = fetcher ?? throw new ArgumentNullException(nameof(fetcher));
        Trust = trust ?? throw new ArgumentNullException(nameof(trust));
    }

    /// <summary>The transport.</summary>
    public ITileFetcher Fetcher { get; }

    /// <summary>The keys and quorum checkpoints must satisfy.</summary>
    public LogTrust Trust { get; }

    /// <summary>Fetches <c>/checkpoint</c> and verifies it.</summary>
    /// <exception cref="LogVerificationException">Malformed, wrongly signed, wrong origin, or too few witnesses.</exception>
    /// <exception cref="LogUnavailableException">Transport failure.</exception>
    public async Task<VerifiedCheckpoint> FetchCheckpointAsync(CancellationToken cancellationToken = default)
    {
        var bytes = await Fetcher.FetchCheckpointAsync(cancellationToken).ConfigureAwait(false);
        if (bytes.Length > ITileFetcher.MaxCheckpointBytes) throw new LogVerificationException($"{Fetcher.Source}/checkpoint is {bytes.Length} bytes, more than {ITileFetcher.MaxCheckpointBytes}");
        return VerifyCheckpoint(bytes, Fetcher.Source + "/checkpoint");
    }

    /// <summary>Verifies a checkpoint from elsewhere (a saved file, a monitor's state).</summary>
    /// <exception cref="LogVerificationException">It does not verify against <see cref="Trust"/>.</exception>
    public VerifiedCheckpoint VerifyCheckpoint(ReadOnlySpan<byte> note, string source)
    {
        var result = Trust.Verify(note, source, out var checkpoint);
        return result.IsValid ? checkpoint! : throw new LogVerificationException(result.Reason);
    }

    /// <summary>
    /// The inclusion proof of entry <paramref name="index"/> in <paramref name="checkpoint"/>'s tree, computed from
    /// tiles and verified against its root, with the leaf hash from the level-0 tile.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> ≥ the tree size.</exception>
    /// <exception cref="LogVerificationException">Missing or wrongly sized tiles, or the proof misses the root.</exception>
    public async Task<VerifiedInclusion> ProveInclusionAsync(VerifiedCheckpoint checkpoint, ulong index, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var size = checkpoint.TreeSize;
        if (index >= size) throw new ArgumentOutOfRangeException(nameof(index), $"entry {index} is not in the tree of size {size}");
        var (leaf, proof) = await ComputeFromTilesAsync(size, s => (s.SubtreeHash(index, index + 1), InclusionProof.Generate(s, index, size)), cancellationToken).ConfigureAwait(false);
        var v = InclusionProof.Verify(index, size, leaf, proof, checkpoint.Checkpoint.RootHash);
        if (!v.IsValid) throw new LogVerificationException($"the tiles {Fetcher.Source} serves do not match its checkpoint of size {size}: {v.Reason}");
        return new VerifiedInclusion(index, leaf, proof, checkpoint, null);
    }

    /// <summary>
    /// Entry <paramref name="index"/> from its entry bundle, after its leaf hash was checked against the level-0 tile
    /// and the tile against the checkpoint's root by a verified inclusion proof.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> ≥ the tree size.</exception>
    /// <exception cref="LogVerificationException">A malformed bundle, an entry that does not hash to the tile's leaf hash, or a failed proof.</exception>
    public async Task<VerifiedInclusion> GetEntryAsync(VerifiedCheckpoint checkpoint, ulong index, CancellationToken cancellationToken = default)
    {
        var inclusion = await ProveInclusionAsync(checkpoint, index, cancellationToken).ConfigureAwait(false);
        var bundle = await FetchEntryBundleAsync(index / TilePath.FullWidth, checkpoint.TreeSize, cancellationToken).ConfigureAwait(false);
        var entry = bundle[(int)(index % TilePath.FullWidth)];
        if (!Rfc9162.HashLeaf(entry).AsSpan().SequenceEqual(inclusion.LeafHash))
        {
            throw new LogVerificationException($"entry {index} served by {Fetcher.Source} does not hash to its leaf hash in tile/0/{TilePath.FormatIndex(index / TilePath.FullWidth)}");
        }
        return inclusion with { Entry = entry };
    }

    /// <summary>
    /// Finds the entry whose leaf hash is <paramref name="leafHash"/> by scanning the level-0 tiles in order and
    /// returns its verified inclusion proof. When no tile holds it, the scanned tiles are hashed into a root and
    /// compared with the checkpoint's, so "not in the log" is verified too (null).
    /// </summary>
    /// <param name="checkpoint">The tree to search.</param>
    /// <param name="leafHash">SHA-256(0x00 ‖ entry), 32 bytes.</param>
    /// <param name="progress">Receives the number of leaf hashes scanned so far.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <exception cref="LogVerificationException">The tiles do not hash to the checkpoint's root, or a proof fails.</exception>
    public async Task<VerifiedInclusion?> FindLeafAsync(VerifiedCheckpoint checkpoint, byte[] leafHash, IProgress<ulong>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (leafHash is not { Length: Rfc9162.HashSize }) throw new ArgumentException("a leaf hash is 32 bytes", nameof(leafHash));
        var edge = TreeEdge.Empty();
        await foreach (var (tileIndex, hashes) in ScanAsync(checkpoint.TreeSize, (t, ct) => FetchHashTileAsync(0, t, checkpoint.TreeSize, ct), cancellationToken).ConfigureAwait(false))
        {
            var leaves = SplitHashes(hashes);
            for (var i = 0; i < leaves.Count; i++)
            {
                if (!leaves[i].AsSpan().SequenceEqual(leafHash)) continue;
                var found = await ProveInclusionAsync(checkpoint, tileIndex * TilePath.FullWidth + (ulong)i, cancellationToken).ConfigureAwait(false);
                if (!found.LeafHash.AsSpan().SequenceEqual(leafHash)) throw new LogVerificationException($"{Fetcher.Source} served two different versions of tile/0/{TilePath.FormatIndex(tileIndex)}");
                return found;
            }
            edge.Append(leaves);
            progress?.Report(edge.Size);
        }
        if (!edge.Root().AsSpan().SequenceEqual(checkpoint.Checkpoint.RootHash))
        {
            throw new LogVerificationException($"the level-0 tiles {Fetcher.Source} serves do not hash to the root of its checkpoint of size {checkpoint.TreeSize}");
        }
        return null;
    }

    /// <summary>
    /// Proves that <paramref name="later"/> extends <paramref name="earlier"/> (RFC 9162 §2.1.4): the consistency
    /// proof is computed from the later tree's tiles and verified against both roots. Equal sizes need equal roots;
    /// an empty earlier tree is consistent with every tree.
    /// </summary>
    /// <returns>The verified proof hashes, bottom first (empty for equal sizes or an empty earlier tree).</returns>
    /// <exception cref="LogForkException">Both are signed by the log but cannot both be honest: equal sizes with different
    /// roots, or the later tree's tiles (confirmed by a consistency proof to its own root) hash its first
    /// <c>earlier.TreeSize</c> leaves to a root other than the earlier checkpoint's.</exception>
    /// <exception cref="LogVerificationException">The later checkpoint is smaller (a rollback), or its tiles do not match its root.</exception>
    public async Task<byte[][]> ProveConsistencyAsync(VerifiedCheckpoint earlier, VerifiedCheckpoint later, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(later);
        ulong size1 = earlier.TreeSize, size2 = later.TreeSize;
        if (size1 > size2) throw new LogVerificationException($"{Fetcher.Source} serves a checkpoint of size {size2}, older than the checkpoint of size {size1} it signed before (rollback)");
        if (size1 == 0) return [];
        var root1 = earlier.Checkpoint.RootHash;
        var root2 = later.Checkpoint.RootHash;
        if (size1 == size2)
        {
            if (root1.AsSpan().SequenceEqual(root2)) return [];
            throw new LogForkException($"fork: the log signed two different roots for tree size {size1}", new ForkEvidence(earlier, later, null));
        }
        var (proof, prefixRoot) = await ComputeFromTilesAsync(size2, s => (ConsistencyProof.Generate(s, size1, size2), PrefixRoot(s, size1)), cancellationToken).ConfigureAwait(false);
        var v = ConsistencyProof.Verify(size1, size2, proof, root1, root2);
        if (v.IsValid) return proof;
        // Tell a fork from tiles that lie: if the proof does verify from the tiles' own prefix root, the later tree
        // commits to that prefix, which differs from what the log signed at size1.
        if (ConsistencyProof.Verify(size1, size2, proof, prefixRoot, root2).IsValid)
        {
            throw new LogForkException(
                $"fork: the log's checkpoint of size {size2} is not an extension of its checkpoint of size {size1} (its first {size1} leaves hash to {Convert.ToBase64String(prefixRoot)}, not {Convert.ToBase64String(root1)})",
                new ForkEvidence(earlier, later, prefixRoot));
        }
        throw new LogVerificationException($"the tiles {Fetcher.Source} serves do not match its checkpoint of size {size2}: {v.Reason}");
    }

    /// <summary>MTH(D[0:size]) from a subtree-hash source: the fold of the perfect subtrees of the binary decomposition of size.</summary>
    internal static byte[] PrefixRoot(IMerkleHashSource source, ulong size)
    {
        var parts = new List<byte[]>(64);
        ulong start = 0;
        for (var h = 63; h >= 0; h--)
        {
            if (((size >> h) & 1) == 0) continue;
            parts.Add(source.SubtreeHash(start, start + (1UL << h)));
            start += 1UL << h;
        }
        var acc = parts[^1];
        for (var i = parts.Count - 2; i >= 0; i--) acc = Rfc9162.HashChildren(parts[i], acc);
        return acc;
    }

    /// <summary>
    /// Runs <paramref name="compute"/> over tiles of the tree of <paramref name="treeSize"/> leaves: a dry run finds
    /// the tiles it reads, they are fetched in parallel (length-checked), and it runs again over them.
    /// </summary>
    private async Task<T> ComputeFromTilesAsync<T>(ulong treeSize, Func<IMerkleHashSource, T> compute, CancellationToken cancellationToken)
    {
        var plan = new TileFetchPlan(treeSize);
        compute(new TiledHashSource(plan));
        var tiles = new FetchedTiles();
        using var limit = new SemaphoreSlim(Parallelism);
        await Task.WhenAll(plan.Tiles.Select(async t =>
        {
            await limit.WaitAsync(cancellationToken).ConfigureAwait(false);
            try { tiles.Add(t.Level, t.Index, await FetchHashTileAsync(t.Level, t.Index, treeSize, cancellationToken).ConfigureAwait(false)); }
            finally { limit.Release(); }
        })).ConfigureAwait(false);
        return compute(new TiledHashSource(tiles));
    }

    /// <summary>
    /// Tile <paramref name="index"/> of <paramref name="level"/> as the tree of <paramref name="treeSize"/> leaves has
    /// it: 8,192 bytes when full within the tree, else exactly the <c>W·32</c> bytes of its partial width.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The tile is not in the tree (never requested).</exception>
    /// <exception cref="LogVerificationException">Not served, or the wrong length.</exception>
    internal async Task<byte[]> FetchHashTileAsync(int level, ulong index, ulong treeSize, CancellationToken cancellationToken)
    {
        if (level < 0) throw new ArgumentOutOfRangeException(nameof(level));
        var (path, bytes) = await FetchWithinTreeAsync(level, index, treeSize, cancellationToken).ConfigureAwait(false);
        if (bytes.Length != path.Count * 32) throw new LogVerificationException($"{Fetcher.Source}/{path} is {bytes.Length} bytes, expected {path.Count * 32}");
        var width = TileWidth(level, index, treeSize);
        return bytes.Length == width * 32 ? bytes : bytes[..(width * 32)];
    }

    /// <summary>The entries of bundle <paramref name="index"/> that the tree of <paramref name="treeSize"/> leaves contains.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bundle is not in the tree (never requested).</exception>
    /// <exception cref="LogVerificationException">Not served, or malformed (truncated, wrong entry count, trailing bytes).</exception>
    internal async Task<List<byte[]>> FetchEntryBundleAsync(ulong index, ulong treeSize, CancellationToken cancellationToken)
    {
        var (path, bytes) = await FetchWithinTreeAsync(-1, index, treeSize, cancellationToken).ConfigureAwait(false);
        List<byte[]> entries;
        try { entries = EntryBundle.Decode(bytes, path.Count, $"{Fetcher.Source}/{path}"); }
        catch (ProvenantFormatException e) { throw new LogVerificationException("malformed entry bundle: " + e.Message); }
        var width = TileWidth(0, index, treeSize);
        return entries.Count == width ? entries : entries.GetRange(0, width);
    }

    /// <summary>Hashes (or entries) tile <paramref name="index"/> of <paramref name="level"/> holds in the tree: 256, or the partial width.</summary>
    private static int TileWidth(int level, ulong index, ulong treeSize) =>
        TileMath.Exists(new TilePath(level, index, 0), treeSize) ? TilePath.FullWidth : TileMath.PartialWidth(level, treeSize);

    /// <summary>
    /// Fetches the resource for tile <paramref name="index"/> (level −1: entry bundle) within the tree: the full tile
    /// if the tree contains it, else the partial one of the width the tree requires, falling back to the full tile
    /// (of which the partial one is a prefix) when the partial one is gone.
    /// </summary>
    private async Task<(TilePath Path, byte[] Bytes)> FetchWithinTreeAsync(int level, ulong index, ulong treeSize, CancellationToken cancellationToken)
    {
        if (!TileMath.Exists(new TilePath(level, index, 1), treeSize))
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"{new TilePath(level, index, 0)} is beyond the tree of size {treeSize}");
        }
        var full = new TilePath(level, index, 0);
        if (TileMath.Exists(full, treeSize))
        {
            var bytes = await Fetcher.FetchTileAsync(full, cancellationToken).ConfigureAwait(false);
            return bytes is null ? throw Missing(full, treeSize) : (full, bytes);
        }
        var partial = new TilePath(level, index, TileMath.PartialWidth(level < 0 ? 0 : level, treeSize));
        var p = await Fetcher.FetchTileAsync(partial, cancellationToken).ConfigureAwait(false);
        if (p is not null) return (partial, p);
        var f = await Fetcher.FetchTileAsync(full, cancellationToken).ConfigureAwait(false);
        return f is null ? throw Missing(partial, treeSize) : (full, f);
    }

    private LogVerificationException Missing(TilePath path, ulong treeSize) =>
        new($"{Fetcher.Source} does not serve {path}, which its checkpoint of size {treeSize} requires");

    /// <summary>Splits a tile into its 32-byte hashes.</summary>
    internal static List<byte[]> SplitHashes(byte[] tile)
    {
        var list = new List<byte[]>(tile.Length / 32);
        for (var o = 0; o < tile.Length; o += 32) list.Add(tile[o..(o + 32)]);
        return list;
    }

    /// <summary>
    /// Fetches resources 0 … ⌈hashes/256⌉ − 1 of level 0 for the tree of <paramref name="treeSize"/> leaves with
    /// <paramref name="fetch"/>, up to <see cref="Parallelism"/> ahead, yielding them in order.
    /// </summary>
    internal static async IAsyncEnumerable<(ulong Index, T Value)> ScanAsync<T>(ulong treeSize, Func<ulong, CancellationToken, Task<T>> fetch,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = treeSize / TilePath.FullWidth + (treeSize % TilePath.FullWidth == 0 ? 0UL : 1UL);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = new Queue<Task<T>>();
        ulong next = 0;
        try
        {
            for (ulong t = 0; t < count; t++)
            {
                while (next < count && window.Count < Parallelism) window.Enqueue(fetch(next++, stop.Token));
                yield return (t, await window.Dequeue().ConfigureAwait(false));
            }
        }
        finally
        {
            stop.Cancel();
            foreach (var pending in window) _ = pending.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
    }
}
