using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Provenant.Core.Errors;
using Provenant.Formats.Tensors;

namespace Provenant.Formats.Gguf;

/// <summary>
/// A forward-only little-endian reader over the header of a GGUF file, buffered in 64 KiB positional reads.
/// It never reads past <see cref="Limit"/> (the file's end or <see cref="GgufLimits.MaxHeaderBytes"/>), and every
/// length is checked against <see cref="Remaining"/> before anything is allocated.
/// </summary>
internal sealed class GgufCursor
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly TensorFile _file;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private long _bufferStart;
    private int _bufferLength;

    public GgufCursor(TensorFile file)
    {
        _file = file;
        Limit = Math.Min(file.Length, GgufLimits.MaxHeaderBytes);
    }

    public string Path => _file.Path;

    public long Position { get; private set; }

    public long Limit { get; }

    public long Remaining => Limit - Position;

    public void Read(Span<byte> destination, string field)
    {
        if (destination.Length > Remaining) throw Short(field, destination.Length);
        while (destination.Length > 0)
        {
            var inBuffer = (int)(Position - _bufferStart);
            if (inBuffer < 0 || inBuffer >= _bufferLength)
            {
                _bufferStart = Position;
                _bufferLength = _file.Read(_buffer.AsSpan(0, (int)Math.Min(_buffer.Length, Limit - Position)), Position);
                if (_bufferLength == 0) throw Short(field, destination.Length);
                inBuffer = 0;
            }
            var n = Math.Min(destination.Length, _bufferLength - inBuffer);
            _buffer.AsSpan(inBuffer, n).CopyTo(destination);
            destination = destination[n..];
            Position += n;
        }
    }

    public byte U8(string field)
    {
        Span<byte> b = stackalloc byte[1];
        Read(b, field);
        return b[0];
    }

    public ushort U16(string field)
    {
        Span<byte> b = stackalloc byte[2];
        Read(b, field);
        return BinaryPrimitives.ReadUInt16LittleEndian(b);
    }

    public uint U32(string field)
    {
        Span<byte> b = stackalloc byte[4];
        Read(b, field);
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    public ulong U64(string field)
    {
        Span<byte> b = stackalloc byte[8];
        Read(b, field);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    /// <summary>A <c>gguf_string_t</c>: u64 length (≤ <paramref name="maxBytes"/> and ≤ the remaining bytes), then UTF-8.</summary>
    public string String(string field, long maxBytes)
    {
        var at = Position;
        var length = U64(field + " length");
        if (length > (ulong)maxBytes)
        {
            throw new ProvenantFormatException(Path, field + " length", $"at most {maxBytes} bytes", length.ToString(CultureInfo.InvariantCulture), at);
        }
        if (length > (ulong)Remaining)
        {
            throw new ProvenantFormatException(Path, field + " length", $"at most {Remaining} bytes ({RemainingWhat})", length.ToString(CultureInfo.InvariantCulture), at);
        }
        var bytes = new byte[(int)length];
        Read(bytes, field);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new ProvenantFormatException(Path, field, "valid UTF-8", "an invalid byte sequence", at + 8);
        }
    }

    /// <summary>Fails unless <paramref name="count"/> items of at least <paramref name="minItemBytes"/> bytes each fit in the
    /// remaining bytes; call before allocating anything for them.</summary>
    public void RequireRoom(ulong count, int minItemBytes, string field, long at)
    {
        if (count > (ulong)Remaining / (ulong)minItemBytes)
        {
            throw new ProvenantFormatException(Path, field, $"at most {(ulong)Remaining / (ulong)minItemBytes} (what the remaining {Remaining} bytes ({RemainingWhat}) can hold at {minItemBytes} bytes each)",
                count.ToString(CultureInfo.InvariantCulture), at);
        }
    }

    public ProvenantFormatException Fail(string field, string expected, string? found, long at) => new(Path, field, expected, found, at);

    private string RemainingWhat => Limit == _file.Length ? "the rest of the file" : $"the {GgufLimits.MaxHeaderBytes}-byte header limit";

    private ProvenantFormatException Short(string field, long need) =>
        new(Path, field, $"{need} more bytes", Limit == _file.Length ? "end of file" : $"the header exceeding {GgufLimits.MaxHeaderBytes} bytes", Position);
}
