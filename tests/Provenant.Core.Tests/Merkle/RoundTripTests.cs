using Provenant.Core.Merkle;

namespace Provenant.Core.Tests.Merkle;

/// <summary>
/// Property tests over random trees of 1..300 leaves: every generated proof verifies, and every single-byte change to a
/// proof hash, to either root or to the leaf hash, and every off-by-one in an index or size, is rejected.
/// Indices/sizes are sampled (all of them for small trees) to keep the run short.
/// </summary>
/// <remarks>
/// An RFC 9162 proof does not by itself authenticate the tree size (the signed tree head does): a proof for size n
/// often also "verifies" for n ± 1 against the <em>same</em> root, because the hashing steps are identical.
/// Size off-by-ones are therefore checked against the real root of the tree of size n ± 1.
/// </remarks>
public class RoundTripTests
{
    private const int MaxSize = 300;

    private static IEnumerable<int> Sample(Random rng, int count, int all)
    {
        if (count <= all) return Enumerable.Range(0, count);
        return new[] { 0, count - 1 }.Concat(Enumerable.Range(0, all - 2).Select(_ => rng.Next(count))).Distinct();
    }

    /// <summary>Calls <paramref name="check"/> with a copy of <paramref name="value"/> changed in one byte, for every byte.</summary>
    private static int EveryByteChange(byte[] value, Action<byte[]> check)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var copy = (byte[])value.Clone();
            copy[i] ^= (byte)(1 + (i % 255));
            check(copy);
        }
        return value.Length;
    }

    private static byte[][] Replace(byte[][] proof, int at, byte[] with)
    {
        var copy = (byte[][])proof.Clone();
        copy[at] = with;
        return copy;
    }

    [Fact]
    public void InclusionProofsRoundTripAndRejectEveryMutation()
    {
        var rng = new Random(9162);
        long mutations = 0;
        for (var size = 1; size <= MaxSize; size++)
        {
            var all = RfcReference.RandomLeaves(rng, size + 1);
            var leaves = all[..size];
            var root = Rfc9162.RootFromLeafHashes(leaves);
            var rootPlus = Rfc9162.RootFromLeafHashes(all);
            var rootMinus = Rfc9162.RootFromLeafHashes(all[..(size - 1)]);
            var n = (ulong)size;
            foreach (var index in Sample(rng, size, 6))
            {
                var i = (ulong)index;
                var proof = InclusionProof.Generate(leaves, i);
                Assert.True(InclusionProof.Verify(i, n, leaves[index], proof, root).IsValid, $"size {size} index {index}");

                for (var p = 0; p < proof.Length; p++)
                {
                    var at = p;
                    mutations += EveryByteChange(proof[p], h => Assert.False(InclusionProof.Verify(i, n, leaves[index], Replace(proof, at, h), root).IsValid));
                }
                mutations += EveryByteChange(root, r => Assert.False(InclusionProof.Verify(i, n, leaves[index], proof, r).IsValid));
                mutations += EveryByteChange(leaves[index], l => Assert.False(InclusionProof.Verify(i, n, l, proof, root).IsValid));
                Assert.False(InclusionProof.Verify(i + 1, n, leaves[index], proof, root).IsValid);
                Assert.False(InclusionProof.Verify(i - 1, n, leaves[index], proof, root).IsValid); // wraps to 2^64-1 for i = 0
                Assert.False(InclusionProof.Verify(i, n + 1, leaves[index], proof, rootPlus).IsValid);
                Assert.False(InclusionProof.Verify(i, n - 1, leaves[index], proof, rootMinus).IsValid);
                if (proof.Length > 0)
                {
                    Assert.False(InclusionProof.Verify(i, n, leaves[index], proof[..^1], root).IsValid);
                }
                Assert.False(InclusionProof.Verify(i, n, leaves[index], [.. proof, root], root).IsValid);
            }
        }
        Assert.True(mutations > 100_000, $"only {mutations} mutations checked");
    }

    [Fact]
    public void ConsistencyProofsRoundTripAndRejectEveryMutation()
    {
        var rng = new Random(2148);
        long mutations = 0;
        for (var size2 = 1; size2 <= MaxSize; size2++)
        {
            var all = RfcReference.RandomLeaves(rng, size2 + 1);
            var leaves = all[..size2];
            var root2 = Rfc9162.RootFromLeafHashes(leaves);
            var root2Plus = Rfc9162.RootFromLeafHashes(all);
            var root2Minus = Rfc9162.RootFromLeafHashes(all[..(size2 - 1)]);
            var n2 = (ulong)size2;
            foreach (var s in Sample(rng, size2, 6))
            {
                var size1 = s + 1;
                var n1 = (ulong)size1;
                var root1 = Rfc9162.RootFromLeafHashes(leaves[..size1]);
                var proof = ConsistencyProof.Generate(leaves, n1, n2);
                Assert.True(ConsistencyProof.Verify(n1, n2, proof, root1, root2).IsValid, $"{size1} -> {size2}");
                if (size2 <= 64) Assert.Equal(RfcReference.Proof(size1, leaves), proof);

                for (var p = 0; p < proof.Length; p++)
                {
                    var at = p;
                    mutations += EveryByteChange(proof[p], h => Assert.False(ConsistencyProof.Verify(n1, n2, Replace(proof, at, h), root1, root2).IsValid));
                }
                mutations += EveryByteChange(root1, r => Assert.False(ConsistencyProof.Verify(n1, n2, proof, r, root2).IsValid));
                mutations += EveryByteChange(root2, r => Assert.False(ConsistencyProof.Verify(n1, n2, proof, root1, r).IsValid));
                Assert.False(ConsistencyProof.Verify(n1 + 1, n2, proof, Rfc9162.RootFromLeafHashes(all[..(size1 + 1)]), root2).IsValid);
                Assert.False(ConsistencyProof.Verify(n1 - 1, n2, proof, Rfc9162.RootFromLeafHashes(leaves[..(size1 - 1)]), root2).IsValid);
                Assert.False(ConsistencyProof.Verify(n1, n2 + 1, proof, root1, root2Plus).IsValid);
                Assert.False(ConsistencyProof.Verify(n1, n2 - 1, proof, root1, root2Minus).IsValid);
                Assert.False(ConsistencyProof.Verify(n1, n2, [.. proof, root1], root1, root2).IsValid);
                if (proof.Length > 0) Assert.False(ConsistencyProof.Verify(n1, n2, proof[..^1], root1, root2).IsValid);
            }
        }
        Assert.True(mutations > 100_000, $"only {mutations} mutations checked");
    }

    /// <summary>All valid subtrees [start, end) of a tree of <paramref name="size"/> leaves (end ≤ size).</summary>
    private static IEnumerable<(ulong Start, ulong End)> ValidSubtrees(int size)
    {
        for (var start = 0; start < size; start++)
        {
            for (var end = start + 1; end <= size; end++)
            {
                if (MerkleSubtree.IsValid((ulong)start, (ulong)end)) yield return ((ulong)start, (ulong)end);
            }
        }
    }

    [Fact]
    public void SubtreeValidityMatchesDefinition()
    {
        for (ulong start = 0; start < 70; start++)
        {
            for (var end = start; end < 140; end++)
            {
                var size = end - start;
                var ceil = size == 0 ? 0 : System.Numerics.BitOperations.RoundUpToPowerOf2(size);
                Assert.Equal(size > 0 && start % ceil == 0, MerkleSubtree.IsValid(start, end));
            }
        }
        Assert.True(MerkleSubtree.IsValid(0, ulong.MaxValue));
        Assert.True(MerkleSubtree.IsValid(1UL << 63, ulong.MaxValue));
        Assert.False(MerkleSubtree.IsValid(1, 9223372036854775810));
        Assert.False(MerkleSubtree.IsValid(5, 5));
        Assert.False(MerkleSubtree.IsValid(6, 5));
    }

    [Fact]
    public void SubtreeProofsRoundTripAndRejectMutations()
    {
        var rng = new Random(77);
        var checkedSubtrees = 0;
        foreach (var size in new[] { 1, 2, 3, 5, 7, 8, 13, 16, 31, 50, 100, 257, 300 })
        {
            var all = RfcReference.RandomLeaves(rng, size + 1);
            var leaves = all[..size];
            var root = Rfc9162.RootFromLeafHashes(leaves);
            var rootPlus = Rfc9162.RootFromLeafHashes(all);
            var n = (ulong)size;
            var subtrees = ValidSubtrees(size).ToList();
            foreach (var (start, end) in size <= 16 ? subtrees : subtrees.OrderBy(_ => rng.Next()).Take(40))
            {
                checkedSubtrees++;
                var subtreeHash = MerkleSubtree.Root(leaves, start, end);
                Assert.Equal(RfcReference.Mth(leaves[(int)start..(int)end]), subtreeHash);

                var cproof = SubtreeConsistencyProof.Generate(leaves, start, end, n);
                Assert.True(SubtreeConsistencyProof.Verify(start, end, n, cproof, subtreeHash, root).IsValid, $"[{start},{end}) in {size}");
                for (var p = 0; p < cproof.Length; p++)
                {
                    var at = p;
                    EveryByteChange(cproof[p], h => Assert.False(SubtreeConsistencyProof.Verify(start, end, n, Replace(cproof, at, h), subtreeHash, root).IsValid));
                }
                EveryByteChange(subtreeHash, h => Assert.False(SubtreeConsistencyProof.Verify(start, end, n, cproof, h, root).IsValid));
                EveryByteChange(root, r => Assert.False(SubtreeConsistencyProof.Verify(start, end, n, cproof, subtreeHash, r).IsValid));
                Assert.False(SubtreeConsistencyProof.Verify(start, end, n + 1, cproof, subtreeHash, rootPlus).IsValid);
                Assert.False(SubtreeConsistencyProof.Verify(start, end + 1, n, cproof, subtreeHash, root).IsValid);
                Assert.False(SubtreeConsistencyProof.Verify(start + 1, end, n, cproof, subtreeHash, root).IsValid);

                var index = start + (ulong)rng.Next((int)(end - start));
                var iproof = SubtreeInclusionProof.Generate(leaves, index, start, end);
                Assert.True(SubtreeInclusionProof.Verify(index, start, end, leaves[index], iproof, subtreeHash).IsValid);
                for (var p = 0; p < iproof.Length; p++)
                {
                    var at = p;
                    EveryByteChange(iproof[p], h => Assert.False(SubtreeInclusionProof.Verify(index, start, end, leaves[index], Replace(iproof, at, h), subtreeHash).IsValid));
                }
                EveryByteChange(leaves[index], l => Assert.False(SubtreeInclusionProof.Verify(index, start, end, l, iproof, subtreeHash).IsValid));
                Assert.False(SubtreeInclusionProof.Verify(index + 1, start, end, leaves[index], iproof, subtreeHash).IsValid);
                Assert.False(SubtreeInclusionProof.Verify(index - 1, start, end, leaves[index], iproof, subtreeHash).IsValid);
                // A longer subtree has a different hash; check the proof against the real one where it exists.
                var longer = MerkleSubtree.IsValid(start, end + 1) ? MerkleSubtree.Root(all, start, end + 1) : subtreeHash;
                Assert.False(SubtreeInclusionProof.Verify(index, start, end + 1, leaves[index], iproof, longer).IsValid);
            }
        }
        Assert.True(checkedSubtrees > 300, $"only {checkedSubtrees} subtrees checked");
    }

    [Fact]
    public void EmptySubtreeIsConsistentOnlyWithTheEmptyHashAndAnEmptyProof()
    {
        var empty = Rfc9162.EmptyRoot();
        var other = Rfc9162.HashLeaf([1]);
        Assert.True(SubtreeConsistencyProof.Verify(3, 3, 5, [], empty, other).IsValid);
        Assert.False(SubtreeConsistencyProof.Verify(3, 3, 5, [], other, other).IsValid);
        Assert.False(SubtreeConsistencyProof.Verify(3, 3, 5, [empty], empty, other).IsValid);
        Assert.False(SubtreeConsistencyProof.Verify(6, 6, 5, [], empty, other).IsValid);
    }
}
