using System.Text;
using Provenant.Core.Errors;
using Provenant.Formats.Gguf;
using Provenant.Formats.Tensors;
using Provenant.Formats.Tests.Tensors;
using Provenant.TestSupport;

namespace Provenant.Formats.Tests.Gguf;

public class GgufReaderTests
{
    /// <summary>A GGUF v3 file with metadata of every value type and tensors of plain, legacy-quantized, K, IQ and MX types.</summary>
    internal static GgufBuilder Sample()
    {
        var b = new GgufBuilder { Alignment = 64, Data = WeightFiles.Bytes(582) };
        b.KvString("general.architecture", "llama")
            .KvU32("general.alignment", 64)
            .Kv("t.u8", 0, w => w.Write((byte)200))
            .Kv("t.i8", 1, w => w.Write((sbyte)-5))
            .Kv("t.u16", 2, w => w.Write((ushort)60000))
            .Kv("t.i16", 3, w => w.Write((short)-30000))
            .Kv("t.i32", 5, w => w.Write(-7))
            .Kv("t.f32", 6, w => w.Write(1e-5f))
            .Kv("t.bool", 7, w => w.Write((byte)1))
            .Kv("t.u64", 10, w => w.Write(ulong.MaxValue))
            .Kv("t.i64", 11, w => w.Write(long.MinValue))
            .Kv("t.f64", 12, w => w.Write(0.25))
            .Kv("t.strings", 9, w =>
            {
                w.Write(8u);
                w.Write(2UL);
                GgufBuilder.Str(w, "a");
                GgufBuilder.Str(w, "é");
            })
            .Kv("t.nested", 9, w =>
            {
                w.Write(9u);
                w.Write(2UL);
                w.Write(4u);
                w.Write(2UL);
                w.Write(1u);
                w.Write(2u);
                w.Write(4u);
                w.Write(1UL);
                w.Write(3u);
            })
            .Kv("t.long", 9, w =>
            {
                w.Write(5u);
                w.Write(20UL);
                for (var i = 0; i < 20; i++) w.Write(i);
            });
        b.Tensor("token_embd.weight", [4, 3], 0, 0)          // F32: 48 bytes
            .Tensor("blk.0.attn_q.weight", [64, 2], 2, 64)   // Q4_0: 2 blocks × 18 × 2 rows = 72
            .Tensor("blk.0.ffn_up.weight", [256, 1], 12, 192) // Q4_K: 144
            .Tensor("iq", [256], 16, 384)                     // IQ2_XXS: 66
            .Tensor("mx", [32], 39, 512)                      // MXFP4: 17
            .Tensor("bf", [3], 30, 576);                      // BF16: 6 (ends at 582)
        return b;
    }

    internal static string Write(TempDir tmp, GgufBuilder b, string name = "m.gguf") => tmp.Write(name, b.Build());

    [Fact]
    public void ReadsHeaderMetadataAndTensorTable()
    {
        using var tmp = SharedData.NewTempDir("gguf");
        var path = Write(tmp, Sample());
        using var f = GgufFile.Open(path);
        Assert.Equal(3u, f.Version);
        Assert.Equal(64u, f.Alignment);
        Assert.Equal(0, f.DataOffset % 64);
        Assert.Equal(new FileInfo(path).Length, f.DataOffset + 582);
        Assert.Equal("llama", f["general.architecture"]);
        Assert.Equal((byte)200, f["t.u8"]);
        Assert.Equal((sbyte)-5, f["t.i8"]);
        Assert.Equal((ushort)60000, f["t.u16"]);
        Assert.Equal((short)-30000, f["t.i16"]);
        Assert.Equal(-7, f["t.i32"]);
        Assert.Equal(1e-5f, f["t.f32"]);
        Assert.Equal(true, f["t.bool"]);
        Assert.Equal(ulong.MaxValue, f["t.u64"]);
        Assert.Equal(long.MinValue, f["t.i64"]);
        Assert.Equal(0.25, f["t.f64"]);
        Assert.Equal(new[] { "a", "é" }, ((GgufArray)f["t.strings"]!).Items);
        var nested = (GgufArray)f["t.nested"]!;
        Assert.Equal(GgufValueType.Array, nested.ElementType);
        Assert.Equal(new uint[] { 1, 2 }, ((GgufArray)nested.Items.GetValue(0)!).Items);
        Assert.Equal(new uint[] { 3 }, ((GgufArray)nested.Items.GetValue(1)!).Items);
        Assert.Equal("array[array[uint32]]", f.Metadata.Single(m => m.Key == "t.nested").Type);
        Assert.Equal("{\"count\":20,\"head\":[0,1,2,3,4,5,6,7]}", f.Metadata.Single(m => m.Key == "t.long").Value!.ToJsonString());

        Assert.Equal(["token_embd.weight", "blk.0.attn_q.weight", "blk.0.ffn_up.weight", "iq", "mx", "bf"], f.Tensors.Select(t => t.Name));
        Assert.Equal(["F32", "Q4_0", "Q4_K", "IQ2_XXS", "MXFP4", "BF16"], f.Tensors.Select(t => t.DType));
        Assert.Equal([48L, 72, 144, 66, 17, 6], f.Tensors.Select(t => t.ByteLength));
        Assert.Equal([3L, 4], f.Tensors[0].Shape);
        Assert.Equal(new ulong[] { 4, 3 }, f.TensorInfos[0].Dimensions);
        Assert.Equal([2L, 64], f.Tensors[1].Shape);
        Assert.Equal([f.DataOffset, f.DataOffset + 64, f.DataOffset + 192, f.DataOffset + 384, f.DataOffset + 512, f.DataOffset + 576], f.Tensors.Select(t => t.FileOffset!.Value));

        using var s = f.OpenTensor(f.Tensors[4]);
        var data = new byte[17];
        s.ReadExactly(data);
        Assert.Equal(WeightFiles.Bytes(582)[512..529], data);
        Assert.Equal(6, TensorCommitter.Commit(f).TensorCount);
    }

    [Fact]
    public void AlignmentDefaultsTo32()
    {
        using var tmp = SharedData.NewTempDir("gguf32");
        var b = new GgufBuilder { Data = WeightFiles.Bytes(40) }.KvString("general.architecture", "x").Tensor("a", [2], 0, 0).Tensor("b", [2], 0, 32);
        using var f = GgufFile.Open(Write(tmp, b));
        Assert.Equal(32u, f.Alignment);
        Assert.Equal(2, f.Tensors.Count);
    }

    [Fact]
    public void Version2IsRead()
    {
        using var tmp = SharedData.NewTempDir("gguf2");
        using var f = GgufFile.Open(Write(tmp, new GgufBuilder { Version = 2 }.KvString("general.architecture", "x")));
        Assert.Equal(2u, f.Version);
        Assert.Empty(f.Tensors);
    }

    /// <summary>Block sizes and bytes per block from the <c>static_assert(sizeof(block_*) == …)</c> lines of ggml's
    /// ggml-common.h and ggml's type_traits table (QK_K = 256).</summary>
    [Theory]
    [InlineData(0u, "F32", 1, 4)]
    [InlineData(1u, "F16", 1, 2)]
    [InlineData(2u, "Q4_0", 32, 18)]
    [InlineData(3u, "Q4_1", 32, 20)]
    [InlineData(6u, "Q5_0", 32, 22)]
    [InlineData(7u, "Q5_1", 32, 24)]
    [InlineData(8u, "Q8_0", 32, 34)]
    [InlineData(9u, "Q8_1", 32, 36)]
    [InlineData(10u, "Q2_K", 256, 84)]
    [InlineData(11u, "Q3_K", 256, 110)]
    [InlineData(12u, "Q4_K", 256, 144)]
    [InlineData(13u, "Q5_K", 256, 176)]
    [InlineData(14u, "Q6_K", 256, 210)]
    [InlineData(15u, "Q8_K", 256, 292)]
    [InlineData(16u, "IQ2_XXS", 256, 66)]
    [InlineData(17u, "IQ2_XS", 256, 74)]
    [InlineData(18u, "IQ3_XXS", 256, 98)]
    [InlineData(19u, "IQ1_S", 256, 50)]
    [InlineData(20u, "IQ4_NL", 32, 18)]
    [InlineData(21u, "IQ3_S", 256, 110)]
    [InlineData(22u, "IQ2_S", 256, 82)]
    [InlineData(23u, "IQ4_XS", 256, 136)]
    [InlineData(24u, "I8", 1, 1)]
    [InlineData(25u, "I16", 1, 2)]
    [InlineData(26u, "I32", 1, 4)]
    [InlineData(27u, "I64", 1, 8)]
    [InlineData(28u, "F64", 1, 8)]
    [InlineData(29u, "IQ1_M", 256, 56)]
    [InlineData(30u, "BF16", 1, 2)]
    [InlineData(34u, "TQ1_0", 256, 54)]
    [InlineData(35u, "TQ2_0", 256, 66)]
    [InlineData(39u, "MXFP4", 32, 17)]
    [InlineData(40u, "NVFP4", 64, 36)]
    [InlineData(41u, "Q1_0", 128, 18)]
    public void GgmlTypeTraits(uint id, string name, int blockSize, int typeSize)
    {
        Assert.True(GgmlTypes.TryGet(id, out var t));
        Assert.Equal(new GgmlTypeInfo(id, name, blockSize, typeSize), t);
    }

    [Theory]
    [InlineData(4u)]
    [InlineData(5u)]
    [InlineData(31u)]
    [InlineData(36u)]
    [InlineData(42u)]
    public void RemovedAndUnknownTypeIdsAreNotRecognised(uint id) => Assert.False(GgmlTypes.TryGet(id, out _));

    /// <summary>The two shared GGUF vocabulary files are damaged: every byte sequence that was not valid UTF-8 was
    /// replaced by U+FFFD (EF BF BD) somewhere upstream, so the float32 <c>layer_norm(_rms)_epsilon</c> value 1e-5
    /// (AC C5 27 37) became EF BF BD EF BF BD 27 37 and every later field is shifted. A strict reader must refuse them;
    /// the key length it then reads is the four bytes after the 4-byte float plus the following length field.</summary>
    [Theory]
    [InlineData("ggml-vocab-gpt-2.gguf", "gpt2.attention.layer_norm_epsilon", 8)]
    [InlineData("ggml-vocab-llama-spm.gguf", "llama.attention.layer_norm_rms_epsilon", 9)]
    public void SharedVocabFilesAreRejectedWhereTheirBytesWereReplaced(string file, string key, int index)
    {
        var path = WeightFiles.Shared("gguf", file);
        var bytes = File.ReadAllBytes(path);
        var keyAt = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(key));
        Assert.Equal(new byte[] { 0xef, 0xbf, 0xbd, 0xef, 0xbf, 0xbd, 0x27, 0x37 }, bytes[(keyAt + key.Length + 4)..(keyAt + key.Length + 12)]);
        var e = Assert.Throws<ProvenantFormatException>(() => GgufFile.Open(path));
        Assert.Equal($"metadata[{index}].key length", e.Field);
        Assert.Equal(keyAt + key.Length + 4 + 4, e.Offset);
    }
}
