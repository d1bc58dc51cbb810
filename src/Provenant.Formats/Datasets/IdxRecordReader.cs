using System.Buffers.Binary;
using Provenant.Core.Errors;

namespace Provenant.Formats.Datasets;

/// <summary>
/// Streams the records of an IDX images file paired with its IDX labels file, in canonical form
/// <c>provenant-idx-v1</c>: record i is item i of the images file with item i of the labels file.
/// <para>The labels file must have exactly one dimension and the same item count as the images file; both data
/// sizes must match their headers exactly (no truncation, no trailing bytes).</para>
/// <para>Canonical record bytes: <c>imageType</c> (1 byte, the images file's IDX type code), <c>r</c> (1 byte,
/// images ndims − 1), the images file's dimensions 2..ndims (r × big-endian uint32), the item's raw image bytes as
/// stored, <c>labelType</c> (1 byte), then the label's raw bytes as stored (1 byte for type 0x08). For
/// Fashion-MNIST: <c>08 02 00000018 00000018</c> + 784 pixel bytes + <c>08</c> + label byte = 796 bytes.</para>
/// </summary>
public static class IdxRecordReader
{
    /// <summary>The canonical-form id of the records this reader yields.</summary>
    public const string CanonicalForm = "provenant-idx-v1";

    /// <summary>Reads canonical records from a decoded images stream and a decoded labels stream.</summary>
    /// <param name="images">Decoded images IDX bytes from offset 0; read to the end, not disposed.</param>
    /// <param name="imagesSource">Images file name for error messages.</param>
    /// <param name="imagesLength">Decoded images length when known (plain files), else null.</param>
    /// <param name="labels">Decoded labels IDX bytes from offset 0; read to the end, not disposed.</param>
    /// <param name="labelsSource">Labels file name for error messages.</param>
    /// <param name="labelsLength">Decoded labels length when known, else null.</param>
    /// <param name="cancellationToken">Checked between records.</param>
    /// <returns>One canonical byte array per item.</returns>
    /// <exception cref="ProvenantFormatException">A bad header (see <see cref="IdxHeader.Read(Stream, string, long?)"/>),
    /// a labels file with more than one dimension, differing item counts, truncated data or trailing bytes;
    /// the message names the file and byte offset.</exception>
    public static IEnumerable<byte[]> ReadRecords(Stream images, string imagesSource, long? imagesLength,
        Stream labels, string labelsSource, long? labelsLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        return Read((b, o) => images.Read(b.Span), imagesSource, imagesLength, (b, o) => labels.Read(b.Span), labelsSource, labelsLength, cancellationToken);
    }

    // reuseRecord: yield the same array for every record, overwritten by the next one (for a caller that hashes or
    // copies each record before asking for the next: no allocation per record); otherwise a new array each.
    internal static IEnumerable<byte[]> Read(Func<Memory<byte>, long, int> readImages, string imagesSource, long? imagesLength,
        Func<Memory<byte>, long, int> readLabels, string labelsSource, long? labelsLength, CancellationToken ct, bool reuseRecord = false)
    {
        var (img, lab) = Headers(readImages, imagesSource, imagesLength, readLabels, labelsSource, labelsLength);
        var prefix = 2 + 4 * (img.Dimensions.Count - 1);
        var imageSize = (int)img.ItemSize;
        var labelSize = (int)lab.ItemSize;
        var template = new byte[prefix + imageSize + 1 + labelSize];
        WriteFixedBytes(template, img, lab);
        long imgOffset = img.HeaderSize, labOffset = lab.HeaderSize;
        for (uint i = 0; i < img.ItemCount; i++)
        {
            ct.ThrowIfCancellationRequested();
            var record = reuseRecord ? template : (byte[])template.Clone(); // the fixed bytes are never overwritten
            Fill(readImages, record.AsMemory(prefix, imageSize), imagesSource, imgOffset, img, i);
            Fill(readLabels, record.AsMemory(prefix + imageSize + 1, labelSize), labelsSource, labOffset, lab, i);
            imgOffset += imageSize;
            labOffset += labelSize;
            yield return record;
        }
        ExpectEnd(readImages, imagesSource, imgOffset);
        ExpectEnd(readLabels, labelsSource, labOffset);
    }

    /// <summary>
    /// The records of <see cref="Read"/>, each handed to <paramref name="onLeafInput"/> as the RFC 9162 leaf input
    /// <c>0x00 ‖ record</c> (so its leaf hash is one SHA-256 call without a copy) in a buffer reused for every record.
    /// The files are read in blocks of records, and a truncated file fails with the same message as <see cref="Read"/>
    /// (the first missing item in record order, images before labels).
    /// </summary>
    internal static void ForEachLeafInput(Func<Memory<byte>, long, int> readImages, string imagesSource, long? imagesLength,
        Func<Memory<byte>, long, int> readLabels, string labelsSource, long? labelsLength, LeafInputAction onLeafInput, CancellationToken ct)
    {
        var (img, lab) = Headers(readImages, imagesSource, imagesLength, readLabels, labelsSource, labelsLength);
        var prefix = 1 + 2 + 4 * (img.Dimensions.Count - 1);
        var imageSize = (int)img.ItemSize;
        var labelSize = (int)lab.ItemSize;
        var leafInput = new byte[prefix + imageSize + 1 + labelSize];
        WriteFixedBytes(leafInput.AsSpan(1), img, lab); // leafInput[0] stays 0x00, the leaf prefix
        var perBlock = (int)Math.Clamp((1 << 16) / Math.Max(1, imageSize), 1, Math.Max(1, img.ItemCount));
        var images = new byte[checked(perBlock * imageSize)];
        var labels = new byte[checked(perBlock * labelSize)];
        for (long start = 0; start < img.ItemCount; start += perBlock)
        {
            ct.ThrowIfCancellationRequested();
            var n = (int)Math.Min(perBlock, img.ItemCount - start);
            var imagesMissing = FillBlock(readImages, images.AsMemory(0, n * imageSize), img.HeaderSize + start * imageSize, imageSize);
            var labelsMissing = FillBlock(readLabels, labels.AsMemory(0, n * labelSize), lab.HeaderSize + start * labelSize, labelSize);
            if (imagesMissing is { } a && (labelsMissing is not { } b || a.Item <= b.Item))
            {
                throw Truncated(imagesSource, img, start + a.Item, a.Offset);
            }
            if (labelsMissing is { } l) throw Truncated(labelsSource, lab, start + l.Item, l.Offset);
            for (var i = 0; i < n; i++)
            {
                images.AsSpan(i * imageSize, imageSize).CopyTo(leafInput.AsSpan(prefix));
                labels.AsSpan(i * labelSize, labelSize).CopyTo(leafInput.AsSpan(prefix + imageSize + 1));
                onLeafInput(leafInput);
            }
        }
        ExpectEnd(readImages, imagesSource, img.HeaderSize + img.DataSize);
        ExpectEnd(readLabels, labelsSource, lab.HeaderSize + lab.DataSize);
    }

    /// <summary>Receives <c>0x00 ‖ record</c>, valid only during the call.</summary>
    internal delegate void LeafInputAction(ReadOnlySpan<byte> leafInput);

    private static (IdxHeader Images, IdxHeader Labels) Headers(Func<Memory<byte>, long, int> readImages, string imagesSource, long? imagesLength,
        Func<Memory<byte>, long, int> readLabels, string labelsSource, long? labelsLength)
    {
        var img = IdxHeader.Read(readImages, imagesSource, imagesLength);
        var lab = IdxHeader.Read(readLabels, labelsSource, labelsLength);
        if (lab.Dimensions.Count != 1)
        {
            throw new ProvenantFormatException(labelsSource, "ndims", "1 dimension in an IDX labels file (idx1)", lab.Dimensions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), 3);
        }
        if (lab.ItemCount != img.ItemCount)
        {
            throw new ProvenantFormatException(labelsSource, "dimensions[0]", $"{img.ItemCount} labels, the item count of {imagesSource}",
                lab.ItemCount.ToString(System.Globalization.CultureInfo.InvariantCulture), 4);
        }
        return (img, lab);
    }

    /// <summary>The bytes every record of the pair shares: image type, rank − 1, dimensions 2..n, and the label type.</summary>
    private static void WriteFixedBytes(Span<byte> record, IdxHeader img, IdxHeader lab)
    {
        var rank = img.Dimensions.Count - 1;
        record[0] = img.DataType;
        record[1] = (byte)rank;
        for (var d = 0; d < rank; d++) BinaryPrimitives.WriteUInt32BigEndian(record[(2 + 4 * d)..], img.Dimensions[d + 1]);
        record[2 + 4 * rank + (int)img.ItemSize] = lab.DataType;
    }

    /// <summary>Fills a block of items starting at file offset <paramref name="offset"/>; null, or where the data ended (item within the block, file offset).</summary>
    private static (long Item, long Offset)? FillBlock(Func<Memory<byte>, long, int> read, Memory<byte> dest, long offset, int itemSize)
    {
        var total = 0;
        while (total < dest.Length)
        {
            var n = read(dest[total..], offset + total);
            if (n == 0) return (total / Math.Max(1, itemSize), offset + total);
            total += n;
        }
        return null;
    }

    private static ProvenantFormatException Truncated(string source, IdxHeader h, long item, long offset) =>
        new(source, $"item {item}", $"{h.HeaderSize + h.DataSize} bytes as the header declares; the file is truncated", "end of file", offset);

    private static void Fill(Func<Memory<byte>, long, int> read, Memory<byte> dest, string source, long offset, IdxHeader h, uint item)
    {
        var total = 0;
        while (total < dest.Length)
        {
            var n = read(dest[total..], offset + total);
            if (n == 0) throw Truncated(source, h, item, offset + total);
            total += n;
        }
    }

    private static void ExpectEnd(Func<Memory<byte>, long, int> read, string source, long offset)
    {
        var one = new byte[1];
        if (read(one, offset) != 0)
        {
            throw new ProvenantFormatException(source, "data", "end of file after the items the header declares", "trailing bytes", offset);
        }
    }
}
