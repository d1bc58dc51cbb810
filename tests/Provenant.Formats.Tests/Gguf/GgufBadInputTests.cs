using Provenant.Core.Errors;
using Provenant.Formats.Gguf;
using Provenant.Formats.Tests.Tensors;
using Provenant.TestSupport;

namespace Provenant.Formats.Tests.Gguf;

/// <summary>One test per GGUF rule (specification docs/gguf.md, and ggml's gguf.cpp checks).</summary>
public class GgufBadInputTests
{
    private static ProvenantFormatException Reject(GgufBuilder b) => Reject(b.Build());

    private static ProvenantFormatException Reject(byte[] file)
    {
        using var tmp = SharedData.NewTempDir("gguf-bad");
        var path = tmp.Write("bad.gguf", file);
        var e = Assert.Throws<ProvenantFormatException>(() => GgufFile.Open(path));
        Assert.Equal(path, e.File);
        Assert.Equal(ExitCodes.InputError, e.ExitCode);
        Assert.NotNull(e.Offset);
        return e;
    }

    private static GgufBuilder OneTensor(uint type, ulong[] dims, ulong offset, int dataBytes) =>
        new GgufBuilder { Data = WeightFiles.Bytes(dataBytes) }.KvString("general.architecture", "x").Tensor("w", dims, type, offset);

    [Fact]
    public void BadMagic()
    {
        var e = Reject(new GgufBuilder { MagicBytes = "GGML"u8.ToArray() });
        Assert.Equal("magic", e.Field);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void FileShorterThanTheMagic() => Assert.Equal("magic", Reject([0x47, 0x47]).Field);

    [Theory]
    [InlineData(0u, "0")]
    [InlineData(1u, "GGUF v1")]
    [InlineData(4u, "4")]
    [InlineData(0x03000000u, "big-endian")]
    public void BadVersion(uint version, string found)
    {
        var e = Reject(new GgufBuilder { Version = version });
        Assert.Equal("version", e.Field);
        Assert.Equal(4, e.Offset);
        Assert.Contains(found, e.Found);
    }

    [Fact]
    public void HugeTensorCount()
    {
        var e = Reject(new GgufBuilder { TensorCount = ulong.MaxValue });
        Assert.Equal("tensor_count", e.Field);
        Assert.Equal(ulong.MaxValue.ToString(), e.Found);
    }

    [Fact]
    public void HugeMetadataCount()
    {
        var e = Reject(new GgufBuilder { KvCount = 1UL << 40 }.KvString("a", "b"));
        Assert.Equal("metadata_kv_count", e.Field);
    }

    [Fact]
    public void HugeKeyLength()
    {
        var b = new GgufBuilder { KvCount = 1 }.Kv("x", 0, w => w.Write((byte)0));
        var file = b.Build();
        BitConverter.GetBytes(1UL << 40).CopyTo(file, 24);
        var e = Reject(file);
        Assert.Equal("metadata[0].key length", e.Field);
        Assert.Equal(24, e.Offset);
    }

    [Fact]
    public void StringValueLongerThanTheFile()
    {
        var e = Reject(new GgufBuilder().Kv("general.name", 8, w =>
        {
            w.Write(1000UL);
            w.Write("short"u8.ToArray());
        }));
        Assert.Equal("metadata \"general.name\" length", e.Field);
        Assert.Contains("the rest of the file", e.Expected);
    }

    [Fact]
    public void HugeArrayCount()
    {
        var e = Reject(new GgufBuilder().Kv("tokenizer.ggml.tokens", 9, w =>
        {
            w.Write(8u);
            w.Write(ulong.MaxValue / 2);
        }));
        Assert.Equal("metadata \"tokenizer.ggml.tokens\" count", e.Field);
    }

    [Fact]
    public void ArraysNestedTooDeep()
    {
        var e = Reject(new GgufBuilder().Kv("deep", 9, w =>
        {
            for (var i = 0; i < 9; i++)
            {
                w.Write(9u);
                w.Write(1UL);
            }
            w.Write(0u);
            w.Write(0UL);
        }));
        Assert.Contains("nested at most 8", e.Expected);
    }

    [Fact]
    public void UnknownMetadataValueType() => Assert.Equal("metadata \"k\" type", Reject(new GgufBuilder().Kv("k", 13, w => w.Write(0u))).Field);

    [Fact]
    public void BoolThatIsNeitherZeroNorOne() => Assert.Equal("2", Reject(new GgufBuilder().Kv("k", 7, w => w.Write((byte)2))).Found);

    [Fact]
    public void StringThatIsNotUtf8()
    {
        var e = Reject(new GgufBuilder().Kv("k", 8, w =>
        {
            w.Write(2UL);
            w.Write(new byte[] { 0xc3, 0x28 });
        }));
        Assert.Equal("valid UTF-8", e.Expected);
    }

    [Fact]
    public void NonAsciiKey() => Assert.Equal("metadata[0].key", Reject(new GgufBuilder().KvU32("général", 1)).Field);

    [Fact]
    public void DuplicateKey() => Assert.Equal("a duplicate key", Reject(new GgufBuilder().KvU32("a.b", 1).KvU32("a.b", 2)).Found);

    [Theory]
    [InlineData(48u)]
    [InlineData(0u)]
    public void AlignmentThatIsNotAPowerOfTwo(uint alignment) =>
        Assert.Equal("general.alignment", Reject(new GgufBuilder().KvU32("general.alignment", alignment)).Field);

    [Fact]
    public void AlignmentOfTheWrongType() =>
        Assert.Equal("general.alignment", Reject(new GgufBuilder().Kv("general.alignment", 10, w => w.Write(32UL))).Field);

    [Fact]
    public void TensorOffsetPastTheEnd()
    {
        var e = Reject(OneTensor(0, [8], 64, 32));
        Assert.Equal("tensor \"w\" offset", e.Field);
        Assert.Contains("past the end of the file", e.Found);
    }

    [Fact]
    public void TensorDataRunningPastTheEnd() => Assert.Contains("past the end", Reject(OneTensor(0, [8], 0, 31)).Found);

    [Fact]
    public void HugeTensorOffset() => Assert.Equal("tensor \"w\" offset", Reject(OneTensor(0, [8], ulong.MaxValue - 31, 32)).Field);

    [Fact]
    public void MisalignedTensorOffset()
    {
        var e = Reject(OneTensor(0, [2], 4, 64));
        Assert.Equal("tensor \"w\" offset", e.Field);
        Assert.Equal("a multiple of the alignment 32", e.Expected);
    }

    [Theory]
    [InlineData(4u)]
    [InlineData(33u)]
    [InlineData(99u)]
    public void UnknownGgmlType(uint type)
    {
        var e = Reject(OneTensor(type, [32], 0, 32));
        Assert.Equal("tensor \"w\" type", e.Field);
        Assert.Equal(type.ToString(), e.Found);
    }

    [Fact]
    public void TooManyDimensions()
    {
        var e = Reject(OneTensor(0, [1, 1, 1, 1, 1], 0, 32));
        Assert.Equal("tensor \"w\" n_dims", e.Field);
        Assert.Equal("5", e.Found);
    }

    [Fact]
    public void RowNotAMultipleOfTheBlockSize() => Assert.Contains("block size 32", Reject(OneTensor(2, [33], 0, 64)).Expected);

    [Fact]
    public void DimensionsOverflow() => Assert.Contains("overflows", Reject(OneTensor(0, [1UL << 40, 1UL << 40], 0, 32)).Found);

    [Fact]
    public void DimensionAboveInt64() => Assert.Equal("tensor \"w\" ne[0]", Reject(OneTensor(0, [ulong.MaxValue], 0, 32)).Field);

    [Fact]
    public void OverlappingTensors()
    {
        var b = new GgufBuilder { Data = WeightFiles.Bytes(96) }.Tensor("a", [16], 0, 0).Tensor("b", [8], 0, 32);
        var e = Reject(b);
        Assert.Equal("tensor \"b\" offset", e.Field);
        Assert.Contains("not overlapping \"a\"", e.Expected);
    }

    [Fact]
    public void DuplicateTensorName() =>
        Assert.Equal("a duplicate name", Reject(new GgufBuilder { Data = WeightFiles.Bytes(64) }.Tensor("a", [1], 0, 0).Tensor("a", [1], 0, 32)).Found);

    [Fact]
    public void TensorNameLongerThan64Bytes() =>
        Assert.Equal("tensor_info[0].name length", Reject(OneTensor(0, [1], 0, 32).Tensor(new string('n', 65), [1], 0, 0)).Field.Replace("[1]", "[0]"));

    [Fact]
    public void HeaderCutShort()
    {
        var full = new GgufBuilder().KvString("general.architecture", "llama").Build();
        var e = Reject(full[..54]); // 24-byte header, 8 + 20 bytes of key, then 2 of the 4 type bytes
        Assert.Equal("end of file", e.Found);
    }
}
