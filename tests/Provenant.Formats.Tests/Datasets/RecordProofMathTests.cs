using System.Text.Json;
using Provenant.Core.Merkle;
using Provenant.Formats.Datasets;
using Provenant.TestSupport;

namespace Provenant.Formats.Tests.Datasets;

public class RecordProofMathTests
{
    /// <summary>transparency-dev/merkle inclusion vectors: happy paths verify, every mutated proof is rejected.</summary>
    [Fact]
    public void TransparencyDevInclusionVectors()
    {
        var dir = SharedData.Get("tlog-vectors", "transparency-dev-merkle", "inclusion");
        int valid = 0, rejected = 0;
        foreach (var file in Directory.EnumerateFiles(dir, "*.json", SearchOption.AllDirectories))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var r = doc.RootElement;
            static byte[] B(JsonElement e) => e.ValueKind == JsonValueKind.Null ? [] : Convert.FromBase64String(e.GetString()!);
            var proof = r.GetProperty("proof").ValueKind == JsonValueKind.Null ? [] : r.GetProperty("proof").EnumerateArray().Select(B).ToArray();
            var result = RecordProofMath.Verify(r.GetProperty("leafIdx").GetUInt64(), r.GetProperty("treeSize").GetUInt64(),
                B(r.GetProperty("leafHash")), proof, B(r.GetProperty("root")));
            var wantErr = r.GetProperty("wantErr").GetBoolean();
            Assert.True(result.IsValid != wantErr, $"{file}: {result}");
            if (wantErr) rejected++; else valid++;
        }
        Assert.True(valid >= 3 && rejected >= 20, $"valid {valid}, rejected {rejected}");
    }

    /// <summary>Generated proofs verify for every leaf of trees of size 1..40, and fail for any other index.</summary>
    [Fact]
    public void GenerateThenVerifyAllSizes()
    {
        for (var n = 1; n <= 40; n++)
        {
            var leaves = Enumerable.Range(0, n).Select(i => Rfc9162.HashLeaf(BitConverter.GetBytes(i))).ToArray();
            var root = Rfc9162.RootFromLeafHashes(leaves);
            for (var i = 0; i < n; i++)
            {
                var proof = RecordProofMath.Generate(leaves, (ulong)i);
                Assert.True(RecordProofMath.Verify((ulong)i, (ulong)n, leaves[i], proof, root).IsValid, $"n={n} i={i}");
                for (var j = 0; j < n + 1; j++)
                {
                    if (j != i) Assert.False(RecordProofMath.Verify((ulong)j, (ulong)n, leaves[i], proof, root).IsValid, $"n={n} i={i} j={j}");
                }
                // (The same path may verify for another tree size with the same root; the size is bound by the trusted root.)
                var other = (byte[])root.Clone();
                other[i % 32] ^= 1;
                Assert.False(RecordProofMath.Verify((ulong)i, (ulong)n, leaves[i], proof, other).IsValid);
            }
        }
    }

    /// <summary>The reference tree's root hashes come out of the streaming builder too.</summary>
    [Fact]
    public void StreamingBuilderMatchesRecursiveRoot()
    {
        var builder = new MerkleRootBuilder();
        var leaves = new List<byte[]>();
        Assert.Equal(Rfc9162.EmptyRoot(), builder.Root());
        for (var i = 0; i < 300; i++)
        {
            var leaf = Rfc9162.HashLeaf(BitConverter.GetBytes(i * 7));
            leaves.Add(leaf);
            builder.Add(leaf);
            Assert.Equal(Rfc9162.RootFromLeafHashes(leaves), builder.Root());
        }
    }
}
