using System.Security.Cryptography;
using Provenant.Core.Merkle;
using Provenant.Ledger.Tiles;

namespace Provenant.Ledger.Tests.Tiles;

/// <summary>
/// Subtree hashes from tiles, with and without a <see cref="SubtreeHashMemo"/>, against RFC 9162 computed directly from
/// the leaf hashes: every valid subtree of a growing tree, so that memoized right-edge ranges are asked again after the
/// tree has grown past them.
/// </summary>
public sealed class TiledHashSourceTests
{
    private sealed class Tiles : ITileReader
    {
        public Dictionary<(int, ulong), byte[]> Stored { get; } = [];

        public byte[]? ReadTile(int level, ulong index) => Stored.TryGetValue((level, index), out var t) ? t : null;
    }

    [Fact]
    public void Every_valid_subtree_matches_the_direct_hash_with_and_without_the_memo_as_the_tree_grows()
    {
        var leaves = Enumerable.Range(0, 700).Select(i => SHA256.HashData(BitConverter.GetBytes(i))).ToList();
        var tiles = new Tiles();
        var edge = TreeEdge.Empty();
        var memo = new SubtreeHashMemo();
        var memoized = new TiledHashSource(tiles, memo);
        var plain = new TiledHashSource(tiles);
        var size = 0;
        foreach (var grow in new[] { 3, 250, 7, 300, 140 }) // partial and full tiles at level 0, a partial tile at level 1
        {
            foreach (var (level, index, hashes) in edge.Append(leaves.GetRange(size, grow))) tiles.Stored[(level, index)] = hashes;
            size += grow;
            var checkedRanges = 0;
            for (ulong start = 0; start < (ulong)size; start++)
            {
                for (var end = start + 1; end <= (ulong)size; end++)
                {
                    if (!MerkleSubtree.IsValid(start, end)) continue;
                    var expected = MerkleSubtree.Root(leaves, start, end);
                    Assert.Equal(expected, plain.SubtreeHash(start, end));
                    Assert.Equal(expected, memoized.SubtreeHash(start, end));
                    Assert.Equal(expected, memoized.SubtreeHash(start, end)); // now from the memo where it is not perfect
                    var width = end - start;
                    if ((width & (width - 1)) != 0)
                    {
                        Assert.True(memo.TryGetRange(start, end, out var kept));
                        Assert.Equal(expected, kept);
                    }
                    checkedRanges++;
                }
            }
            Assert.True(checkedRanges > size);
            Assert.Equal(Rfc9162.RootFromLeafHashes(leaves.GetRange(0, size)), memoized.SubtreeHash(0, (ulong)size));
        }
        // A perfect subtree is computed from its two memoized children, so every subtree under one asked for is memoized.
        Assert.True(memo.TryGet(1, 349, out var pair));
        Assert.Equal(MerkleSubtree.Root(leaves, 698, 700), pair);
        Assert.True(memo.TryGet(6, 9, out var sixty4));
        Assert.Equal(MerkleSubtree.Root(leaves, 576, 640), sixty4);
    }

    [Fact]
    public void A_memoized_range_is_what_proofs_use()
    {
        // A wrong value planted in the memo shows up in the proof: the memo is consulted for right-edge ranges (and this
        // is why only the log's own, trusted tiles get one).
        var leaves = Enumerable.Range(0, 13).Select(i => SHA256.HashData(BitConverter.GetBytes(i))).ToList();
        var tiles = new Tiles();
        foreach (var (level, index, hashes) in TreeEdge.Empty().Append(leaves)) tiles.Stored[(level, index)] = hashes;
        var memo = new SubtreeHashMemo();
        var source = new TiledHashSource(tiles, memo);
        var root = Rfc9162.RootFromLeafHashes(leaves);
        var proof = InclusionProof.Generate(source, 0, 13);
        Assert.True(InclusionProof.Verify(0, 13, leaves[0], proof, root).IsValid);
        Assert.True(memo.TryGetRange(8, 13, out _));
        memo.AddRange(8, 13, new byte[32]); // kept: the first value wins
        Assert.True(InclusionProof.Verify(0, 13, leaves[0], InclusionProof.Generate(source, 0, 13), root).IsValid);
        var fresh = new SubtreeHashMemo();
        fresh.AddRange(8, 13, new byte[32]);
        Assert.False(InclusionProof.Verify(0, 13, leaves[0], InclusionProof.Generate(new TiledHashSource(tiles, fresh), 0, 13), root).IsValid);
    }
}
