using System.Security.Cryptography;
using System.Text;
using Provenant.Core.Errors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// A bounded little-endian cursor over a trace stream: every length is checked against the bytes that remain
/// before anything is allocated, and every failure is a <see cref="ProvenantFormatException"/> naming the file, the
/// field and the offset where it starts.
/// </summary>
internal sealed class TraceReader(Stream stream, string file)
{
    private readonly long _end = stream.Length;

    public string File => file;

    public long Position { get; private set; } = stream.Position;

    public long Remaining => _end - Position;

    public ProvenantFormatException Error(string field, string expected, string? found = null, long? offset = null) =>
        new(file, field, expected, found, offset ?? Position);

    public void Require(long count, string field)
    {
        if (count > Remaining)
        {
            throw Error(field, $"{count} more byte(s)", $"{Remaining} (the file is truncated)");
        }
    }

    public void ReadInto(Span<byte> destination, string field)
    {
        Require(destination.Length, field);
        try
        {
            stream.ReadExactly(destination);
        }
        catch (EndOfStreamException e)
        {
            throw new ProvenantFormatException(file, field, $"{destination.Length} more byte(s)", "end of file", Position, inner: e);
        }
        Position += destination.Length;
    }

    public byte[] Bytes(int count, string field)
    {
        Require(count, field);
        var b = new byte[count];
        ReadInto(b, field);
        return b;
    }

    /// <summary>A little-endian integer (the hosts .NET supports here are little-endian, as <see cref="Tensors.Tensor"/> assumes).</summary>
    public T Read<T>(string field) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        Span<byte> b = stackalloc byte[System.Runtime.CompilerServices.Unsafe.SizeOf<T>()];
        ReadInto(b, field);
        return T.ReadLittleEndian(b, isUnsigned: true);
    }

    /// <summary>A <c>u32(len) ‖ UTF-8</c> string of at most <paramref name="maxBytes"/> bytes, strictly decoded.</summary>
    public string String(int maxBytes, string field)
    {
        var at = Position;
        var length = Read<uint>(field + ".length");
        if (length > maxBytes)
        {
            throw Error(field + ".length", $"at most {maxBytes} bytes", length.ToString(System.Globalization.CultureInfo.InvariantCulture), at);
        }
        var bytes = Bytes((int)length, field);
        try
        {
            return TraceEncoding.DecodeUtf8(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error(field, "valid UTF-8", "invalid bytes", at + 4);
        }
    }

    /// <summary>Feeds the next <paramref name="count"/> bytes to <paramref name="hash"/> in chunks, keeping none.</summary>
    public void HashBytes(long count, IncrementalHash hash, string field)
    {
        Require(count, field);
        var buffer = new byte[(int)Math.Min(count, 1 << 16)];
        while (count > 0)
        {
            var n = (int)Math.Min(count, buffer.Length);
            ReadInto(buffer.AsSpan(0, n), field);
            hash.AppendData(buffer, 0, n);
            count -= n;
        }
    }
}
