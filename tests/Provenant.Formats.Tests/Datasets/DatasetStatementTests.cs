using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Formats.Datasets;

namespace Provenant.Formats.Tests.Datasets;

public class DatasetStatementTests
{
    private static DatasetCommitment Iris() =>
        DatasetCommitter.Commit(DatasetTestData.Sklearn("iris.csv"), new DatasetCommitOptions { HeaderRows = 1, License = "BSD-3-Clause", Name = "iris" });

    [Fact]
    public void StatementShapeAndRoundTrip()
    {
        var c = Iris();
        var s = c.ToStatement();
        Assert.Equal("https://in-toto.io/Statement/v1", (string)s["_type"]!);
        Assert.Equal("https://provenant.dev/dataset-commitment/v1", (string)s["predicateType"]!);
        var subject = Assert.Single(s["subject"]!.AsArray());
        Assert.Equal("iris.csv", (string)subject!["name"]!);
        Assert.Equal(c.Files[0].Sha256, (string)subject["digest"]!["sha256"]!);
        var p = s["predicate"]!;
        Assert.Equal("iris", (string)p["name"]!);
        Assert.Equal("BSD-3-Clause", (string)p["license"]!);
        Assert.Equal(150, (long)p["recordCount"]!);
        Assert.Equal("rfc9162-sha256", (string)p["recordsRoot"]!["algorithm"]!);
        Assert.Equal(c.RecordsRootHex, (string)p["recordsRoot"]!["hex"]!);
        Assert.Equal("text/csv", (string)p["distribution"]![0]!["encodingFormat"]!);
        Assert.Equal("2734 B", (string)p["distribution"]![0]!["contentSize"]!);

        var text = s.ToJsonString();
        var back = DatasetCommitment.FromStatement(JsonNode.Parse(text)!.AsObject(), "dataset.json");
        Assert.Equal(c.RecordsRootHex, back.RecordsRootHex);
        Assert.Equal(c.RecordCount, back.RecordCount);
        Assert.Equal(c.Files, back.Files);
        Assert.Equal(c.HeaderRows, back.HeaderRows);
        Assert.Equal(c.SourcePath, back.SourcePath);
        Assert.Equal(c.License, back.License);
        // The parsed commitment is usable for proofs.
        Assert.True(DatasetCommitter.ProveRecord(back, 42).Verify(c).IsValid);
    }

    [Theory]
    [InlineData("predicate.recordsRoot.hex", "\"ab\"", "predicate.recordsRoot.hex")]
    [InlineData("predicate.recordCount", "-1", "predicate.recordCount")]
    [InlineData("predicate.recordCount", "9007199254740993", "predicate.recordCount")]
    [InlineData("predicate.recordCount", "\"150\"", "predicate.recordCount")]
    [InlineData("predicate.format", "\"parquet\"", "predicate.format")]
    [InlineData("predicate.canonicalForm", "\"provenant-csv-v2\"", "predicate.canonicalForm")]
    [InlineData("predicateType", "\"https://example.com/x\"", "predicateType")]
    [InlineData("_type", "\"https://in-toto.io/Statement/v0.1\"", "_type")]
    [InlineData("predicate.distribution.0.contentUrl", "\"../etc/passwd\"", "predicate.distribution[0].contentUrl")]
    [InlineData("predicate.distribution.0.contentSize", "\"12 MB\"", "predicate.distribution[0].contentSize")]
    [InlineData("predicate.distribution.0.sha256", "\"ABCDEF\"", "predicate.distribution[0].sha256")]
    [InlineData("subject.0.digest.sha256", "\"0000000000000000000000000000000000000000000000000000000000000000\"", "subject[0]")]
    [InlineData("predicate.name", "null", "predicate.name")]
    [InlineData("predicate.recordsRoot", "null", "predicate.recordsRoot")]
    [InlineData("predicate.headerRows", "null", "predicate.headerRows")]
    public void StrictValidationNamesTheField(string path, string json, string field)
    {
        var s = Iris().ToStatement();
        JsonNode node = s;
        var parts = path.Split('.');
        foreach (var part in parts[..^1]) node = int.TryParse(part, out var i) ? node[i]! : node[part]!;
        var value = JsonNode.Parse(json);
        if (value is null) node.AsObject().Remove(parts[^1]); else node[parts[^1]] = value;
        var e = Assert.Throws<ProvenantFormatException>(() => DatasetCommitment.FromStatement(s, "dataset.json"));
        Assert.Equal(field, e.Field);
        Assert.StartsWith("dataset.json", e.Message);
    }
}
