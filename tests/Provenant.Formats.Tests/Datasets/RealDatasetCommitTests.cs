using System.IO.Compression;
using System.Text;
using Provenant.Core.Hashing;
using Provenant.Core.Merkle;
using Provenant.Formats.Datasets;
using Provenant.TestSupport;

namespace Provenant.Formats.Tests.Datasets;

public class RealDatasetCommitTests
{
    /// <summary>Independent root: these sklearn files hold no quotes, so every canonical row is the raw line.</summary>
    private static string RootOfRawLines(IEnumerable<string> lines) =>
        Hex.Encode(Rfc9162.RootFromLeafHashes(lines.Select(l => Rfc9162.HashLeaf(Encoding.UTF8.GetBytes(l))).ToList()));

    [Theory]
    [InlineData("iris.csv", 150)]
    [InlineData("wine_data.csv", 178)]
    [InlineData("breast_cancer.csv", 569)]
    public void SklearnCsvWithOneHeaderRow(string file, int expectedRecords)
    {
        var path = DatasetTestData.Sklearn(file);
        var options = new DatasetCommitOptions { HeaderRows = 1, License = "BSD-3-Clause" };
        var c = DatasetCommitter.Commit(path, options);
        var again = DatasetCommitter.Commit(path, options);
        Assert.Equal(expectedRecords, c.RecordCount);
        Assert.Equal(DatasetFormat.Csv, c.Format);
        Assert.Equal("provenant-csv-v1", c.CanonicalForm);
        Assert.Equal(c.RecordsRootHex, again.RecordsRootHex);
        var lines = File.ReadAllLines(path);
        Assert.DoesNotContain(lines, l => l.Contains('"'));
        Assert.Equal(RootOfRawLines(lines.Skip(1).Where(l => l.Length > 0)), c.RecordsRootHex);
        var entry = Assert.Single(c.Files);
        Assert.Equal(file, entry.Path);
        Assert.Equal(new FileInfo(path).Length, entry.Size);
        Assert.Equal(Hex.Encode(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), entry.Sha256);
        Assert.Equal(Path.GetFullPath(path), c.SourcePath);
    }

    /// <summary>Roots computed independently (Python: hashlib over the canonical records, RFC 9162 MTH).</summary>
    [Fact]
    public void GoldenRoots()
    {
        Assert.Equal("3fd8136611ba35b625bd741acacec6565435c96338fa99f0c490a98b44829733",
            DatasetCommitter.Commit(DatasetTestData.Sklearn("iris.csv"), new DatasetCommitOptions { HeaderRows = 1 }).RecordsRootHex);
    }

    [Fact]
    public void HeaderRowChangesTheRoot()
    {
        var path = DatasetTestData.Sklearn("iris.csv");
        var withHeader = DatasetCommitter.Commit(path, new DatasetCommitOptions { HeaderRows = 1 });
        var noHeader = DatasetCommitter.Commit(path);
        Assert.Equal(151, noHeader.RecordCount);
        Assert.NotEqual(withHeader.RecordsRootHex, noHeader.RecordsRootHex);
    }

    [Fact]
    public void DigitsGzipCsvWithoutHeader()
    {
        var path = DatasetTestData.Sklearn("digits.csv.gz");
        Assert.Equal(DatasetFormat.Csv, DatasetCommitter.DetectFormat(path));
        var c = DatasetCommitter.Commit(path);
        Assert.Equal(1797, c.RecordCount);
        Assert.Equal("digits", c.Name);
        Assert.Equal(c.RecordsRootHex, DatasetCommitter.Commit(path).RecordsRootHex);
        using var gz = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var lines = gz.ReadToEnd().Split('\n').Where(l => l.Length > 0).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(RootOfRawLines(lines), c.RecordsRootHex);
        Assert.Equal(Hex.Encode(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), c.Files[0].Sha256);
    }

    [Theory]
    [InlineData("iris.csv", 1)]
    [InlineData("digits.csv.gz", 0)]
    public void CrlfLfGzAndPlainGiveTheSameRoot(string file, int headerRows)
    {
        var path = DatasetTestData.Sklearn(file);
        var options = new DatasetCommitOptions { HeaderRows = headerRows };
        var reference = DatasetCommitter.Commit(path, options).RecordsRootHex;
        byte[] plain = File.ReadAllBytes(path);
        if (file.EndsWith(".gz"))
        {
            using var gz = new GZipStream(new MemoryStream(plain), CompressionMode.Decompress);
            using var ms = new MemoryStream();
            gz.CopyTo(ms);
            plain = ms.ToArray();
        }
        var lf = Encoding.UTF8.GetString(plain).Replace("\r\n", "\n");
        var crlf = lf.Replace("\n", "\r\n");
        // Unnecessary quotes around every field of the data rows must not change the canonical bytes.
        var quoted = string.Join("\n", lf.Split('\n').Select((l, i) => i < headerRows || l.Length == 0 ? l : string.Join(",", l.Split(',').Select(f => "\"" + f + "\""))));
        using var tmp = SharedData.NewTempDir();
        var variants = new List<string>
        {
            tmp.Write("lf.csv", lf),
            tmp.Write("crlf.csv", crlf),
            tmp.Write("quoted.csv", quoted),
            tmp.Write("noeol.csv", lf.TrimEnd('\n')),
            WriteGz(tmp["lf.csv.gz"], Encoding.UTF8.GetBytes(lf)),
            WriteGz(tmp["crlf.csv.gz"], Encoding.UTF8.GetBytes(crlf)),
        };
        foreach (var v in variants)
        {
            Assert.True(reference == DatasetCommitter.Commit(v, options).RecordsRootHex, Path.GetFileName(v));
        }
        var changed = tmp.Write("changed.csv", lf.Replace("5.1,3.5", "5.1,3.6").Replace("0,0,5,13", "0,0,5,14"));
        Assert.NotEqual(reference, DatasetCommitter.Commit(changed, options).RecordsRootHex);
    }

    internal static string WriteGz(string path, byte[] content)
    {
        using var fs = File.Create(path);
        using var gz = new GZipStream(fs, CompressionLevel.Fastest);
        gz.Write(content);
        return path;
    }

    [Fact]
    public void FashionMnistFullTrainAndTest()
    {
        var dir = DatasetTestData.FashionMnist();
        Assert.Equal(DatasetFormat.Idx, DatasetCommitter.DetectFormat(dir));
        long lastProgress = -1;
        var c = DatasetCommitter.Commit(dir, new DatasetCommitOptions { License = "MIT" }, new SyncProgress(v => lastProgress = v));
        Assert.Equal(70_000, c.RecordCount);
        Assert.Equal(70_000, lastProgress);
        Assert.Equal("provenant-idx-v1", c.CanonicalForm);
        Assert.Equal(new[] { "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz" },
            c.Files.Select(f => f.Path));
        Assert.Equal(c.RecordsRootHex, DatasetCommitter.Commit(dir).RecordsRootHex);
        // Independently computed (Python gzip + hashlib over the provenant-idx-v1 records, train then t10k).
        Assert.Equal("22cef804f26381a2616c53a9e96229b229544dbadfbd400a4287ebe512eef534", c.RecordsRootHex);

        // Record 0 is train item 0: header 08 02 00000018 00000018, 784 pixels, 08, label.
        var images = Gunzip(Path.Combine(dir, "train-images-idx3-ubyte.gz"));
        var labels = Gunzip(Path.Combine(dir, "train-labels-idx1-ubyte.gz"));
        var t10kLabels = Gunzip(Path.Combine(dir, "t10k-labels-idx1-ubyte.gz"));
        var p0 = DatasetCommitter.ProveRecord(c, 0);
        Assert.Equal(796, p0.Record.Length);
        Assert.Equal(new byte[] { 0x08, 0x02, 0, 0, 0, 28, 0, 0, 0, 28 }, p0.Record[..10]);
        Assert.Equal(images.AsSpan(16, 784).ToArray(), p0.Record[10..794]);
        Assert.Equal(0x08, p0.Record[794]);
        Assert.Equal(labels[8], p0.Record[^1]);
        Assert.True(p0.Verify(c).IsValid);
        // Train comes first: record 60000 is t10k item 0.
        var p60000 = DatasetCommitter.ProveRecord(c, 60_000);
        Assert.Equal(t10kLabels[8], p60000.Record[^1]);
        Assert.True(p60000.Verify(c).IsValid);
        var last = DatasetCommitter.ProveRecord(c, 69_999);
        Assert.Equal(t10kLabels[^1], last.Record[^1]);
        Assert.True(last.Verify(c).IsValid);
    }

    [Fact]
    public void FashionMnistSingleImagesFileFindsItsLabels()
    {
        var dir = DatasetTestData.FashionMnist();
        var c = DatasetCommitter.Commit(Path.Combine(dir, "t10k-images-idx3-ubyte.gz"));
        Assert.Equal(10_000, c.RecordCount);
        Assert.Equal(2, c.Files.Count);
        var viaLabels = DatasetCommitter.Commit(Path.Combine(dir, "t10k-labels-idx1-ubyte.gz"));
        Assert.Equal(c.RecordsRootHex, viaLabels.RecordsRootHex);
    }

    [Fact]
    public void SharedFashionMnistLabelsAloneAreAnUnpairedError()
    {
        var e = Assert.Throws<Provenant.Core.Errors.ProvenantException>(() =>
            DatasetCommitter.Commit(SharedData.Get("datasets", "fashion-mnist", "train-labels-idx1-ubyte.gz")));
        Assert.Contains("train-images-idx3-ubyte", e.Message);
    }

    internal static byte[] Gunzip(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
