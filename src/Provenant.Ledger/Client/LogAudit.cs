using Provenant.Core.Merkle;
using Provenant.Ledger.Tiles;

namespace Provenant.Ledger.Client;

/// <summary>
/// A full check of a log against a verified checkpoint, like Tessera's fsck: every entry bundle is fetched and each
/// entry hashed (RFC 9162 leaf hash) and compared with its level-0 tile; the tree is rebuilt from those leaf hashes,
/// every tile above level 0 the log serves is compared with the rebuilt one, and the rebuilt root with the
/// checkpoint's. Tiles are fetched in order, up to <see cref="TileClient.Parallelism"/> ahead; memory stays at one
/// tile per level plus the fetch window.
/// </summary>
public static class LogAudit
{
    /// <summary>Audits the whole tree of <paramref name="checkpoint"/>.</summary>
    /// <param name="client">The client (its fetcher and source name are used).</param>
    /// <param name="checkpoint">A verified checkpoint.</param>
    /// <param name="progress">Receives the number of entries checked so far.</param>
    /// <param name="cancellationToken">Cancels the audit.</param>
    /// <exception cref="LogVerificationException">An entry, tile or the root does not match.</exception>
    /// <exception cref="LogUnavailableException">Transport failure.</exception>
    public static async Task<LogAuditResult> RunAsync(TileClient client, VerifiedCheckpoint checkpoint, IProgress<ulong>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var size = checkpoint.TreeSize;
        var source = client.Fetcher.Source;
        var edge = TreeEdge.Empty();
        ulong tiles = 0;
        await foreach (var (t, (hashes, entries)) in TileClient.ScanAsync(size, (i, ct) => FetchLevelZeroAsync(client, i, size, ct), cancellationToken).ConfigureAwait(false))
        {
            var leaves = TileClient.SplitHashes(hashes);
            if (entries.Count != leaves.Count) throw new LogVerificationException($"{source}: entry bundle {t} has {entries.Count} entries, tile/0/{TilePath.FormatIndex(t)} {leaves.Count} hashes");
            for (var i = 0; i < leaves.Count; i++)
            {
                if (!Rfc9162.HashLeaf(entries[i]).AsSpan().SequenceEqual(leaves[i]))
                {
                    throw new LogVerificationException($"{source}: entry {t * TilePath.FullWidth + (ulong)i} does not hash to its leaf hash in tile/0/{TilePath.FormatIndex(t)}");
                }
            }
            tiles += 2;
            foreach (var (level, index, rebuilt) in edge.Append(leaves))
            {
                if (level == 0 || rebuilt.Length != TilePath.FullWidth * 32) continue;
                await CompareAsync(client, level, index, rebuilt, size, cancellationToken).ConfigureAwait(false);
                tiles++;
            }
            progress?.Report(edge.Size);
        }
        if (edge.Size != size) throw new InvalidOperationException($"audit covered {edge.Size} of {size} entries");
        for (var level = 1; TileMath.HashCount(level, size) > 0; level++)
        {
            if (TileMath.PartialWidth(level, size) == 0) continue;
            var index = TileMath.HashCount(level, size) / TilePath.FullWidth;
            await CompareAsync(client, level, index, edge.ReadTile(level, index)!, size, cancellationToken).ConfigureAwait(false);
            tiles++;
        }
        var root = edge.Root();
        if (!root.AsSpan().SequenceEqual(checkpoint.Checkpoint.RootHash))
        {
            throw new LogVerificationException($"{source}: the root recomputed from all {size} entries is {Convert.ToBase64String(root)}, the checkpoint says {Convert.ToBase64String(checkpoint.Checkpoint.RootHash)}");
        }
        return new LogAuditResult(size, tiles);
    }

    private static async Task<(byte[] Hashes, List<byte[]> Entries)> FetchLevelZeroAsync(TileClient client, ulong index, ulong size, CancellationToken ct)
    {
        var hashes = client.FetchHashTileAsync(0, index, size, ct);
        var entries = client.FetchEntryBundleAsync(index, size, ct);
        return (await hashes.ConfigureAwait(false), await entries.ConfigureAwait(false));
    }

    private static async Task CompareAsync(TileClient client, int level, ulong index, byte[] rebuilt, ulong size, CancellationToken ct)
    {
        var served = await client.FetchHashTileAsync(level, index, size, ct).ConfigureAwait(false);
        if (!served.AsSpan().SequenceEqual(rebuilt))
        {
            throw new LogVerificationException($"{client.Fetcher.Source}: tile {level}/{TilePath.FormatIndex(index)} differs from the tile rebuilt from level {level - 1}");
        }
    }
}
