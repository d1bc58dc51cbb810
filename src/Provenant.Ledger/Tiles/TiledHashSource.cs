using System.Numerics;
using Provenant.Core.Errors;
using Provenant.Core.Merkle;

namespace Provenant.Ledger.Tiles;

/// <summary>
/// Subtree hashes for proof generation (<see cref="IMerkleHashSource"/>) computed from tiles: a perfect subtree of
/// height <c>h = 8·L + r</c> is the perfect tree over <c>2^r</c> consecutive level-<c>L</c> hashes of one tile
/// (c2sp.org/tlog-tiles: "The Merkle Tree levels between those expressed by the tile hashes are reconstructed by
/// hashing the leaves"). A valid subtree is the fold of its left-to-right decomposition into perfect subtrees.
/// </summary>
/// <param name="tiles">Where tiles are read from.</param>
/// <param name="memo">Optional cache of perfect subtree hashes between tile levels (only for tiles that can be trusted
/// never to change, i.e. a log's own store); null computes them every time.</param>
public sealed class TiledHashSource(ITileReader tiles, SubtreeHashMemo? memo = null) : IMerkleHashSource
{
    /// <inheritdoc />
    /// <exception cref="ProvenantException">A needed tile is missing or too narrow (store inconsistency).</exception>
    public byte[] SubtreeHash(ulong start, ulong end)
    {
        if (!MerkleSubtree.IsValid(start, end)) throw new ArgumentException($"[{start}, {end}) is not a valid subtree");
        var size = end - start;
        if ((size & (size - 1)) == 0) return PerfectSubtreeHash(BitOperations.TrailingZeroCount(size), start >> BitOperations.TrailingZeroCount(size));
        if (memo is not null && memo.TryGetRange(start, end, out var known)) return known;
        var parts = new List<byte[]>(64);
        var p = start;
        while (p < end)
        {
            var remaining = end - p;
            var h = 63 - BitOperations.LeadingZeroCount(remaining); // largest 2^h ≤ remaining
            if (p != 0) h = Math.Min(h, BitOperations.TrailingZeroCount(p));
            parts.Add(PerfectSubtreeHash(h, p >> h));
            p += 1UL << h;
        }
        var acc = parts[^1];
        for (var i = parts.Count - 2; i >= 0; i--) acc = Rfc9162.HashChildren(parts[i], acc);
        memo?.AddRange(start, end, acc);
        return acc;
    }

    /// <summary>MTH(D[i·2^h : (i+1)·2^h]).</summary>
    public byte[] PerfectSubtreeHash(int height, ulong index)
    {
        var level = height / TileMath.Height;
        var r = height % TileMath.Height;
        var first = index << r;                 // first level-L hash
        var tileIndex = first / TilePath.FullWidth;
        var offset = (int)(first % TilePath.FullWidth);
        var count = 1 << r;
        if (r > 0 && memo is not null && memo.TryGet(height, index, out var known)) return known;
        var tile = tiles.ReadTile(level, tileIndex);
        if (tile is null || tile.Length < (offset + count) * 32)
        {
            throw new ProvenantException($"log store is missing hashes {offset}..{offset + count - 1} of tile {level}/{tileIndex} (have {(tile?.Length ?? 0) / 32})", Core.Errors.ExitCodes.Internal);
        }
        if (r == 0) return tile.AsSpan(offset * 32, 32).ToArray();
        return memo is null ? PerfectRoot(tile.AsSpan(offset * 32, count * 32)) : MemoizedRoot(tile, height, index, r);
    }

    /// <summary>
    /// The hash of the perfect subtree (<paramref name="height"/>, <paramref name="index"/>) whose 2^<paramref name="r"/>
    /// level hashes are in <paramref name="tile"/>, from its two children (memoized or computed the same way): once
    /// the memo holds the subtrees under it, one hash instead of 2^r − 1. Adds every subtree it computes to the memo.
    /// </summary>
    private byte[] MemoizedRoot(byte[] tile, int height, ulong index, int r)
    {
        if (memo!.TryGet(height, index, out var known)) return known;
        byte[] root;
        if (r == 1)
        {
            var at = (int)((index << 1) % TilePath.FullWidth) * 32;
            root = Rfc9162.HashChildren(tile.AsSpan(at, 32), tile.AsSpan(at + 32, 32));
        }
        else
        {
            root = Rfc9162.HashChildren(MemoizedRoot(tile, height - 1, index << 1, r - 1), MemoizedRoot(tile, height - 1, (index << 1) + 1, r - 1));
        }
        memo.Add(height, index, root);
        return root;
    }

    /// <summary>The root of a perfect tree over <c>hashes.Length / 32</c> (a power of two) node hashes.</summary>
    internal static byte[] PerfectRoot(ReadOnlySpan<byte> hashes)
    {
        var n = hashes.Length / 32;
        if (n == 1) return hashes.ToArray();
        var buf = hashes.ToArray();
        while (n > 1)
        {
            for (var i = 0; i < n / 2; i++)
            {
                var h = Rfc9162.HashChildren(buf.AsSpan(64 * i, 32), buf.AsSpan(64 * i + 32, 32));
                h.CopyTo(buf, 32 * i);
            }
            n /= 2;
        }
        return buf[..32];
    }
}
