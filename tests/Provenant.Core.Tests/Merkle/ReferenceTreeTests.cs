using System.Text.Json;
using Provenant.Core.Hashing;
using Provenant.Core.Merkle;
using Provenant.TestSupport;

namespace Provenant.Core.Tests.Merkle;

/// <summary>Every proof over the 8-leaf reference tree (tlog-vectors/transparency-dev-merkle/reference-tree.json).</summary>
public class ReferenceTreeTests
{
    private static readonly byte[][] Leaves;
    private static readonly byte[][] Roots;
    private static readonly string[][] NodesByLevel;

    static ReferenceTreeTests()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.Get("tlog-vectors", "transparency-dev-merkle", "reference-tree.json")));
        Leaves = doc.RootElement.GetProperty("leaf_inputs_hex").EnumerateArray()
            .Select(e => Rfc9162.HashLeaf(Convert.FromHexString(e.GetString()!))).ToArray();
        Roots = doc.RootElement.GetProperty("root_hashes_hex_by_tree_size").EnumerateArray()
            .Select(e => Convert.FromHexString(e.GetString()!)).ToArray();
        NodesByLevel = doc.RootElement.GetProperty("node_hashes_hex_by_level").EnumerateArray()
            .Select(l => l.EnumerateArray().Select(e => e.GetString()!).ToArray()).ToArray();
    }

    [Fact]
    public void ReferenceDataHasEightLeavesAndNineRoots()
    {
        Assert.Equal(8, Leaves.Length);
        Assert.Equal(9, Roots.Length);
        Assert.Equal([8, 4, 2, 1], NodesByLevel.Select(l => l.Length));
    }

    [Fact]
    public void PerfectNodesMatchNodeHashesAsSubtrees()
    {
        var checkedNodes = 0;
        for (var level = 0; level < NodesByLevel.Length; level++)
        {
            for (var i = 0; i < NodesByLevel[level].Length; i++)
            {
                var start = (ulong)(i << level);
                var end = start + (1UL << level);
                Assert.Equal(NodesByLevel[level][i], Hex.Encode(MerkleSubtree.Root(Leaves, start, end)));
                checkedNodes++;
            }
        }
        Assert.Equal(15, checkedNodes);
    }

    [Fact]
    public void EveryInclusionProofVerifiesAndEqualsRederivation()
    {
        var count = 0;
        for (var size = 1; size <= 8; size++)
        {
            var tree = Leaves[..size];
            Assert.Equal(Roots[size], Rfc9162.RootFromLeafHashes(tree));
            for (var index = 0; index < size; index++)
            {
                var proof = InclusionProof.Generate(tree, (ulong)index);
                Assert.Equal(RfcReference.Path(index, tree), proof);
                var result = InclusionProof.Verify((ulong)index, (ulong)size, Leaves[index], proof, Roots[size]);
                Assert.True(result.IsValid, $"size {size} index {index}: {result}");
                Assert.True(InclusionProof.TryComputeRoot((ulong)index, (ulong)size, Leaves[index], proof, out var root, out _));
                Assert.Equal(Roots[size], root);
                count++;
            }
        }
        Assert.Equal(36, count);
    }

    [Fact]
    public void EveryConsistencyProofVerifiesAndEqualsRederivation()
    {
        var count = 0;
        for (var size2 = 1; size2 <= 8; size2++)
        {
            for (var size1 = 1; size1 <= size2; size1++)
            {
                var proof = ConsistencyProof.Generate(Leaves[..size2], (ulong)size1, (ulong)size2);
                Assert.Equal(RfcReference.Proof(size1, Leaves[..size2]), proof);
                var result = ConsistencyProof.Verify((ulong)size1, (ulong)size2, proof, Roots[size1], Roots[size2]);
                Assert.True(result.IsValid, $"{size1} -> {size2}: {result}");
                // The same proof, read as a subtree consistency proof for [0, size1).
                Assert.Equal(proof, SubtreeConsistencyProof.Generate(Leaves, 0, (ulong)size1, (ulong)size2));
                Assert.True(SubtreeConsistencyProof.Verify(0, (ulong)size1, (ulong)size2, proof, Roots[size1], Roots[size2]).IsValid);
                count++;
            }
        }
        Assert.Equal(36, count);
    }

    [Fact]
    public void KnownProofShapesFromRfc9162Section2_1_5()
    {
        // RFC 9162 §2.1.5 example tree of 7 leaves: inclusion of d0 is [b, h, l] = [leaf 1, MTH(2..4), MTH(4..7)].
        var tree = Leaves[..7];
        Assert.Equal([Leaves[1], MerkleSubtree.Root(tree, 2, 4), Rfc9162.RootFromLeafHashes(tree[4..7])], InclusionProof.Generate(tree, 0));
        // Consistency 4 -> 7 is [l] = [MTH(4..7)]; 3 -> 7 is [c, d, g, l].
        Assert.Equal([Rfc9162.RootFromLeafHashes(tree[4..7])], ConsistencyProof.Generate(tree, 4, 7));
        Assert.Equal([Leaves[2], Leaves[3], MerkleSubtree.Root(tree, 0, 2), Rfc9162.RootFromLeafHashes(tree[4..7])],
            ConsistencyProof.Generate(tree, 3, 7));
    }
}
