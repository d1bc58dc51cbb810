using System.Buffers.Binary;
using Provenant.Formats.Safetensors;
using Provenant.Formats.Tensors;
using Provenant.Formats.Tests.Tensors;

namespace Provenant.Formats.Tests.Safetensors;

/// <summary>The shared safetensors files (../shared/data/weights/MANIFEST.md): tracel-ai/burn's MNIST CNN and
/// multi-layer test weights, and huggingface/safetensors' samples (one 6-element tensor per dtype, values −3…2,
/// <c>__metadata__</c> {"test": "a"}).</summary>
public class SafetensorsRealFileTests
{
    public static TheoryData<string> Files() => new(WeightFiles.SharedSafetensors());

    [Theory]
    [MemberData(nameof(Files))]
    public void EverySharedFileOpensTilesItsBufferAndCommits(string path)
    {
        using var f = SafetensorsFile.Open(path);
        Assert.NotEmpty(f.Tensors);
        Assert.Equal(new FileInfo(path).Length - f.DataOffset, f.Tensors.Sum(t => t.ByteLength));
        var c = TensorCommitter.Commit(f);
        Assert.Equal(f.Tensors.Count, c.TensorCount);
        Assert.Equal(TensorCommitment.AlgorithmV1, c.Algorithm);
    }

    [Fact]
    public void BurnMnistTensorTable()
    {
        using var f = SafetensorsFile.Open(WeightFiles.Shared("safetensors", "burn-mnist.safetensors"));
        Assert.Equal(20, f.Tensors.Count);
        Assert.Equal(1520, f.HeaderLength);
        Assert.Empty(f.StringMetadata);
        var fc1 = f.Tensors.Single(t => t.Name == "fc1.weight");
        Assert.Equal("F32", fc1.DType);
        Assert.Equal([32L, 11616L], fc1.Shape);
        Assert.Equal(32 * 11616 * 4, fc1.ByteLength);
        Assert.Equal(8 + 1520 + 19056, fc1.FileOffset);
        var tracked = f.Tensors.Single(t => t.Name == "norm1.num_batches_tracked");
        Assert.Equal("I64", tracked.DType);
        Assert.Empty(tracked.Shape);
        Assert.Equal(8, tracked.ByteLength);
        Assert.Equal("[8, 1, 3, 3]", f.Tensors.Single(t => t.Name == "conv1.weight").ShapeText);
    }

    [Theory]
    [InlineData("U8", 1)]
    [InlineData("I8", 1)]
    [InlineData("U16", 2)]
    [InlineData("I16", 2)]
    [InlineData("U32", 4)]
    [InlineData("I32", 4)]
    [InlineData("F16", 2)]
    [InlineData("F32", 4)]
    [InlineData("F64", 8)]
    public void HfSampleHoldsMinusThreeToTwo(string dtype, int size)
    {
        using var f = SafetensorsFile.Open(WeightFiles.Shared("safetensors", "hf-samples", dtype + ".safetensors"));
        Assert.Equal([new KeyValuePair<string, string>("test", "a")], f.StringMetadata);
        var t = Assert.Single(f.Tensors);
        Assert.Equal(dtype, t.DType);
        Assert.Equal([6L], t.Shape);
        Assert.Equal(6 * size, t.ByteLength);
        using var s = f.OpenTensor(t);
        var data = new byte[t.ByteLength];
        s.ReadExactly(data);
        Assert.Equal(0, s.Read(new byte[1]));
        var values = Enumerable.Range(0, 6).Select(i => Decode(dtype, data.AsSpan(i * size, size))).ToArray();
        // Unsigned samples hold −3…−1 wrapped around: 2^bits − 3 … 2^bits − 1.
        var wrap = Math.Pow(2, 8 * size);
        double[] expected = dtype.StartsWith('U') ? [wrap - 3, wrap - 2, wrap - 1, 0, 1, 2] : [-3, -2, -1, 0, 1, 2];
        Assert.Equal(expected, values);
    }

    [Fact]
    public void OverallSampleHoldsNineTensorsInOffsetOrder()
    {
        using var f = SafetensorsFile.Open(WeightFiles.Shared("safetensors", "hf-samples", "overall.safetensors"));
        Assert.Equal(["B", "H", "I", "b", "d", "e", "f", "h", "i"], f.Tensors.Select(t => t.Name));
        Assert.Equal(f.Tensors.Select(t => t.FileOffset).Order(), f.Tensors.Select(t => t.FileOffset));
        var formats = TensorFormats.Find(f.Path, TensorFormats.Builtin);
        Assert.Equal("safetensors", formats!.Name);
    }

    private static double Decode(string dtype, ReadOnlySpan<byte> b) => dtype switch
    {
        "U8" => b[0],
        "I8" => (sbyte)b[0],
        "U16" => BinaryPrimitives.ReadUInt16LittleEndian(b),
        "I16" => BinaryPrimitives.ReadInt16LittleEndian(b),
        "U32" => BinaryPrimitives.ReadUInt32LittleEndian(b),
        "I32" => BinaryPrimitives.ReadInt32LittleEndian(b),
        "F16" => (double)BinaryPrimitives.ReadHalfLittleEndian(b),
        "F32" => BinaryPrimitives.ReadSingleLittleEndian(b),
        _ => BinaryPrimitives.ReadDoubleLittleEndian(b),
    };
}
