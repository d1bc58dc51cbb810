using System.Text.Json;
using Provenant.Core.Hashing;
using Provenant.Core.Merkle;
using Provenant.TestSupport;

namespace Provenant.Core.Tests;

public class Rfc9162BasicsTests
{
    /// <summary>Roots for sizes 0–8 of the reference tree (tlog-vectors/transparency-dev-merkle/reference-tree.json).</summary>
    [Fact]
    public void ReferenceTreeRootsMatch()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.Get("tlog-vectors", "transparency-dev-merkle", "reference-tree.json")));
        var inputs = doc.RootElement.GetProperty("leaf_inputs_hex").EnumerateArray().Select(e => Convert.FromHexString(e.GetString()!)).ToArray();
        var roots = doc.RootElement.GetProperty("root_hashes_hex_by_tree_size");
        var leafHashes = inputs.Select(i => Rfc9162.HashLeaf(i)).ToArray();
        var checkedCount = 0;
        foreach (var (root, size) in roots.EnumerateArray().Select((r, i) => (r.GetString(), i)))
        {
            Assert.Equal(root, Hex.Encode(Rfc9162.RootFromLeafHashes(leafHashes[..size])));
            checkedCount++;
        }
        Assert.Equal(9, checkedCount);
    }
}
