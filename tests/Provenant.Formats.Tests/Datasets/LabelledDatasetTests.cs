using Provenant.Core.Errors;
using Provenant.Formats.Datasets;
using Provenant.TestSupport;

namespace Provenant.Formats.Tests.Datasets;

/// <summary><see cref="LabelledDataset"/> on the shipped scikit-learn CSVs, Debian's Fashion-MNIST and broken files.</summary>
public sealed class LabelledDatasetTests
{
    [Theory]
    [InlineData("iris.csv", 150, 4, 3, 5.1f, 0)]
    [InlineData("wine_data.csv", 178, 13, 3, 14.23f, 0)]
    [InlineData("breast_cancer.csv", 569, 30, 2, 17.99f, 0)]
    [InlineData("digits.csv.gz", 1797, 64, 10, 0f, 0)]
    public void ReadsTheScikitLearnCsvs(string file, int count, int features, int classes, float first, int firstLabel)
    {
        var d = LabelledDataset.Load(SharedData.Get("datasets", "sklearn", file));
        Assert.Equal(count, d.Count);
        Assert.Equal(features, d.FeatureCount);
        Assert.Equal(classes, d.ClassCount);
        Assert.Equal(first, d.Row(0)[0]);
        Assert.Equal(firstLabel, d.Label(0));
        Assert.Equal(count * features, d.Features.Length);
        foreach (var l in d.Labels) Assert.InRange(l, 0, classes - 1);
    }

    [Fact]
    public void DigitsSecondRowIsAOne()
    {
        var d = LabelledDataset.Load(SharedData.Get("datasets", "sklearn", "digits.csv.gz"));
        Assert.Equal(1, d.Label(1));
        Assert.Equal(12f, d.Row(1)[3]);
        var s = d.Slice(1, 2);
        Assert.Equal(2, s.Count);
        Assert.Equal(1, s.Label(0));
        Assert.Equal(12f, s.Row(0)[3]);
    }

    [Fact]
    public void ReadsFashionMnistFromAnIdxPrefix()
    {
        const string prefix = "/usr/share/datasets/fashion-mnist/t10k";
        Assert.True(File.Exists(prefix + "-images-idx3-ubyte.gz") || File.Exists(prefix + "-images-idx3-ubyte"),
            "Debian's dataset-fashion-mnist is not installed (.ci/run installs it)");
        var d = LabelledDataset.Load(prefix);
        Assert.Equal(10_000, d.Count);
        Assert.Equal([28, 28], d.FeatureShape);
        Assert.Equal(10, d.ClassCount);
        Assert.Equal(9, d.Label(0)); // the first t10k item is an ankle boot
        foreach (var v in d.Features) Assert.InRange(v, 0f, 255f);
        Assert.Equal(100, LabelledDataset.Load(prefix, limit: 100).Count);
    }

    [Fact]
    public void IdxRowsAreTheFileBytesWidenedExactly()
    {
        const string images = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
        Assert.True(File.Exists(images), "Debian's dataset-fashion-mnist is not installed (.ci/run installs it)");
        var d = LabelledDataset.Load("/usr/share/datasets/fashion-mnist/t10k", limit: 300);
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(images), System.IO.Compression.CompressionMode.Decompress);
        var raw = new byte[16 + 300 * 784];
        gz.ReadExactly(raw);
        var row = new float[784 + 3];
        foreach (var i in new[] { 0, 1, 137, 299 })
        {
            d.CopyRow(i, row);
            var expected = raw.AsSpan(16 + i * 784, 784).ToArray().Select(b => (float)b).ToArray();
            Assert.Equal(expected, row[..784]);
            Assert.Equal(expected, d.Row(i).ToArray());
            Assert.Equal(expected, d.Features.Slice(i * 784, 784).ToArray());
        }
        var slice = d.Slice(137, 2);
        slice.CopyRow(0, row);
        Assert.Equal(d.Row(137).ToArray(), row[..784]);
        Assert.Throws<ArgumentOutOfRangeException>(() => d.CopyRow(300, row));
        Assert.Throws<ArgumentException>(() => d.CopyRow(0, new float[783]));
    }

    [Theory]
    [InlineData("1,2,0\n3,4\n", "line 2")]
    [InlineData("1,2,0\n3,x,1\n", "column 2")]
    [InlineData("1,2,0\n3,4,-1\n", "label")]
    [InlineData("1,2,0\n3,4,1.5\n", "label")]
    [InlineData("1,2,0\n3,NaN,1\n", "finite")]
    [InlineData("", "at least one sample")]
    public void RejectsMalformedCsv(string text, string expected)
    {
        using var tmp = SharedData.NewTempDir();
        var path = tmp.Write("bad.csv", System.Text.Encoding.UTF8.GetBytes(text));
        var e = Assert.Throws<ProvenantFormatException>(() => LabelledDataset.Load(path));
        Assert.Contains(expected, e.Message);
        Assert.Contains("bad.csv", e.Message);
    }

    [Fact]
    public void MissingSourceNamesBothForms()
    {
        var e = Assert.Throws<FileNotFoundException>(() => LabelledDataset.Load("/nonexistent/train"));
        Assert.Contains("idx", e.Message);
    }
}
