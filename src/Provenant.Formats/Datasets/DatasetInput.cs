using System.IO.Compression;
using Provenant.Core.Errors;

namespace Provenant.Formats.Datasets;

/// <summary>
/// One opened dataset file: the raw hashing stream and the record stream on top of it (gzip-decoded when the
/// name ends in <c>.gz</c>). Reads through <see cref="ReadSome"/> turn decoder failures into
/// <see cref="ProvenantFormatException"/>.
/// </summary>
internal sealed class DatasetInput : IDisposable
{
    private DatasetInput(string displayName, HashingReadStream raw, Stream records, long? plainLength)
    {
        DisplayName = displayName;
        Raw = raw;
        Records = records;
        PlainLength = plainLength;
    }

    /// <summary>Name used in error messages (the relative path).</summary>
    public string DisplayName { get; }

    /// <summary>The file's bytes as stored, hashed while read.</summary>
    public HashingReadStream Raw { get; }

    /// <summary>The decoded record bytes.</summary>
    public Stream Records { get; }

    /// <summary>Length of the decoded bytes when known without decoding (plain files), else null.</summary>
    public long? PlainLength { get; }

    public static DatasetInput Open(string fullPath, string displayName)
    {
        var fs = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var length = fs.Length;
        var raw = new HashingReadStream(fs);
        if (fullPath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return new DatasetInput(displayName, raw, new BufferedStream(new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true), 1 << 16), null);
        }
        return new DatasetInput(displayName, raw, new BufferedStream(raw, 1 << 16), length);
    }

    /// <summary>Reads up to <paramref name="buffer"/>.Length decoded bytes (0 at end).</summary>
    public int ReadSome(Span<byte> buffer, long offsetForErrors)
    {
        try
        {
            return Records.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new ProvenantFormatException(DisplayName, "gzip", "a valid gzip stream (RFC 1952)", e.Message, offsetForErrors, "offset", e);
        }
    }

    /// <summary>Fills <paramref name="buffer"/> unless the data ends first; returns the count read.</summary>
    public int ReadFull(Span<byte> buffer, long offsetForErrors)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = ReadSome(buffer[total..], offsetForErrors + total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    /// <summary>Finishes the raw file (reads what the decoder left) and returns its size and SHA-256.</summary>
    public (long Size, byte[] Sha256) Finish() => Raw.Finish();

    public void Dispose()
    {
        Records.Dispose();
        Raw.Dispose();
    }
}
