using System.Buffers.Binary;
using System.Text;
using Provenant.Core.Errors;
using Provenant.Formats.Safetensors;
using Provenant.Formats.Tests.Tensors;
using Provenant.TestSupport;

namespace Provenant.Formats.Tests.Safetensors;

/// <summary>One test per rule of the reference implementation's <c>read_metadata</c>/<c>validate</c>
/// (huggingface/safetensors, safetensors/src/tensor.rs) and per stricter rule of ours.</summary>
public class SafetensorsBadInputTests
{
    private const string Two = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}";

    private static ProvenantFormatException Reject(byte[] file)
    {
        using var tmp = SharedData.NewTempDir("st-bad");
        var path = tmp.Write("bad.safetensors", file);
        var e = Assert.Throws<ProvenantFormatException>(() => SafetensorsFile.Open(path));
        Assert.Equal(path, e.File);
        Assert.Equal(ExitCodes.InputError, e.ExitCode);
        Assert.NotNull(e.Offset);
        return e;
    }

    private static int HeaderOffsetOf(string header, string text) => 8 + Encoding.UTF8.GetByteCount(header[..header.IndexOf(text, StringComparison.Ordinal)]);

    [Fact]
    public void ValidTwoTensorFileOpens()
    {
        using var tmp = SharedData.NewTempDir("st-ok");
        var path = tmp.Write("ok.safetensors", WeightFiles.Safetensors(Two, WeightFiles.Bytes(16)));
        using var f = SafetensorsFile.Open(path);
        Assert.Equal(["a", "b"], f.Tensors.Select(t => t.Name));
        Assert.Equal(8 + Two.Length + 8, f.Tensors[1].FileOffset);
    }

    [Fact]
    public void FileShorterThanTheLengthPrefix()
    {
        var e = Reject([1, 0, 0]);
        Assert.Equal("header length", e.Field);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void HeaderLongerThanTheFile()
    {
        var file = WeightFiles.Safetensors(Two, WeightFiles.Bytes(16));
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)(file.Length - 8 + 1));
        var e = Reject(file);
        Assert.Equal("header length", e.Field);
        Assert.Contains($"at most {file.Length - 8} bytes", e.Expected);
    }

    [Fact]
    public void HeaderOverTheHundredMegabyteLimit()
    {
        var file = WeightFiles.Safetensors(Two, WeightFiles.Bytes(16));
        BinaryPrimitives.WriteUInt64LittleEndian(file, 100_000_001);
        Assert.Contains("100000000", Reject(file).Expected);
    }

    [Fact]
    public void HugeHeaderLengthDoesNotAllocate()
    {
        var file = WeightFiles.Safetensors(Two, WeightFiles.Bytes(16));
        BinaryPrimitives.WriteUInt64LittleEndian(file, ulong.MaxValue);
        Assert.Equal("header length", Reject(file).Field);
    }

    [Fact]
    public void OverlappingOffsets()
    {
        const string h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        var e = Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(12)));
        Assert.Equal("tensor \"b\".data_offsets", e.Field);
        Assert.Contains("overlapping \"a\"", e.Found);
        Assert.Equal(HeaderOffsetOf(h, "\"b\""), e.Offset);
    }

    [Fact]
    public void GapBetweenTensors()
    {
        const string h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}";
        var e = Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(20)));
        Assert.Equal("tensor \"b\".data_offsets", e.Field);
        Assert.Contains("gap of 4 bytes", e.Found);
    }

    [Fact]
    public void GapAtTheStartOfTheBuffer()
    {
        const string h = "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[2,4]}}";
        Assert.Contains("the start of the buffer", Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(4))).Found);
    }

    [Fact]
    public void BytesLeftAfterTheLastTensor()
    {
        var e = Reject(WeightFiles.Safetensors(Two, WeightFiles.Bytes(17)));
        Assert.Equal("data_offsets", e.Field);
        Assert.Contains("1 bytes unaccounted", e.Found);
    }

    [Fact]
    public void TensorEndingPastTheFile()
    {
        var e = Reject(WeightFiles.Safetensors(Two, WeightFiles.Bytes(12)));
        Assert.Equal("tensor \"b\".data_offsets", e.Field);
        Assert.Contains("end ≤ 12", e.Expected);
    }

    [Fact]
    public void DataLengthDisagreesWithDtypeTimesShape()
    {
        const string h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        var e = Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(8)));
        Assert.Equal("tensor \"a\".data_offsets", e.Field);
        Assert.Equal("12 bytes (F32 × [3])", e.Expected);
    }

    [Fact]
    public void EndBeforeBegin()
    {
        const string h = "{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]},\"b\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,2]}}";
        Assert.Equal("end ≥ begin", Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(4))).Expected);
    }

    [Fact]
    public void ShapeProductOverflows()
    {
        const string h = "{\"a\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}";
        var e = Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(8)));
        Assert.Equal("tensor \"a\".shape", e.Field);
        Assert.Contains("overflows", e.Found);
    }

    [Fact]
    public void SubByteDtypeWithFractionalByteCount()
    {
        const string h = "{\"a\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,2]}}";
        Assert.Contains("whole number of bytes", Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(2))).Expected);
    }

    [Fact]
    public void UnknownDtype()
    {
        const string h = "{\"a\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}";
        var e = Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(16)));
        Assert.Equal("tensor \"a\".dtype", e.Field);
        Assert.Equal("\"F128\"", e.Found);
    }

    [Fact]
    public void DtypeIsCaseSensitive()
    {
        const string h = "{\"a\":{\"dtype\":\"f32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        Assert.Equal("tensor \"a\".dtype", Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(4))).Field);
    }

    [Fact]
    public void MalformedJson()
    {
        const string h = "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}";
        var e = Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(1)));
        Assert.Equal("header", e.Field);
        Assert.Contains("well-formed JSON", e.Expected);
    }

    [Fact]
    public void TrailingGarbageAfterTheHeaderObject()
    {
        const string h = "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}} x";
        Assert.Equal("header", Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(1))).Field);
    }

    [Fact]
    public void HeaderNotStartingWithABrace()
    {
        const string h = " {\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        var e = Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(1)));
        Assert.Equal(8, e.Offset);
        Assert.Contains("starting with '{'", e.Expected);
    }

    [Fact]
    public void HeaderThatIsNotUtf8()
    {
        var header = Encoding.UTF8.GetBytes("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},\"__metadata__\":{\"k\":\"\u00e9\"}}");
        var bad = Array.IndexOf(header, (byte)0xc3);
        header[bad] = 0xff;
        var e = Reject(WeightFiles.Safetensors(header, WeightFiles.Bytes(1)));
        Assert.Equal("valid UTF-8", e.Expected);
        Assert.Equal(8 + bad, e.Offset);
    }

    [Fact]
    public void DuplicateTensorNames()
    {
        const string h = "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}";
        var e = Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(2)));
        Assert.Equal("a duplicate key", e.Found);
        Assert.Equal(HeaderOffsetOf(h, ",\"a\"") + 1, e.Offset);
    }

    [Fact]
    public void DuplicateMetadataKeys()
    {
        const string h = "{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"},\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        Assert.Equal("a duplicate key", Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(1))).Found);
    }

    [Fact]
    public void NonStringMetadataValue()
    {
        const string h = "{\"__metadata__\":{\"k\":1},\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        Assert.Equal("__metadata__.k", Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(1))).Field);
    }

    [Fact]
    public void UnknownFieldInATensorEntry()
    {
        const string h = "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"stride\":[1]}}";
        Assert.Equal("tensor \"a\".stride", Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(1))).Field);
    }

    [Fact]
    public void MissingDataOffsets()
    {
        const string h = "{\"a\":{\"dtype\":\"U8\",\"shape\":[1]}}";
        Assert.Equal("tensor \"a\".data_offsets", Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(1))).Field);
    }

    [Theory]
    [InlineData("[-1]")]
    [InlineData("[1.5]")]
    [InlineData("[\"2\"]")]
    [InlineData("[9223372036854775808]")]
    public void DimensionThatIsNotANonNegativeInteger(string shape)
    {
        var h = "{\"a\":{\"dtype\":\"U8\",\"shape\":" + shape + ",\"data_offsets\":[0,1]}}";
        Assert.Equal("tensor \"a\".shape[0]", Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(1))).Field);
    }

    [Fact]
    public void DataOffsetsWithThreeNumbers()
    {
        const string h = "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1,2]}}";
        Assert.Equal("tensor \"a\".data_offsets", Reject(WeightFiles.Safetensors(h, WeightFiles.Bytes(1))).Field);
    }

    [Fact]
    public void EmptyHeaderObjectAndZeroSizeTensorsAreValid()
    {
        using var tmp = SharedData.NewTempDir("st-empty");
        using (var f = SafetensorsFile.Open(tmp.Write("e.safetensors", WeightFiles.Safetensors("{}      ", []))))
        {
            Assert.Empty(f.Tensors);
        }
        const string h = "{\"z\":{\"dtype\":\"F32\",\"shape\":[0,4],\"data_offsets\":[0,0]},\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        using var g = SafetensorsFile.Open(tmp.Write("z.safetensors", WeightFiles.Safetensors(h, WeightFiles.Bytes(1))));
        Assert.Equal(["z", "a"], g.Tensors.Select(t => t.Name));
    }
}
