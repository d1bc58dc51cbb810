using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Formats.Safetensors;
using Provenant.Formats.Tensors;
using Provenant.TestSupport;

namespace Provenant.Formats.Tests.Tensors;

public class TensorCommitmentTests
{
    /// <summary>Expected bytes and hashes computed independently with Python's hashlib/struct from the leaf
    /// definition in docs/tensor-commitments.md (Tensors/independent_roots.py).</summary>
    [Fact]
    public void LeafEncodingGoldenVector()
    {
        var data = Enumerable.Range(0, 24).Select(i => (byte)i).ToArray();
        var sha = System.Security.Cryptography.SHA256.HashData(data);
        Assert.Equal(
            "70726f76656e616e742d74656e736f722d6c6561662d76310000000966632e77656967687400000003463332000000020000000000000002000000000000000300000000000000181d64add2a6388367c9bc2d1f1b384b069a6ef382cdaaa89771dd103e28613a25",
            Hex.Encode(TensorLeaf.Encode("fc.weight", "F32", [2, 3], 24, sha)));
        Assert.Equal("40aaf0bf2774ab8483eeae9008e1c339c97fa057a5379771de3960f46550da83", Hex.Encode(TensorLeaf.Hash("fc.weight", "F32", [2, 3], 24, sha)));
    }

    /// <summary>Roots computed independently in Python (parse the header with json, sort names by UTF-8 bytes,
    /// RFC 9162 MTH with hashlib: Tensors/independent_roots.py).</summary>
    [Theory]
    [InlineData("hf-samples/overall.safetensors", 9, "b764fbe6f1f38ea4c88763df1b3cb3e60667c8449abc54a62c24ccc0f2ffcc53")]
    [InlineData("burn-mnist.safetensors", 20, "2e2835641ca1e07e65e09402854fcd652b17b8412636b35db9969f17f5028fe8")]
    public void RootOfSharedFilesMatchesAnIndependentComputation(string file, int count, string root)
    {
        using var f = SafetensorsFile.Open(WeightFiles.Shared(["safetensors", .. file.Split('/')]));
        var c = TensorCommitter.Commit(f);
        Assert.Equal(count, c.TensorCount);
        Assert.Equal(root, c.RootHex);
    }

    [Fact]
    public void RootDoesNotDependOnTheFileLayout()
    {
        using var tmp = SharedData.NewTempDir("layout");
        var a = WeightFiles.Bytes(8, 1);
        var b = WeightFiles.Bytes(4, 2);
        var one = tmp.Write("1.safetensors", WeightFiles.Safetensors(
            "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"y\":{\"dtype\":\"U8\",\"shape\":[2,2],\"data_offsets\":[8,12]}}", [.. a, .. b]));
        var two = tmp.Write("2.safetensors", WeightFiles.Safetensors(
            "{\"__metadata__\":{\"format\":\"pt\"},\"y\":{\"dtype\":\"U8\",\"shape\":[2,2],\"data_offsets\":[0,4]},\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", [.. b, .. a]));
        using var f1 = SafetensorsFile.Open(one);
        using var f2 = SafetensorsFile.Open(two);
        Assert.Equal(TensorCommitter.Commit(f1).RootHex, TensorCommitter.Commit(f2).RootHex);
    }

    [Fact]
    public void CanonicalOrderIsByUtf8Bytes()
    {
        // U+FF5E (EF BD 9E) sorts after U+1F600 (F0 9F 98 80) in UTF-16 code units but before it in UTF-8 bytes.
        var names = new[] { "\U0001F600", "\uFF5E", "b", "B" };
        var sorted = TensorOrder.Canonical(names.Select(n => new TensorInfo(n, "U8", [], 1, null)), "test").Select(t => t.Name);
        Assert.Equal(["B", "b", "\uFF5E", "\U0001F600"], sorted);
        Assert.Throws<ProvenantFormatException>(() => TensorOrder.Canonical([new TensorInfo("a", "U8", [], 1, null), new TensorInfo("a", "F32", [], 4, null)], "test"));
    }

    [Fact]
    public void EveryTensorOfTheMnistModelHasAVerifyingProofThatRoundTrips()
    {
        using var f = SafetensorsFile.Open(WeightFiles.Shared("safetensors", "burn-mnist.safetensors"));
        var c = TensorCommitter.Commit(f);
        foreach (var t in f.Tensors)
        {
            var p = TensorCommitter.Prove(f, t.Name);
            Assert.True(p.Verify(c.Root, c.TensorCount).IsValid, t.Name);
            var bytes = p.ToBytes();
            var back = TensorProof.Parse(bytes);
            Assert.Equal(bytes, back.ToBytes());
            Assert.True(back.Verify(c.Root, c.TensorCount).IsValid);
            using var s = f.OpenTensor(t);
            Assert.True(back.VerifyData(s).IsValid);
        }
    }

    [Fact]
    public void EverySingleByteChangeOfAProofFileIsRejected()
    {
        using var f = SafetensorsFile.Open(WeightFiles.Shared("safetensors", "hf-samples", "overall.safetensors"));
        var c = TensorCommitter.Commit(f);
        var bytes = TensorCommitter.Prove(f, "f").ToBytes();
        var parsedButRejected = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            for (var v = 0; v < 256; v++)
            {
                if (v == bytes[i]) continue;
                var mutant = (byte[])bytes.Clone();
                mutant[i] = (byte)v;
                TensorProof p;
                try
                {
                    p = TensorProof.Parse(mutant);
                }
                catch (ProvenantFormatException)
                {
                    continue;
                }
                Assert.False(p.Verify(c.Root, c.TensorCount).IsValid, $"byte {i} set to {v} still verifies");
                parsedButRejected++;
            }
        }
        Assert.True(parsedButRejected > 100, $"only {parsedButRejected} mutants parsed: the verifier itself was barely exercised");
    }

    [Fact]
    public void EverySingleByteChangeOfTheTensorDataIsRejected()
    {
        using var f = SafetensorsFile.Open(WeightFiles.Shared("safetensors", "hf-samples", "overall.safetensors"));
        var t = f.Tensors.Single(x => x.Name == "f");
        var proof = TensorCommitter.Prove(f, "f");
        var data = new byte[t.ByteLength];
        using (var s = f.OpenTensor(t)) s.ReadExactly(data);
        Assert.True(proof.VerifyData(new MemoryStream(data)).IsValid);
        for (var i = 0; i < data.Length; i++)
        {
            for (var v = 0; v < 256; v++)
            {
                if (v == data[i]) continue;
                var mutant = (byte[])data.Clone();
                mutant[i] = (byte)v;
                Assert.False(proof.VerifyData(new MemoryStream(mutant)).IsValid);
            }
        }
        Assert.False(proof.VerifyData(new MemoryStream(data[..^1])).IsValid);
        Assert.False(proof.VerifyData(new MemoryStream([.. data, 0])).IsValid);
    }

    [Fact]
    public void ChangingAnyDataByteOfTheFileChangesTheRoot()
    {
        using var tmp = SharedData.NewTempDir("flip");
        var original = File.ReadAllBytes(WeightFiles.Shared("safetensors", "hf-samples", "overall.safetensors"));
        string root;
        long dataOffset;
        using (var f = SafetensorsFile.Open(tmp.Write("o.safetensors", original)))
        {
            root = TensorCommitter.Commit(f).RootHex;
            dataOffset = f.DataOffset;
        }
        for (var i = dataOffset; i < original.Length; i++)
        {
            var mutant = (byte[])original.Clone();
            mutant[i] ^= 0x01;
            using var f = SafetensorsFile.Open(tmp.Write("m.safetensors", mutant));
            Assert.NotEqual(root, TensorCommitter.Commit(f).RootHex);
        }
    }

    [Fact]
    public void ProofAgainstAnotherRootOrCountIsRejected()
    {
        using var f = SafetensorsFile.Open(WeightFiles.Shared("safetensors", "burn-multi_layer.safetensors"));
        var c = TensorCommitter.Commit(f);
        var p = TensorCommitter.Prove(f, "fc1.weight");
        var other = (byte[])c.Root.Clone();
        other[0] ^= 1;
        Assert.False(p.Verify(other, c.TensorCount).IsValid);
        Assert.False(p.Verify(c.Root, c.TensorCount + 1).IsValid);
        Assert.False(p.Verify(c.Root[..31], c.TensorCount).IsValid);
        Assert.False((p with { Proof = [.. p.Proof.Skip(1)] }).Verify(c.Root, c.TensorCount).IsValid);
        Assert.False((p with { Shape = [16, 255] }).Verify(c.Root, c.TensorCount).IsValid);
        Assert.False((p with { DType = "bad dtype" }).Verify(c.Root, c.TensorCount).IsValid);
        Assert.False((p with { Index = p.Index + 1 }).Verify(c.Root, c.TensorCount).IsValid);
    }

    [Fact]
    public void PrettyPrintedOrExtendedProofJsonIsRefused()
    {
        using var f = SafetensorsFile.Open(WeightFiles.Shared("safetensors", "burn-multi_layer.safetensors"));
        var p = TensorCommitter.Prove(f, "conv1.bias");
        var pretty = System.Text.Encoding.UTF8.GetBytes(p.ToJson().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        Assert.Contains("canonical JSON", Assert.Throws<ProvenantFormatException>(() => TensorProof.Parse(pretty)).Expected);
        var extended = p.ToJson();
        extended["model"] = "x";
        var bytes = Core.Encoding.CanonicalJson.Canonicalize(extended).Append((byte)'\n').ToArray();
        Assert.Equal("model", Assert.Throws<ProvenantFormatException>(() => TensorProof.Parse(bytes)).Field);
    }

    [Fact]
    public void EmptySourceCommitsToTheEmptyTreeHash()
    {
        using var tmp = SharedData.NewTempDir("empty");
        using var f = SafetensorsFile.Open(tmp.Write("e.safetensors", WeightFiles.Safetensors("{}", [])));
        var c = TensorCommitter.Commit(f);
        Assert.Equal(0, c.TensorCount);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", c.RootHex);
    }
}
