using System.Buffers.Binary;
using System.Text;
using Provenant.Core.Merkle;

namespace Provenant.Formats.Tensors;

/// <summary>
/// The leaf of the per-tensor Merkle tree (algorithm <see cref="TensorCommitment.AlgorithmV1"/>). Every integer is
/// big-endian and every variable-length field is length-prefixed, so distinct tensors never share an encoding:
/// <code>
/// leaf_input = "provenant-tensor-leaf-v1"            24 ASCII bytes (domain separation)
///            ‖ u32(len(name))  ‖ name                UTF-8
///            ‖ u32(len(dtype)) ‖ dtype               ASCII, e.g. "F32", "Q4_K"
///            ‖ u32(rank)       ‖ rank × u64(dim)      outermost dimension first
///            ‖ u64(byte_length)
///            ‖ SHA-256(data)                          32 bytes, over the tensor's bytes as stored in the file
/// leaf_hash  = SHA-256(0x00 ‖ leaf_input)             RFC 9162 §2.1.1 leaf hash
/// </code>
/// </summary>
public static class TensorLeaf
{
    /// <summary>The domain-separation tag that starts every leaf input.</summary>
    public const string Tag = "provenant-tensor-leaf-v1";

    /// <summary>Encodes the leaf input.</summary>
    /// <param name="name">Tensor name (at most <see cref="TensorLimits.MaxNameBytes"/> UTF-8 bytes).</param>
    /// <param name="dtype">Dtype (ASCII, at most <see cref="TensorLimits.MaxDTypeBytes"/> bytes).</param>
    /// <param name="shape">Dimensions, each ≥ 0, at most <see cref="TensorLimits.MaxRank"/>.</param>
    /// <param name="byteLength">Data length in bytes, ≥ 0.</param>
    /// <param name="dataSha256">SHA-256 of the data, 32 bytes.</param>
    /// <exception cref="ArgumentException">A field is out of the bounds above, or the name is not valid Unicode.</exception>
    public static byte[] Encode(string name, string dtype, IReadOnlyList<long> shape, long byteLength, ReadOnlySpan<byte> dataSha256)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(dtype);
        ArgumentNullException.ThrowIfNull(shape);
        var nameBytes = new UTF8Encoding(false, true).GetBytes(name);
        if (nameBytes.Length > TensorLimits.MaxNameBytes) throw new ArgumentException($"tensor name is {nameBytes.Length} bytes, more than {TensorLimits.MaxNameBytes}", nameof(name));
        if (dtype.Length == 0 || dtype.Length > TensorLimits.MaxDTypeBytes || dtype.Any(c => c > 0x7e || c < 0x21))
        {
            throw new ArgumentException($"dtype must be 1 to {TensorLimits.MaxDTypeBytes} printable ASCII characters", nameof(dtype));
        }
        if (shape.Count > TensorLimits.MaxRank) throw new ArgumentException($"rank {shape.Count} exceeds {TensorLimits.MaxRank}", nameof(shape));
        if (shape.Any(d => d < 0)) throw new ArgumentException("dimensions must be non-negative", nameof(shape));
        ArgumentOutOfRangeException.ThrowIfNegative(byteLength);
        if (dataSha256.Length != 32) throw new ArgumentException("data digest must be 32 bytes", nameof(dataSha256));

        var buf = new byte[Tag.Length + 4 + nameBytes.Length + 4 + dtype.Length + 4 + 8 * shape.Count + 8 + 32];
        var span = buf.AsSpan();
        var pos = Encoding.ASCII.GetBytes(Tag, span);
        BinaryPrimitives.WriteUInt32BigEndian(span[pos..], (uint)nameBytes.Length);
        pos += 4;
        nameBytes.CopyTo(span[pos..]);
        pos += nameBytes.Length;
        BinaryPrimitives.WriteUInt32BigEndian(span[pos..], (uint)dtype.Length);
        pos += 4;
        pos += Encoding.ASCII.GetBytes(dtype, span[pos..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[pos..], (uint)shape.Count);
        pos += 4;
        foreach (var d in shape)
        {
            BinaryPrimitives.WriteUInt64BigEndian(span[pos..], (ulong)d);
            pos += 8;
        }
        BinaryPrimitives.WriteUInt64BigEndian(span[pos..], (ulong)byteLength);
        pos += 8;
        dataSha256.CopyTo(span[pos..]);
        return buf;
    }

    /// <summary>The RFC 9162 leaf hash SHA-256(0x00 ‖ <see cref="Encode"/>(…)) (32 bytes).</summary>
    /// <exception cref="ArgumentException">As for <see cref="Encode"/>.</exception>
    public static byte[] Hash(string name, string dtype, IReadOnlyList<long> shape, long byteLength, ReadOnlySpan<byte> dataSha256) =>
        Rfc9162.HashLeaf(Encode(name, dtype, shape, byteLength, dataSha256));
}
