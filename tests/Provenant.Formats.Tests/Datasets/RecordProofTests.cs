using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Formats.Datasets;
using Provenant.TestSupport;

namespace Provenant.Formats.Tests.Datasets;

public class RecordProofTests
{
    private static DatasetCommitment Iris() =>
        DatasetCommitter.Commit(DatasetTestData.Sklearn("iris.csv"), new DatasetCommitOptions { HeaderRows = 1, License = "BSD-3-Clause" });

    [Theory]
    [InlineData(0)]
    [InlineData(75)]
    [InlineData(149)]
    public void IrisProofVerifiesAndRoundTrips(long index)
    {
        var c = Iris();
        var proof = DatasetCommitter.ProveRecord(c, index);
        Assert.True(proof.Verify(c).IsValid, proof.Verify(c).ToString());
        var lines = File.ReadAllLines(DatasetTestData.Sklearn("iris.csv"));
        Assert.Equal(lines[index + 1], System.Text.Encoding.UTF8.GetString(proof.Record));
        var json = proof.ToJson().ToJsonString();
        var back = RecordProof.FromJson(JsonNode.Parse(json)!.AsObject());
        Assert.True(back.Verify(c).IsValid);
        Assert.True(back.Verify(c.RecordsRoot, 150).IsValid);
        Assert.False(back.Verify(c.RecordsRoot, 151).IsValid);
    }

    /// <summary>Every single-byte change to record, leaf hash, proof hashes, root, index or tree size is rejected.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(75)]
    [InlineData(149)]
    public void EverySingleByteFlipIsRejected(long index)
    {
        var c = Iris();
        var good = DatasetCommitter.ProveRecord(c, index).ToJson();
        var checkedFlips = 0;

        void ExpectRejected(JsonObject mutated, string what)
        {
            checkedFlips++;
            RecordProof p;
            try
            {
                p = RecordProof.FromJson(mutated);
            }
            catch (ProvenantFormatException)
            {
                return;
            }
            Assert.False(p.Verify(c).IsValid, what);
        }

        JsonObject Clone() => JsonNode.Parse(good.ToJsonString())!.AsObject();

        foreach (var field in new[] { "recordsRoot", "leafHash" })
        {
            var bytes = Convert.FromHexString((string)good[field]!);
            for (var i = 0; i < bytes.Length; i++)
            {
                var m = Clone();
                var b = (byte[])bytes.Clone();
                b[i] ^= 0x01;
                m[field] = Hex.Encode(b);
                ExpectRejected(m, $"{field}[{i}]");
            }
        }
        var record = Convert.FromBase64String((string)good["record"]!);
        for (var i = 0; i < record.Length; i++)
        {
            var m = Clone();
            var b = (byte[])record.Clone();
            b[i] ^= 0x01;
            m["record"] = Convert.ToBase64String(b);
            ExpectRejected(m, $"record[{i}]");
        }
        var proofArray = good["proof"]!.AsArray();
        Assert.NotEmpty(proofArray);
        for (var j = 0; j < proofArray.Count; j++)
        {
            var bytes = Convert.FromHexString((string)proofArray[j]!);
            for (var i = 0; i < bytes.Length; i++)
            {
                var m = Clone();
                var b = (byte[])bytes.Clone();
                b[i] ^= 0x01;
                m["proof"]![j] = Hex.Encode(b);
                ExpectRejected(m, $"proof[{j}][{i}]");
            }
        }
        foreach (var field in new[] { "index", "treeSize" })
        {
            var bytes = BitConverter.GetBytes((ulong)good[field]!);
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = (byte[])bytes.Clone();
                b[i] ^= 0x01;
                var m = Clone();
                m[field] = BitConverter.ToUInt64(b);
                ExpectRejected(m, $"{field} byte {i}");
            }
        }
        // Also at the text level: changing any one hex digit of the serialized proof hashes.
        var text = good.ToJsonString();
        var proofStart = text.IndexOf("\"proof\":[", StringComparison.Ordinal);
        for (var i = proofStart + 9; i < text.Length; i++)
        {
            if (!Uri.IsHexDigit(text[i])) continue;
            var mutated = text[..i] + (text[i] == '0' ? '1' : '0') + text[(i + 1)..];
            ExpectRejected(JsonNode.Parse(mutated)!.AsObject(), $"text {i}");
        }
        // Dropping or appending a proof entry.
        var shorter = Clone();
        shorter["proof"]!.AsArray().RemoveAt(0);
        ExpectRejected(shorter, "shorter");
        var longer = Clone();
        longer["proof"]!.AsArray().Add(new string('0', 64));
        ExpectRejected(longer, "longer");
        Assert.True(checkedFlips > 32 * 3 + 8);
        Assert.True(RecordProof.FromJson(Clone()).Verify(c).IsValid);
    }

    [Fact]
    public void ProofAgainstADifferentDatasetIsRejected()
    {
        var iris = Iris();
        var wine = DatasetCommitter.Commit(DatasetTestData.Sklearn("wine_data.csv"), new DatasetCommitOptions { HeaderRows = 1 });
        var proof = DatasetCommitter.ProveRecord(iris, 3);
        var r = proof.Verify(wine);
        Assert.False(r.IsValid);
    }

    [Fact]
    public void ProveRecordDetectsChangedData()
    {
        using var tmp = SharedData.NewTempDir();
        var p = tmp.Write("iris.csv", File.ReadAllBytes(DatasetTestData.Sklearn("iris.csv")));
        var c = DatasetCommitter.Commit(p, new DatasetCommitOptions { HeaderRows = 1 });
        Assert.True(DatasetCommitter.ProveRecord(c, 10).Verify(c).IsValid);
        File.WriteAllText(p, File.ReadAllText(p).Replace("5.1,3.5,1.4,0.2,0", "5.1,3.5,1.4,0.3,0"));
        var e = Assert.Throws<ProvenantException>(() => DatasetCommitter.ProveRecord(c, 10));
        Assert.Equal(ExitCodes.VerificationFailed, e.ExitCode);
        Assert.Contains("changed: iris.csv", e.Message);
        var oob = Assert.Throws<ProvenantException>(() => DatasetCommitter.ProveRecord(c, 150));
        Assert.Equal(ExitCodes.Usage, oob.ExitCode);
    }

    [Fact]
    public void FilesFormatProofsCommitToNameAndContent()
    {
        using var tmp = SharedData.NewTempDir();
        tmp.Write("d/b.txt", "bee");
        tmp.Write("d/a/z.txt", "zed");
        tmp.Write("d/a-b.txt", "ab");
        tmp.Write("d/.git/config", "ignored");
        var c = DatasetCommitter.Commit(tmp["d"]);
        Assert.Equal(DatasetFormat.Files, c.Format);
        Assert.Equal(new[] { "a/z.txt", "a-b.txt", "b.txt" }, c.Files.Select(f => f.Path));
        var proof = DatasetCommitter.ProveRecord(c, 0);
        Assert.Equal(FileRecordEncoding.Encode("a/z.txt", System.Security.Cryptography.SHA256.HashData("zed"u8)), proof.Record);
        Assert.True(proof.Verify(c).IsValid);
        tmp.Write("d/new.txt", "new");
        var e = Assert.Throws<ProvenantException>(() => DatasetCommitter.ProveRecord(c, 0));
        Assert.Contains("added: new.txt", e.Message);
    }
}
