using Provenant.Core.Hashing;
using Provenant.Core.Merkle;

namespace Provenant.Core.Tests.Hashing;

public class Sha256LanesTests
{
    /// <summary>Each lane of the vector SHA-256 is the platform's SHA-256 of 0x01 ‖ left ‖ right (random pairs, every lane).</summary>
    [Fact]
    public void EveryLaneOfTheVectorInteriorHashIsSha256()
    {
        var rng = new Random(9);
        for (var trial = 0; trial < 50; trial++)
        {
            var pairs = new byte[8 * 64];
            rng.NextBytes(pairs);
            var hashes = new byte[8 * 32];
            Sha256Lanes.HashChildren(pairs, hashes);
            for (var lane = 0; lane < 8; lane++)
            {
                var expected = System.Security.Cryptography.SHA256.HashData([0x01, .. pairs.AsSpan(lane * 64, 64)]);
                Assert.Equal(expected, hashes.AsSpan(lane * 32, 32).ToArray());
            }
            // In place, as the root uses it: the eight parents overwrite the first half of their own children.
            Sha256Lanes.HashChildren(pairs, pairs);
            Assert.Equal(hashes, pairs.AsSpan(0, 8 * 32).ToArray());
        }
    }

    /// <summary>The in-place level-by-level root (vector lanes for eight pairs at a time, then one context for the rest),
    /// the streaming root and <see cref="Rfc9162.RootFromLeafHashes"/> (which packs from 16 leaves) all equal the recursive
    /// RFC 9162 §2.1.1 definition, computed here with one SHA-256 per node, for every size up to 70 and sizes around lane,
    /// power-of-two and packing edges.</summary>
    [Fact]
    public void TheInPlaceRootEqualsTheRfc9162Root()
    {
        var rng = new Random(3);
        foreach (var n in Enumerable.Range(0, 71).Concat([127, 128, 129, 1000, 1023, 1024, 1025, Rfc9162.PackedRootMaxLeaves + 1]))
        {
            var leaves = Enumerable.Range(0, n).Select(_ => { var b = new byte[32]; rng.NextBytes(b); return b; }).ToList();
            var packed = leaves.SelectMany(l => l).ToArray();
            var expected = Mth(leaves, 0, n);
            Assert.Equal(expected, Rfc9162.RootFromLeafHashesInPlace(packed, n));
            Assert.Equal(expected, Rfc9162.RangeRoot(leaves, 0, n));
            Assert.Equal(expected, Rfc9162.RootFromLeafHashes(leaves));
        }
        var bad = Enumerable.Range(0, 20).Select(_ => new byte[32]).ToArray();
        bad[17] = new byte[31];
        Assert.Contains("leaf hash 17", Assert.Throws<ArgumentException>(() => Rfc9162.RootFromLeafHashes(bad)).Message);
        bad[17] = null!;
        Assert.Throws<ArgumentNullException>(() => Rfc9162.RootFromLeafHashes(bad));
        Assert.Throws<ArgumentException>(() => Rfc9162.RootFromLeafHashesInPlace(new byte[63], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rfc9162.RootFromLeafHashesInPlace(new byte[64], -1));
    }

    // MTH(D[start, end)) by the definition: the empty hash, the leaf itself, or 0x01 ‖ MTH(left k) ‖ MTH(rest), k the
    // largest power of two below the size.
    private static byte[] Mth(IReadOnlyList<byte[]> leaves, int start, int end)
    {
        var n = end - start;
        if (n == 0) return System.Security.Cryptography.SHA256.HashData([]);
        if (n == 1) return leaves[start];
        var k = 1;
        while (k * 2 < n) k *= 2;
        return System.Security.Cryptography.SHA256.HashData([0x01, .. Mth(leaves, start, start + k), .. Mth(leaves, start + k, end)]);
    }
}
