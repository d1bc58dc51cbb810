using System.Buffers.Binary;
using Provenant.Core.Errors;
using Provenant.Formats.Datasets;
using Provenant.Training.Audit;
using Provenant.TestSupport;

namespace Provenant.Training.Tests.Audit;

public class CommittedDataTests
{
    private static void WriteIdx(string path, byte type, int[] dims, byte[] data)
    {
        var b = new byte[4 + 4 * dims.Length + data.Length];
        b[2] = type;
        b[3] = (byte)dims.Length;
        for (var d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4 + 4 * d), dims[d]);
        data.CopyTo(b, 4 + 4 * dims.Length);
        File.WriteAllBytes(path, b);
    }

    private static TempDir IdxFolder(int trainCount, int testCount)
    {
        var tmp = SharedData.NewTempDir();
        Directory.CreateDirectory(tmp["idx"]);
        var random = new System.Random(5);
        foreach (var (name, count) in new[] { ("train", trainCount), ("t10k", testCount) })
        {
            var pixels = new byte[count * 3 * 4];
            random.NextBytes(pixels);
            WriteIdx(tmp[$"idx/{name}-images-idx3-ubyte"], 0x08, [count, 3, 4], pixels);
            WriteIdx(tmp[$"idx/{name}-labels-idx1-ubyte"], 0x08, [count], Enumerable.Range(0, count).Select(i => (byte)(i * 7 % 10)).ToArray());
        }
        return tmp;
    }

    [Fact]
    public void IdxTrainingSourceFromTheVerifiedPassEqualsTheFileReader()
    {
        using var tmp = IdxFolder(9, 4);
        var commitment = DatasetCommitter.Commit(tmp["idx"], new DatasetCommitOptions { Format = DatasetFormat.Idx });
        var data = CommittedData.Load(commitment);
        Assert.Equal(13, data.LeafHashes.Count);
        foreach (int? limit in new int?[] { null, 5 })
        {
            var fromPass = data.TrainSource(limit);
            var fromFiles = LabelledDataset.Load(tmp["idx/train"], limit);
            Assert.Equal(fromFiles.Count, fromPass.Count);
            Assert.Equal(fromFiles.FeatureShape, fromPass.FeatureShape);
            Assert.Equal(fromFiles.ClassCount, fromPass.ClassCount);
            Assert.True(fromFiles.Features.SequenceEqual(fromPass.Features));
            Assert.True(fromFiles.Labels.SequenceEqual(fromPass.Labels));
        }
    }

    [Fact]
    public void AChangedFileIsNamedAndNeverLoaded()
    {
        using var tmp = IdxFolder(6, 2);
        var commitment = DatasetCommitter.Commit(tmp["idx"], new DatasetCommitOptions { Format = DatasetFormat.Idx });
        var bytes = File.ReadAllBytes(tmp["idx/train-images-idx3-ubyte"]);
        bytes[^1] ^= 1;
        File.WriteAllBytes(tmp["idx/train-images-idx3-ubyte"], bytes);
        var e = Assert.Throws<ProvenantException>(() => CommittedData.Load(commitment));
        Assert.Equal(ExitCodes.VerificationFailed, e.ExitCode);
        Assert.Contains("changed: train-images-idx3-ubyte", e.Message);
        // truncated: the parser fails, and the message still says which file changed
        File.WriteAllBytes(tmp["idx/train-images-idx3-ubyte"], bytes[..^5]);
        e = Assert.Throws<ProvenantException>(() => CommittedData.Load(commitment));
        Assert.Contains("changed: train-images-idx3-ubyte", e.Message);
    }

    [Fact]
    public void RecordsInMemoryThatAreNotIdxAreRefused()
    {
        Assert.Throws<ProvenantFormatException>(() => LabelledDataset.FromIdxRecords("x", []));
        Assert.Throws<ProvenantFormatException>(() => LabelledDataset.FromIdxRecords("x", [new byte[] { 0x0D, 1, 0, 0, 0, 2, 1, 2, 8, 0 }]));
        byte[] good = [0x08, 1, 0, 0, 0, 2, 1, 2, 0x08, 3];
        byte[] shortRecord = [0x08, 1, 0, 0, 0, 2, 1];
        Assert.Throws<ProvenantFormatException>(() => LabelledDataset.FromIdxRecords("x", [good, shortRecord]));
        var d = LabelledDataset.FromIdxRecords("x", [good]);
        Assert.Equal([1f, 2f], d.Row(0).ToArray());
        Assert.Equal(3, d.Label(0));
    }

    [Fact]
    public void RecordsBackToBackGiveTheSameSourceAsOneArrayPerRecord()
    {
        byte[][] records = [[0x08, 1, 0, 0, 0, 2, 1, 2, 0x08, 3], [0x08, 1, 0, 0, 0, 2, 9, 250, 0x08, 7], [0x08, 1, 0, 0, 0, 2, 0, 4, 0x08, 1]];
        var joined = records.SelectMany(r => r).ToArray();
        foreach (int? limit in new int?[] { null, 2 })
        {
            var fromList = LabelledDataset.FromIdxRecords("x", records, limit);
            var fromBuffer = LabelledDataset.FromIdxRecords("x", joined, 10, limit);
            Assert.Equal(fromList.Count, fromBuffer.Count);
            Assert.Equal(fromList.ClassCount, fromBuffer.ClassCount);
            Assert.True(fromList.Features.SequenceEqual(fromBuffer.Features));
            Assert.True(fromList.Labels.SequenceEqual(fromBuffer.Labels));
            for (var i = 0; i < fromList.Count; i++) Assert.Equal(fromList.Row(i).ToArray(), fromBuffer.Row(i).ToArray());
            var slice = fromBuffer.Slice(1, fromBuffer.Count - 1); // rows kept inside the records, copied out compactly
            Assert.True(fromList.Features[fromList.FeatureCount..].SequenceEqual(slice.Features));
        }
        // a buffer that starts inside a larger array (offset rows)
        var padded = new byte[] { 0xAA, 0xBB, 0xCC }.Concat(joined).ToArray();
        var offset = LabelledDataset.FromIdxRecords("x", padded.AsMemory(3), 10);
        Assert.True(LabelledDataset.FromIdxRecords("x", records).Features.SequenceEqual(offset.Features));
        Assert.Throws<ProvenantFormatException>(() => LabelledDataset.FromIdxRecords("x", joined.AsMemory(0, 25), 10)); // not whole records
        Assert.Throws<ProvenantFormatException>(() => LabelledDataset.FromIdxRecords("x", ReadOnlyMemory<byte>.Empty, 10));
        var badLabel = (byte[])joined.Clone();
        badLabel[18] = 0x0D; // the second record's label type
        Assert.Throws<ProvenantFormatException>(() => LabelledDataset.FromIdxRecords("x", badLabel, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => LabelledDataset.FromIdxRecords("x", joined, 0));
    }
}
