using System.Text;
using Provenant.Formats.Datasets;

namespace Provenant.Formats.Tests.Datasets;

public class CsvAndJsonlReaderTests
{
    private static string[] Csv(string text, int headerRows = 0) =>
        CsvRecordReader.ReadRecords(new MemoryStream(Encoding.UTF8.GetBytes(text)), "t.csv", headerRows).Select(Encoding.UTF8.GetString).ToArray();

    [Fact]
    public void CsvCanonicalQuoting()
    {
        Assert.Equal(new[] { "a,b", "\"x,y\",\"he said \"\"hi\"\"\"", "\"l1\nl2\",z", ",", "\"\"", "plain,\"\"\"\"" },
            Csv("\"a\",b\r\n\"x,y\",\"he said \"\"hi\"\"\"\n\"l1\r\nl2\",z\n,\n\"\"\n\n\"plain\",\"\"\"\""));
    }

    [Fact]
    public void CsvBomAndHeaderRows()
    {
        Assert.Equal(new[] { "1,2" }, Csv("\uFEFFh1,h2\n1,2\n", headerRows: 1));
        var e = Assert.Throws<Provenant.Core.Errors.ProvenantFormatException>(() => Csv("h\n", headerRows: 3));
        Assert.Contains("3 header row", e.Message);
    }

    [Fact]
    public void JsonlCanonicalRecords()
    {
        var records = JsonlRecordReader.ReadRecords(new MemoryStream(Encoding.UTF8.GetBytes("{\"b\":1.0,\"a\":\"x\"}\r\n  \n[1e2, true]\n\"last\"")), "t.jsonl")
            .Select(Encoding.UTF8.GetString).ToArray();
        Assert.Equal(new[] { "{\"a\":\"x\",\"b\":1}", "[100,true]", "\"last\"" }, records);
    }

    [Fact]
    public void JsonlFileRootIgnoresFormatting()
    {
        using var tmp = Provenant.TestSupport.SharedData.NewTempDir();
        var a = tmp.Write("a.jsonl", "{\"x\":1,\"y\":[1.50]}\n{\"z\":null}\n");
        var b = tmp.Write("b.jsonl", "{ \"y\" : [ 1.5 ], \"x\" : 1e0 }\r\n\r\n{\"z\" :null}");
        var c = tmp.Write("c.ndjson", "{\"x\":1,\"y\":[1.51]}\n{\"z\":null}\n");
        Assert.Equal(DatasetCommitter.Commit(a).RecordsRootHex, DatasetCommitter.Commit(b).RecordsRootHex);
        Assert.NotEqual(DatasetCommitter.Commit(a).RecordsRootHex, DatasetCommitter.Commit(c).RecordsRootHex);
        Assert.Equal(DatasetFormat.Jsonl, DatasetCommitter.Commit(c).Format);
    }
}
