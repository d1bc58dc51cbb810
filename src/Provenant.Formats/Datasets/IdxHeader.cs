using System.Buffers.Binary;
using Provenant.Core.Errors;

namespace Provenant.Formats.Datasets;

/// <summary>
/// The header of a LeCun IDX file: magic <c>0x00 0x00 type ndims</c>, then <c>ndims</c> big-endian uint32
/// dimensions, then the elements in row-major order (multi-byte types big-endian).
/// Types: 0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64.
/// The first dimension is the item count; the rest give each item's shape.
/// </summary>
/// <param name="DataType">The type code (one of the six above).</param>
/// <param name="Dimensions">The dimensions, 1 to <see cref="DatasetLimits.MaxIdxDimensions"/> of them.</param>
public sealed record IdxHeader(byte DataType, IReadOnlyList<uint> Dimensions)
{
    /// <summary>Size of the header in bytes: 4 + 4 × ndims.</summary>
    public int HeaderSize => 4 + 4 * Dimensions.Count;

    /// <summary>Number of items (the first dimension).</summary>
    public uint ItemCount => Dimensions[0];

    /// <summary>Size of one element of <see cref="DataType"/> in bytes.</summary>
    public int ElementSize => ElementSizeOf(DataType) ?? throw new InvalidOperationException("unknown IDX type");

    /// <summary>Bytes per item: the product of the dimensions after the first, times <see cref="ElementSize"/>
    /// (checked against <see cref="DatasetLimits.MaxRecordBytes"/> by <see cref="Read(Stream, string, long?)"/>).</summary>
    public long ItemSize { get; private init; }

    /// <summary>Total data bytes after the header: <see cref="ItemCount"/> × <see cref="ItemSize"/>.</summary>
    public long DataSize => ItemCount * ItemSize;

    /// <summary>Element size of an IDX type code, or null for an unknown code.</summary>
    public static int? ElementSizeOf(byte type) => type switch
    {
        0x08 or 0x09 => 1,
        0x0B => 2,
        0x0C or 0x0D => 4,
        0x0E => 8,
        _ => null,
    };

    /// <summary>Reads and validates a header from the start of a decoded IDX stream.</summary>
    /// <param name="stream">Decoded IDX bytes positioned at offset 0.</param>
    /// <param name="source">File name for error messages.</param>
    /// <param name="decodedLength">Total decoded length when known (plain files): the data size must then match it exactly.</param>
    /// <exception cref="ProvenantFormatException">Wrong magic, unknown type, bad dimension count, truncated header,
    /// an item larger than <see cref="DatasetLimits.MaxRecordBytes"/>, a size overflow, or a length mismatch.</exception>
    public static IdxHeader Read(Stream stream, string source, long? decodedLength = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read((buf, off) => stream.Read(buf.Span), source, decodedLength);
    }

    internal static IdxHeader Read(Func<Memory<byte>, long, int> read, string source, long? decodedLength)
    {
        var magic = new byte[4];
        if (ReadFull(read, magic, 0) < 4)
        {
            throw new ProvenantFormatException(source, "magic", "a 4-byte IDX magic 0x00 0x00 type ndims", "end of file", 0);
        }
        if (magic[0] != 0 || magic[1] != 0)
        {
            throw new ProvenantFormatException(source, "magic", "IDX magic 0x00 0x00 type ndims", "0x" + Convert.ToHexStringLower(magic), 0);
        }
        if (ElementSizeOf(magic[2]) is not { } elementSize)
        {
            throw new ProvenantFormatException(source, "type", "an IDX type code 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e", $"0x{magic[2]:x2}", 2);
        }
        var ndims = magic[3];
        if (ndims < 1 || ndims > DatasetLimits.MaxIdxDimensions)
        {
            throw new ProvenantFormatException(source, "ndims", $"1 to {DatasetLimits.MaxIdxDimensions} dimensions", ndims.ToString(System.Globalization.CultureInfo.InvariantCulture), 3);
        }
        var dimBytes = new byte[4 * ndims];
        var got = ReadFull(read, dimBytes, 4);
        if (got < dimBytes.Length)
        {
            throw new ProvenantFormatException(source, "dimensions", $"{ndims} big-endian uint32 dimensions (truncated file)", "end of file", 4 + got);
        }
        var dims = new uint[ndims];
        for (var i = 0; i < ndims; i++) dims[i] = BinaryPrimitives.ReadUInt32BigEndian(dimBytes.AsSpan(4 * i));
        ulong itemSize = (ulong)elementSize;
        for (var i = 1; i < ndims; i++)
        {
            itemSize *= dims[i]; // ≤ 2^24 × 2^32 before the check below, cannot overflow
            if (itemSize > DatasetLimits.MaxRecordBytes)
            {
                throw new ProvenantFormatException(source, "dimensions", $"an item of at most {DatasetLimits.MaxRecordBytes} bytes (product of dimensions 2..{ndims} × {elementSize})",
                    "dimensions " + string.Join("×", dims), 4 + 4 * i);
            }
        }
        var header = new IdxHeader(magic[2], dims) { ItemSize = (long)itemSize };
        if (decodedLength is { } len)
        {
            var expected = header.HeaderSize + header.DataSize; // ≤ 2^32 × 2^24 + 68: fits in long
            if (len < expected)
            {
                throw new ProvenantFormatException(source, "data", $"{expected} bytes (header {string.Join("×", dims)} × {elementSize}); the file is truncated",
                    $"{len} bytes", len);
            }
            if (len > expected)
            {
                throw new ProvenantFormatException(source, "data", $"end of file after {expected} bytes (header {string.Join("×", dims)} × {elementSize})",
                    $"{len - expected} trailing bytes", expected);
            }
        }
        return header;
    }

    private static int ReadFull(Func<Memory<byte>, long, int> read, Memory<byte> buf, long offset)
    {
        var total = 0;
        while (total < buf.Length)
        {
            var n = read(buf[total..], offset + total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
