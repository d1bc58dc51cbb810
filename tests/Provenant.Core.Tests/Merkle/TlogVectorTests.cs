using System.Text.Json;
using Provenant.Core.Merkle;
using Provenant.TestSupport;

namespace Provenant.Core.Tests.Merkle;

/// <summary>
/// One test per JSON file of the transparency-dev/merkle vectors in tlog-vectors/transparency-dev-merkle/,
/// asserting the verifier's outcome equals the file's wantErr.
/// </summary>
public class TlogVectorTests
{
    private static string VectorRoot => SharedData.Get("tlog-vectors", "transparency-dev-merkle");

    private static IEnumerable<object[]> Files(string folder) =>
        Directory.EnumerateFiles(Path.Combine(VectorRoot, folder), "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(VectorRoot, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new object[] { f });

    public static IEnumerable<object[]> InclusionFiles() => Files("inclusion");
    public static IEnumerable<object[]> ConsistencyFiles() => Files("consistency");
    public static IEnumerable<object[]> SubtreeInclusionFiles() => Files("subtreeinclusion");
    public static IEnumerable<object[]> SubtreeConsistencyFiles() => Files("subtreeconsistency");

    private static JsonElement Load(string relative) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(VectorRoot, relative))).RootElement;

    private static byte[] B64(JsonElement e, string name) => Convert.FromBase64String(e.GetProperty(name).GetString()!);

    private static byte[][] Proof(JsonElement e)
    {
        var p = e.GetProperty("proof");
        return p.ValueKind == JsonValueKind.Null ? [] : p.EnumerateArray().Select(x => Convert.FromBase64String(x.GetString()!)).ToArray();
    }

    private static void AssertOutcome(JsonElement v, VerificationResult result, string file)
    {
        var wantErr = v.GetProperty("wantErr").GetBoolean();
        Assert.True(wantErr != result.IsValid,
            $"{file} ({v.GetProperty("desc").GetString()}): wantErr={wantErr} but verifier said {result}");
    }

    [Theory]
    [MemberData(nameof(InclusionFiles))]
    public void Inclusion(string file)
    {
        var v = Load(file);
        var r = InclusionProof.Verify(v.GetProperty("leafIdx").GetUInt64(), v.GetProperty("treeSize").GetUInt64(),
            B64(v, "leafHash"), Proof(v), B64(v, "root"));
        AssertOutcome(v, r, file);
    }

    [Theory]
    [MemberData(nameof(ConsistencyFiles))]
    public void Consistency(string file)
    {
        var v = Load(file);
        var r = ConsistencyProof.Verify(v.GetProperty("size1").GetUInt64(), v.GetProperty("size2").GetUInt64(),
            Proof(v), B64(v, "root1"), B64(v, "root2"));
        AssertOutcome(v, r, file);
    }

    [Theory]
    [MemberData(nameof(SubtreeInclusionFiles))]
    public void SubtreeInclusion(string file)
    {
        var v = Load(file);
        var r = SubtreeInclusionProof.Verify(v.GetProperty("leafIdx").GetUInt64(), v.GetProperty("start").GetUInt64(),
            v.GetProperty("end").GetUInt64(), B64(v, "leafHash"), Proof(v), B64(v, "root"));
        AssertOutcome(v, r, file);
    }

    [Theory]
    [MemberData(nameof(SubtreeConsistencyFiles))]
    public void SubtreeConsistency(string file)
    {
        var v = Load(file);
        var r = SubtreeConsistencyProof.Verify(v.GetProperty("start").GetUInt64(), v.GetProperty("end").GetUInt64(),
            v.GetProperty("size").GetUInt64(), Proof(v), B64(v, "root1"), B64(v, "root2"));
        AssertOutcome(v, r, file);
    }

    [Fact]
    public void AllVectorFoldersArePresent()
    {
        var counts = new[] { "inclusion", "consistency", "subtreeinclusion", "subtreeconsistency" }
            .ToDictionary(f => f, f => Files(f).Count());
        foreach (var (folder, count) in counts)
        {
            Assert.True(count > 0, $"no vectors in {folder}");
        }
        Assert.True(counts.Values.Sum() >= 518, $"expected at least 518 vector files, found {counts.Values.Sum()}");
        // Both outcomes must be represented, so a verifier that always accepts or always rejects cannot pass.
        var outcomes = counts.Keys.SelectMany(Files).Select(f => Load((string)f[0]).GetProperty("wantErr").GetBoolean()).ToList();
        Assert.Contains(true, outcomes);
        Assert.Contains(false, outcomes);
    }
}
