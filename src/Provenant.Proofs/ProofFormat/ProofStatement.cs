using System.Security.Cryptography;

namespace Provenant.Proofs.ProofFormat;

/// <summary>
/// What an inference proof asserts: "the model whose file has digest <see cref="ModelDigest"/>, whose weights are
/// committed by the weight commitment file with digest <see cref="WeightCommitmentDigest"/> and whose circuit has
/// digest <see cref="CircuitDigest"/>, maps the
/// quantized input <see cref="Input"/> to the integer output <see cref="Output"/>". It is absorbed into the transcript
/// before anything else, so every challenge depends on all of it.
/// </summary>
/// <remarks>
/// Encoding (docs/proof-system.md §Statement): 32-byte model digest ‖ 32-byte weight commitment digest ‖ 32-byte
/// circuit digest ‖ input tensor ‖ output tensor, a tensor being u8 rank (≤ 8) ‖ u32 dims ‖ u8 element width (1 = int8,
/// 2 = int16, 4 = int32, little-endian) ‖ values.
/// </remarks>
public sealed record ProofStatement(byte[] ModelDigest, byte[] WeightCommitmentDigest, byte[] CircuitDigest, int[] InputShape, long[] Input, int[] OutputShape, long[] Output, int OutputWidth)
{
    /// <summary>Largest tensor rank accepted.</summary>
    public const int MaxRank = 8;

    /// <summary>Largest element count of the input or output accepted (2^24).</summary>
    public const int MaxElements = 1 << 24;

    /// <summary>The statement's canonical bytes.</summary>
    public byte[] ToBytes()
    {
        var w = new ProofWriter();
        WriteTo(w);
        return w.ToArray();
    }

    /// <summary>SHA-256 of <see cref="ToBytes"/>.</summary>
    public byte[] Digest() => SHA256.HashData(ToBytes());

    internal void WriteTo(ProofWriter w)
    {
        w.Bytes(ModelDigest);
        w.Bytes(WeightCommitmentDigest);
        w.Bytes(CircuitDigest);
        WriteTensor(w, InputShape, Input, 1);
        WriteTensor(w, OutputShape, Output, OutputWidth);
    }

    internal static ProofStatement? Read(ref ProofReader r)
    {
        if (!r.Bytes(32, "statement model digest", out var model)) return null;
        if (!r.Bytes(32, "statement weight commitment digest", out var weights)) return null;
        var weightDigest = weights.ToArray();
        if (!r.Bytes(32, "statement circuit digest", out var circuit)) return null;
        var modelDigest = model.ToArray();
        var circuitDigest = circuit.ToArray();
        var (inShape, input, inWidth) = ReadTensor(ref r, "statement input");
        if (input is null) return null;
        if (inWidth != 1) { r.Fail("statement input: element width must be 1 (int8)"); return null; }
        var (outShape, output, outWidth) = ReadTensor(ref r, "statement output");
        if (output is null) return null;
        return new ProofStatement(modelDigest, weightDigest, circuitDigest, inShape!, input, outShape!, output, outWidth);
    }

    private static void WriteTensor(ProofWriter w, int[] shape, long[] values, int width)
    {
        w.U8(shape.Length);
        foreach (var d in shape) w.U32(d);
        w.U8(width);
        foreach (var v in values)
        {
            if (width == 1) w.U8((byte)(sbyte)v);
            else if (width == 2) w.U16((ushort)(short)v);
            else w.U32((uint)(int)v);
        }
    }

    private static (int[]? Shape, long[]? Values, int Width) ReadTensor(ref ProofReader r, string field)
    {
        if (!r.U8(field + " rank", out int rank)) return (null, null, 0);
        if (rank > MaxRank) { r.Fail($"{field}: rank {rank} exceeds {MaxRank}"); return (null, null, 0); }
        var shape = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            if (!r.U32($"{field} dimension {i}", MaxElements, out shape[i])) return (null, null, 0);
            count *= shape[i];
            if (count > MaxElements) { r.Fail($"{field}: more than {MaxElements} elements"); return (null, null, 0); }
        }
        if (!r.U8(field + " element width", out int width)) return (null, null, 0);
        if (width is not (1 or 2 or 4)) { r.Fail($"{field}: element width {width} is not 1, 2 or 4"); return (null, null, 0); }
        if (!r.Bytes((int)count * width, field + " values", out var raw)) return (null, null, 0);
        var values = new long[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = width switch
            {
                1 => (sbyte)raw[i],
                2 => System.Buffers.Binary.BinaryPrimitives.ReadInt16LittleEndian(raw.Slice(2 * i)),
                _ => System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(4 * i)),
            };
        }
        return (shape, values, width);
    }
}
