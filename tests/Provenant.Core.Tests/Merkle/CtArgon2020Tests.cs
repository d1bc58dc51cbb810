using System.Security.Cryptography;
using System.Text.Json;
using Provenant.Core.Merkle;
using Provenant.TestSupport;

namespace Provenant.Core.Tests.Merkle;

/// <summary>Real Certificate Transparency data from Google's argon2020 log (tlog-vectors/ct-argon2020/).</summary>
public class CtArgon2020Tests
{
    private static JsonElement Load(string name) =>
        JsonDocument.Parse(File.ReadAllText(SharedData.Get("tlog-vectors", "ct-argon2020", name))).RootElement;

    private static (ulong Size, byte[] Root) Sth()
    {
        var sth = Load("sth.json");
        return (sth.GetProperty("tree_size").GetUInt64(), Convert.FromBase64String(sth.GetProperty("sha256_root_hash").GetString()!));
    }

    private static byte[][] Hashes(JsonElement array) =>
        array.EnumerateArray().Select(e => Convert.FromBase64String(e.GetString()!)).ToArray();

    [Fact]
    public void Entry10000IsIncludedInTheSth()
    {
        var (size, root) = Sth();
        var proofJson = Load("proof.json");
        var index = proofJson.GetProperty("leaf_index").GetUInt64();
        Assert.Equal(10000UL, index);
        var path = Hashes(proofJson.GetProperty("audit_path"));
        var leafInput = Convert.FromBase64String(Load("entries.json").GetProperty("entries")[0].GetProperty("leaf_input").GetString()!);
        var leafHash = SHA256.HashData([0x00, .. leafInput]);
        Assert.Equal(leafHash, Rfc9162.HashLeaf(leafInput));

        var ok = InclusionProof.Verify(index, size, leafHash, path, root);
        Assert.True(ok.IsValid, ok.ToString());

        Assert.False(InclusionProof.Verify(index + 1, size, leafHash, path, root).IsValid);
        // The audit path does not bind the tree size on its own (the STH signature does), so only shape-changing
        // size errors are detectable without another root: 2× the size needs a longer path.
        Assert.False(InclusionProof.Verify(index, size * 2, leafHash, path, root).IsValid);
        Assert.False(InclusionProof.Verify(index, size, Rfc9162.HashLeaf(leafInput[1..]), path, root).IsValid);
        Assert.False(InclusionProof.Verify(index, size, leafHash, path[..^1], root).IsValid);
    }

    [Fact]
    public void ConsistencyFrom3654490ToTheSthVerifies()
    {
        var (size, root) = Sth();
        var oldRoot = Convert.FromBase64String("AuIZ5V6sDUj1vn3Y1K85oOaQ7y+FJJKtyRTl1edIKBQ=");
        var proof = Hashes(Load("consistency.json").GetProperty("consistency"));

        var ok = ConsistencyProof.Verify(3654490, size, proof, oldRoot, root);
        Assert.True(ok.IsValid, ok.ToString());
        Assert.True(SubtreeConsistencyProof.Verify(0, 3654490, size, proof, oldRoot, root).IsValid);

        Assert.False(ConsistencyProof.Verify(3654489, size, proof, oldRoot, root).IsValid);
        Assert.False(ConsistencyProof.Verify(3654490, size * 2, proof, oldRoot, root).IsValid);
        Assert.False(ConsistencyProof.Verify(3654490, size, proof, root, oldRoot).IsValid);
        var tampered = proof.Select(h => (byte[])h.Clone()).ToArray();
        tampered[^1][0] ^= 1;
        Assert.False(ConsistencyProof.Verify(3654490, size, tampered, oldRoot, root).IsValid);
    }
}
