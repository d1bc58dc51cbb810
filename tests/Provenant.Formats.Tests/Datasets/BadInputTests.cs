using System.Buffers.Binary;
using Provenant.Core.Errors;
using Provenant.Formats.Datasets;
using Provenant.TestSupport;

namespace Provenant.Formats.Tests.Datasets;

public class BadInputTests
{
    private static byte[] Idx(byte type, uint[] dims, int dataBytes)
    {
        var b = new byte[4 + 4 * dims.Length + dataBytes];
        b[2] = type;
        b[3] = (byte)dims.Length;
        for (var i = 0; i < dims.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4 + 4 * i), dims[i]);
        for (var i = 4 + 4 * dims.Length; i < b.Length; i++) b[i] = (byte)i;
        return b;
    }

    private static (TempDir Dir, string Images) IdxPair(byte[] images, byte[] labels, bool gz = false)
    {
        var tmp = SharedData.NewTempDir("idx");
        var suffix = gz ? ".gz" : "";
        string Put(string name, byte[] data) => gz ? RealDatasetCommitTests.WriteGz(tmp[name + suffix], data) : tmp.Write(name, data);
        var img = Put("x-images-idx3-ubyte", images);
        Put("x-labels-idx1-ubyte", labels);
        return (tmp, img);
    }

    [Fact]
    public void SmallValidIdxPairCommits()
    {
        var (tmp, img) = IdxPair(Idx(0x08, [3, 2, 2], 12), Idx(0x08, [3], 3));
        using (tmp)
        {
            var c = DatasetCommitter.Commit(img);
            Assert.Equal(3, c.RecordCount);
            var p = DatasetCommitter.ProveRecord(c, 1);
            Assert.Equal(new byte[] { 8, 2, 0, 0, 0, 2, 0, 0, 0, 2, 20, 21, 22, 23, 8, 9 }, p.Record);
            Assert.Equal(c.RecordsRootHex, DatasetCommitter.Commit(tmp.Path).RecordsRootHex);
        }
    }

    [Theory]
    [InlineData(40_000, 0, 0)]          // images cut in the third block of the committer's block reader
    [InlineData(0, 40_000 - 20_001, 0)] // labels cut in the second
    [InlineData(4 * 300, 300, 0)]       // both cut at item 39_700: the images are named, as in record order
    [InlineData(4 * 300 - 4, 300, 0)]   // images cut one item later: the labels come first
    [InlineData(2, 0, 0)]               // images cut inside the last item
    [InlineData(0, 0, 3)]               // trailing bytes after the images
    public void BlockReaderFailsLikeTheRecordReader(int imageBytesCut, int labelBytesCut, int extraImageBytes)
    {
        const uint count = 40_000;
        var images = Idx(0x08, [count, 2, 2], (int)(4 * count) + extraImageBytes);
        var labels = Idx(0x08, [count], (int)count);
        var (tmp, img) = IdxPair(images[..^imageBytesCut], labels[..^labelBytesCut]);
        using (tmp)
        {
            var committed = Assert.Throws<ProvenantFormatException>(() => DatasetCommitter.Commit(img));
            using var i = File.OpenRead(img);
            using var l = File.OpenRead(tmp["x-labels-idx1-ubyte"]);
            var read = Assert.Throws<ProvenantFormatException>(() =>
                IdxRecordReader.ReadRecords(i, "x-images-idx3-ubyte", i.Length, l, "x-labels-idx1-ubyte", l.Length).Count());
            Assert.Equal((read.File, read.Field, read.Offset, read.Message), (committed.File, committed.Field, committed.Offset, committed.Message));
        }
    }

    [Fact]
    public void BlockReaderGivesTheRecordReadersRecords()
    {
        const uint count = 20_000;
        var (tmp, img) = IdxPair(Idx(0x08, [count, 2, 2], (int)(4 * count)), Idx(0x08, [count], (int)count));
        using (tmp)
        {
            var c = DatasetCommitter.Commit(img);
            using var i = File.OpenRead(img);
            using var l = File.OpenRead(tmp["x-labels-idx1-ubyte"]);
            var leaves = IdxRecordReader.ReadRecords(i, "x-images-idx3-ubyte", i.Length, l, "x-labels-idx1-ubyte", l.Length).Select(r => Core.Merkle.Rfc9162.HashLeaf(r)).ToList();
            Assert.Equal(Core.Merkle.Rfc9162.RootFromLeafHashes(leaves), c.RecordsRoot);
            var kept = new List<byte[]>();
            DatasetCommitter.VerifyRecords(c, null, (_, index, record) => { if (index % 997 == 0) kept.Add(record.ToArray()); });
            using var i2 = File.OpenRead(img);
            using var l2 = File.OpenRead(tmp["x-labels-idx1-ubyte"]);
            var expected = IdxRecordReader.ReadRecords(i2, "x-images-idx3-ubyte", i2.Length, l2, "x-labels-idx1-ubyte", l2.Length).Where((_, k) => k % 997 == 0).ToList();
            Assert.Equal(expected, kept);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedIdx(bool gz)
    {
        var full = Idx(0x08, [3, 2, 2], 12);
        var (tmp, img) = IdxPair(full[..^5], Idx(0x08, [3], 3), gz);
        using (tmp)
        {
            var e = Assert.Throws<ProvenantFormatException>(() => DatasetCommitter.Commit(img));
            Assert.Equal("x-images-idx3-ubyte" + (gz ? ".gz" : ""), e.File);
            Assert.Contains("truncated", e.Message);
            Assert.Equal(23, e.Offset);
        }
    }

    [Fact]
    public void IdxTrailingBytes()
    {
        var (tmp, img) = IdxPair([.. Idx(0x08, [3, 2, 2], 12), 0xFF], Idx(0x08, [3], 3), gz: true);
        using (tmp)
        {
            var e = Assert.Throws<ProvenantFormatException>(() => DatasetCommitter.Commit(img));
            Assert.Contains("trailing", e.Message);
            Assert.Equal(28, e.Offset);
        }
    }

    [Fact]
    public void IdxWrongMagic()
    {
        var bad = Idx(0x08, [3, 2, 2], 12);
        bad[0] = 0x1F;
        var (tmp, img) = IdxPair(bad, Idx(0x08, [3], 3));
        using (tmp)
        {
            var e = Assert.Throws<ProvenantFormatException>(() => DatasetCommitter.Commit(img));
            Assert.Equal("x-images-idx3-ubyte", e.File);
            Assert.Equal("magic", e.Field);
            Assert.Equal(0, e.Offset);
            Assert.Contains("0x1f000803", e.Message);
        }
    }

    [Fact]
    public void IdxUnknownType()
    {
        var (tmp, img) = IdxPair(Idx(0x0A, [3, 2, 2], 12), Idx(0x08, [3], 3));
        using (tmp)
        {
            var e = Assert.Throws<ProvenantFormatException>(() => DatasetCommitter.Commit(img));
            Assert.Equal("type", e.Field);
            Assert.Equal(2, e.Offset);
        }
    }

    [Fact]
    public void ImageLabelCountMismatch()
    {
        var (tmp, img) = IdxPair(Idx(0x08, [3, 2, 2], 12), Idx(0x08, [4], 4));
        using (tmp)
        {
            var e = Assert.Throws<ProvenantFormatException>(() => DatasetCommitter.Commit(img));
            Assert.Equal("x-labels-idx1-ubyte", e.File);
            Assert.Contains("3 labels", e.Message);
            Assert.Contains("x-images-idx3-ubyte", e.Message);
            Assert.Equal(4, e.Offset);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void IdxDimsOverflow(bool gz)
    {
        // 0xFFFFFFFF × 0xFFFFFFFF × 0xFFFFFFFF items of 8 bytes: far past any limit, must not allocate or overflow.
        var (tmp, img) = IdxPair(Idx(0x0E, [0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF], 16), Idx(0x08, [3], 3), gz);
        using (tmp)
        {
            var e = Assert.Throws<ProvenantFormatException>(() => DatasetCommitter.Commit(img));
            Assert.Equal("dimensions", e.Field);
            Assert.Contains("at most 16777216 bytes", e.Message);
            Assert.Equal(8, e.Offset);
        }
    }

    [Fact]
    public void IdxHugeCountAgainstPlainFileLength()
    {
        var (tmp, img) = IdxPair(Idx(0x08, [0xFFFFFFFF, 28, 28], 784), Idx(0x08, [3], 3));
        using (tmp)
        {
            var e = Assert.Throws<ProvenantFormatException>(() => DatasetCommitter.Commit(img));
            Assert.Contains("truncated", e.Message);
            Assert.Equal("x-images-idx3-ubyte", e.File);
        }
    }

    [Fact]
    public void CsvUnterminatedQuote()
    {
        using var tmp = SharedData.NewTempDir();
        var p = tmp.Write("bad.csv", "a,b\n1,2\n3,\"oops\n4,5\n");
        var e = Assert.Throws<ProvenantFormatException>(() => DatasetCommitter.Commit(p));
        Assert.Equal("bad.csv", e.File);
        Assert.Equal(3, e.Offset);
        Assert.Contains("bad.csv (line 3)", e.Message);
        Assert.Contains("closing '\"'", e.Message);
    }

    [Theory]
    [InlineData("a,b\n1,\"2\"x\n", 2, "after a closing quote")]
    [InlineData("a,b\n1,2\"\n", 2, "unquoted field")]
    [InlineData("a,b\r1,2\n", 1, "LF after CR")]
    public void CsvOtherSyntaxErrors(string content, long line, string message)
    {
        using var tmp = SharedData.NewTempDir();
        var p = tmp.Write("bad.csv", content);
        var e = Assert.Throws<ProvenantFormatException>(() => DatasetCommitter.Commit(p));
        Assert.Equal(line, e.Offset);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void CsvInvalidUtf8()
    {
        using var tmp = SharedData.NewTempDir();
        var p = tmp.Write("bad.csv", [(byte)'a', (byte)'\n', 0xC3, 0x28, (byte)'\n']);
        var e = Assert.Throws<ProvenantFormatException>(() => DatasetCommitter.Commit(p));
        Assert.Equal(2, e.Offset);
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void JsonlInvalidJsonAtLineN()
    {
        using var tmp = SharedData.NewTempDir();
        var p = tmp.Write("data.jsonl", "{\"a\":1}\n\n{\"b\":[1,2]}\n{\"c\": tru}\n{\"d\":4}\n");
        var e = Assert.Throws<ProvenantFormatException>(() => DatasetCommitter.Commit(p));
        Assert.Equal("data.jsonl", e.File);
        Assert.Equal(4, e.Offset);
        Assert.StartsWith("data.jsonl (line 4): record: expected one JSON value", e.Message);
    }

    [Fact]
    public void JsonlDuplicateKeyAtLineN()
    {
        using var tmp = SharedData.NewTempDir();
        var p = tmp.Write("data.ndjson", "{\"a\":1}\r\n{\"a\":1,\"a\":2}\r\n");
        var e = Assert.Throws<ProvenantFormatException>(() => DatasetCommitter.Commit(p));
        Assert.Equal(2, e.Offset);
        Assert.Contains("duplicate", e.Message);
    }

    [Fact]
    public void EmptyDirectory()
    {
        using var tmp = SharedData.NewTempDir();
        Directory.CreateDirectory(tmp["only-git/.git"]);
        File.WriteAllText(tmp["only-git/.git/HEAD"], "ref");
        var e = Assert.Throws<ProvenantException>(() => DatasetCommitter.Commit(tmp["only-git"]));
        Assert.Contains(tmp["only-git"], e.Message);
        Assert.Contains("no regular files", e.Message);
    }

    [Fact]
    public void NonexistentPath()
    {
        var missing = Path.Combine(Path.GetTempPath(), "provenant-no-such-" + Guid.NewGuid().ToString("N"), "data.csv");
        var e = Assert.Throws<ProvenantException>(() => DatasetCommitter.Commit(missing));
        Assert.Contains(missing, e.Message);
        Assert.Contains("no such file", e.Message);
        Assert.Equal(ExitCodes.InputError, e.ExitCode);
    }

    [Fact]
    public void UnknownExtensionNeedsFormat()
    {
        using var tmp = SharedData.NewTempDir();
        var p = tmp.Write("data.bin", "x");
        var e = Assert.Throws<ProvenantException>(() => DatasetCommitter.Commit(p));
        Assert.Contains("--format", e.Message);
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Equal(1, DatasetCommitter.Commit(p, new DatasetCommitOptions { Format = DatasetFormat.Files }).RecordCount);
    }

    [Fact]
    public void SymlinkInFolderIsRejected()
    {
        using var tmp = SharedData.NewTempDir();
        tmp.Write("d/a.txt", "a");
        File.CreateSymbolicLink(tmp["d/link.txt"], tmp["d/a.txt"]);
        var e = Assert.Throws<ProvenantException>(() => DatasetCommitter.Commit(tmp["d"]));
        Assert.Contains("symbolic link", e.Message);
        Assert.Contains("link.txt", e.Message);
    }

    [Fact]
    public void CorruptGzip()
    {
        using var tmp = SharedData.NewTempDir();
        var gz = File.ReadAllBytes(DatasetTestData.Sklearn("digits.csv.gz"));
        gz[gz.Length / 2] ^= 0xFF;
        var p = tmp.Write("digits.csv.gz", gz);
        var e = Assert.Throws<ProvenantFormatException>(() => DatasetCommitter.Commit(p));
        Assert.Equal("digits.csv.gz", e.File);
    }
}
