using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Formats.Datasets;

namespace Provenant.Formats.Tests.Datasets;

public class ExclusionProofTests
{
    private static DatasetCommitment Iris() =>
        DatasetCommitter.Commit(DatasetTestData.Sklearn("iris.csv"), new DatasetCommitOptions { HeaderRows = 1 });

    private static byte[] H(string s) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(s));

    [Fact]
    public void IrisIndexCountsDuplicateRecordsAndMatchesTheCommitment()
    {
        var c = Iris();
        var hashes = DatasetCommitter.ReadRecordHashes(c);
        Assert.Equal(150, hashes.ContentHashes.Count);
        Assert.Equal(c.ExclusionIndex, hashes.Index.Root with { }, new RootComparer());
        // iris has duplicate rows (e.g. records 101 and 142: 5.8,2.7,5.1,1.9,2), so fewer distinct leaves than records
        Assert.True(c.ExclusionIndex!.LeafCount < 150);
        Assert.Equal(150, hashes.Index.Leaves.Sum(l => l.Count));
        Assert.Equal(hashes.Index.Leaves.Select(l => l.ContentHash).Order(Comparer<byte[]>.Create(ExclusionIndex.Compare)), hashes.Index.Leaves.Select(l => l.ContentHash));
        Assert.Equal(Enumerable.Range(0, (int)c.ExclusionIndex.LeafCount).Select(i => (long)i), hashes.Index.Leaves.Select(l => l.Position));
        Assert.Equal(H("5.1,3.5,1.4,0.2,0"), hashes.ContentHashes[0]);
    }

    [Fact]
    public void AbsentHashesBelowBetweenAndAboveTheLeavesVerify()
    {
        var c = Iris();
        var index = DatasetCommitter.ReadRecordHashes(c).Index;
        var below = new byte[32];
        var above = Enumerable.Repeat((byte)0xff, 32).ToArray();
        var entries = new List<ExclusionEntry>();
        foreach (var h in new[] { below, above, H("not a record"), H("5.1,3.5,1.4,0.2,1") })
        {
            entries.Add(index.Prove(h, out var found) ?? throw new Xunit.Sdk.XunitException("absent hash reported present"));
            Assert.Null(found);
        }
        Assert.Single(entries[0].Neighbours);
        Assert.Single(entries[1].Neighbours);
        Assert.Equal(2, entries[2].Neighbours.Count);
        var proof = new ExclusionProof { DatasetName = c.Name, Index = index.Root, Entries = entries };
        Assert.True(proof.Verify(c).IsValid, proof.Verify(c).Reason);
        var back = ExclusionProof.FromJson(JsonNode.Parse(proof.ToJson().ToJsonString())!.AsObject());
        Assert.True(back.Verify(c).IsValid);
        Assert.Null(index.Prove(H("5.1,3.5,1.4,0.2,0"), out var leaf));
        Assert.Equal(0, DatasetCommitter.ReadRecordHashes(c).ContentHashes.ToList().FindIndex(x => x.AsSpan().SequenceEqual(leaf!.ContentHash)));
    }

    [Fact]
    public void ForgedNeighboursAreRejected()
    {
        var c = Iris();
        var index = DatasetCommitter.ReadRecordHashes(c).Index;
        var e = index.Prove(H("absent"), out _)!;
        var trusted = c.ExclusionIndex!;
        Assert.True(e.Verify(trusted).IsValid);
        // a hash that IS present, "proved" absent by its neighbours one step further apart
        var present = index.Leaves[10];
        var fake = new ExclusionEntry(present.ContentHash, [Neighbour(index, 9), Neighbour(index, 11)]);
        Assert.False(fake.Verify(trusted).IsValid);
        // right neighbours, wrong order or lying position/count
        Assert.False(new ExclusionEntry(e.Hash, [e.Neighbours[1], e.Neighbours[0]]).Verify(trusted).IsValid);
        Assert.False(new ExclusionEntry(e.Hash, [e.Neighbours[0] with { Leaf = e.Neighbours[0].Leaf with { Count = 2 } }, e.Neighbours[1]]).Verify(trusted).IsValid);
        Assert.False(new ExclusionEntry(e.Hash, [e.Neighbours[0]]).Verify(trusted).IsValid);
    }

    [Fact]
    public void CommitmentsWithoutAnIndexStillParseAndVerifyRecordsButCannotBackExclusionProofs()
    {
        var c = Iris();
        var statement = c.ToStatement();
        Assert.Equal(c.ExclusionIndex!.RootHex, (string)statement["predicate"]!["exclusionIndex"]!["hex"]!);
        statement["predicate"]!.AsObject().Remove("exclusionIndex");
        var old = DatasetCommitment.FromStatement(statement, "old.json");
        Assert.Null(old.ExclusionIndex);
        Assert.True(DatasetCommitter.ProveRecord(old, 3).Verify(old.RecordsRoot, 150).IsValid);
        var proof = new ExclusionProof { DatasetName = c.Name, Index = c.ExclusionIndex, Entries = [] };
        var r = proof.Verify(old);
        Assert.False(r.IsValid);
        Assert.Contains("no predicate.exclusionIndex", r.Reason);
    }

    [Fact]
    public void MalformedIndexFieldsAreFormatErrors()
    {
        var statement = Iris().ToStatement();
        statement["predicate"]!["exclusionIndex"]!["leafCount"] = 151;
        var e = Assert.Throws<ProvenantFormatException>(() => DatasetCommitment.FromStatement(statement, "d.json"));
        Assert.Equal("predicate.exclusionIndex.leafCount", e.Field);
        statement["predicate"]!["exclusionIndex"]!["leafCount"] = 10;
        statement["predicate"]!["exclusionIndex"]!["algorithm"] = "bloom";
        e = Assert.Throws<ProvenantFormatException>(() => DatasetCommitment.FromStatement(statement, "d.json"));
        Assert.Equal("predicate.exclusionIndex.algorithm", e.Field);
    }

    private static ExclusionNeighbour Neighbour(ExclusionIndex index, int position)
    {
        var e = index.Prove(Bump(index.Leaves[position].ContentHash), out _)!;
        return e.Neighbours[0];
    }

    private static byte[] Bump(byte[] h)
    {
        var b = (byte[])h.Clone();
        for (var i = 31; i >= 0; i--)
        {
            if (++b[i] != 0) break;
        }
        return b;
    }

    private sealed class RootComparer : IEqualityComparer<ExclusionIndexRoot?>
    {
        public bool Equals(ExclusionIndexRoot? x, ExclusionIndexRoot? y) => x!.Root.AsSpan().SequenceEqual(y!.Root) && x.LeafCount == y.LeafCount;

        public int GetHashCode(ExclusionIndexRoot? obj) => 0;
    }
}
