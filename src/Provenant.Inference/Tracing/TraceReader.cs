using System.Security.Cryptography;
using System.Globalization;
using System.Text;
using Provenant.Core.Errors;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// A bounded little-endian cursor over a trace stream: every length is checked against the bytes that remain
/// before anything is allocated, and every failure is a <see cref="ProvenantFormatException"/> naming the file, the
/// field and the offset where it starts.
/// </summary>
internal sealed class TraceReader(Stream stream, string file)
{
    private readonly long _end = stream.Length;

    /// <summary>Opens a trace file for reading (exit code 3 with the reason when it cannot be opened).</summary>
    public static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvenantException($"{path}: cannot read trace: {e.Message}", ExitCodes.InputError, e);
        }
    }

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

    /// <summary>A tensor encoding's header (dtype, rank, dims, byte length), checked, with its data bytes known to remain.</summary>
    public (TensorDataType Type, int[] Shape, int Length) TensorHeader(string f)
    {
        var at = Position;
        var dtype = Read<uint>(f + ".dtype");
        if (!Enum.IsDefined(typeof(TensorDataType), (int)Math.Min(dtype, int.MaxValue)))
        {
            throw Error(f + ".dtype", "a supported ONNX element type number (1-7, 9-13, 16)", dtype.ToString(CultureInfo.InvariantCulture), at);
        }
        var type = (TensorDataType)(int)dtype;
        var rankAt = Position;
        var rank = Read<uint>(f + ".rank");
        if (rank > TraceFormat.MaxRank) throw Error(f + ".rank", $"at most {TraceFormat.MaxRank}", rank.ToString(CultureInfo.InvariantCulture), rankAt);
        var shape = new int[rank];
        long elements = 1;
        for (var k = 0; k < shape.Length; k++)
        {
            var dimAt = Position;
            var d = Read<ulong>($"{f}.dims[{k}]");
            if (d > int.MaxValue) throw Error($"{f}.dims[{k}]", $"at most {int.MaxValue}", d.ToString(CultureInfo.InvariantCulture), dimAt);
            shape[k] = (int)d;
            elements = Math.Min(elements * (long)d, (long)int.MaxValue + 1);
        }
        if (elements > int.MaxValue) throw Error(f + ".dims", $"at most {int.MaxValue} elements", "more", rankAt);
        var lengthAt = Position;
        var byteLength = Read<ulong>(f + ".byte_length");
        var expected = (ulong)elements * (ulong)TensorDataTypes.Size(type);
        if (byteLength != expected)
        {
            throw Error(f + ".byte_length", $"{expected} ({elements} × {TensorDataTypes.Name(type)})", byteLength.ToString(CultureInfo.InvariantCulture), lengthAt);
        }
        Require((long)byteLength, f + ".data");
        return (type, shape, (int)elements);
    }

    /// <summary>The data of a tensor whose header <see cref="TensorHeader"/> read (bool elements must be 0 or 1).</summary>
    public Tensor TensorData(TensorDataType type, int[] shape, int length, string f)
    {
        var t = Tensor.FromTrusted(type, TensorDataTypes.Allocate(type, length), shape);
        var dataAt = Position;
        ReadInto(t.RawBytes(), f + ".data");
        if (type == TensorDataType.Bool && t.RawBytes().IndexOfAnyExcept((byte)0, (byte)1) is var bad and >= 0)
        {
            throw Error(f + ".data", "bool elements 0 or 1", $"byte {t.RawBytes()[bad]} at element {bad}", dataAt + bad);
        }
        return t;
    }
}
