using System.Buffers.Binary;
using System.Text;
using Provenant.Core.Errors;

namespace Provenant.Credentials.Cbor;

/// <summary>
/// Decodes CBOR (RFC 8949 §3) with bounds: nesting depth capped, every length checked against the remaining
/// bytes before anything is allocated, indefinite lengths rejected unless allowed, reserved additional
/// information (28–30) and malformed simple values rejected, duplicate map keys rejected (§5.6), invalid UTF-8
/// in text strings rejected, trailing bytes rejected. Errors are <see cref="ProvenantFormatException"/> naming
/// the source, the byte offset and what was expected.
/// </summary>
public static class CborDecoder
{
    /// <summary>Decodes exactly one item spanning all of <paramref name="data"/>.</summary>
    /// <param name="data">The encoded item.</param>
    /// <param name="source">Name of the input for error messages (file and structure).</param>
    /// <param name="options">Limits; <see cref="CborDecodeOptions.Default"/> when null.</param>
    /// <exception cref="ProvenantFormatException">Malformed, truncated, too deep, forbidden indefinite length, or trailing bytes.</exception>
    public static CborNode Decode(ReadOnlySpan<byte> data, string source, CborDecodeOptions? options = null)
    {
        var node = DecodeFirst(data, source, out var consumed, options);
        if (consumed != data.Length) throw new ProvenantFormatException(source, "cbor", "end of data after one item", $"{data.Length - consumed} trailing byte(s)", consumed);
        return node;
    }

    /// <summary>Decodes the first item of <paramref name="data"/>; <paramref name="consumed"/> is its encoded length in bytes.</summary>
    /// <exception cref="ProvenantFormatException">As <see cref="Decode"/>, except that trailing bytes are allowed.</exception>
    public static CborNode DecodeFirst(ReadOnlySpan<byte> data, string source, out int consumed, CborDecodeOptions? options = null)
    {
        var reader = new Reader(data, source, options ?? CborDecodeOptions.Default);
        var node = reader.ReadItem(1);
        consumed = reader.Position;
        return node;
    }

    private ref struct Reader(ReadOnlySpan<byte> data, string source, CborDecodeOptions options)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        public int Position;

        private readonly ProvenantFormatException Error(string field, string expected, string? found, int offset) =>
            new(source, field, expected, found, offset);

        public CborNode ReadItem(int depth)
        {
            if (depth > options.MaxDepth) throw Error("cbor", $"nesting depth at most {options.MaxDepth}", $"depth {depth}", Position);
            var start = Position;
            var initial = ReadByte("initial byte");
            var major = initial >> 5;
            var info = initial & 0x1f;
            if (major == 7) return ReadSimpleOrFloat(info, start);
            if (info == 31) return ReadIndefinite(major, depth, start);
            var arg = ReadArgument(info, start);
            switch (major)
            {
                case 0: return new CborInteger(arg);
                case 1: return new CborInteger(-1 - (Int128)arg);
                case 2: return new CborByteString(ReadBytes(arg, "byte string", start).ToArray());
                case 3: return new CborTextString(DecodeUtf8(ReadBytes(arg, "text string", start), start));
                case 4:
                    {
                        // Each item takes at least one byte: a count above the remaining bytes is malformed.
                        var count = CheckCount(arg, 1, "array", start);
                        var items = new CborNode[count];
                        for (var i = 0; i < count; i++) items[i] = ReadItem(depth + 1);
                        return new CborArray(items);
                    }
                case 5:
                    {
                        var count = CheckCount(arg, 2, "map", start);
                        var map = new CborMap();
                        var keys = new List<byte[]>(count);
                        for (var i = 0; i < count; i++) ReadEntry(map, keys, depth, i);
                        return map;
                    }
                default:
                    return new CborTag(arg, ReadItem(depth + 1));
            }
        }

        private void ReadEntry(CborMap map, List<byte[]> keys, int depth, int index)
        {
            var keyStart = Position;
            var key = ReadItem(depth + 1);
            var keyBytes = _data[keyStart..Position].ToArray();
            foreach (var k in keys)
            {
                if (k.AsSpan().SequenceEqual(keyBytes)) throw Error("map key", "unique map keys (RFC 8949 §5.6)", "a duplicate key", keyStart);
            }
            if (options.RequireDeterministic && keys.Count > 0 && keys[^1].AsSpan().SequenceCompareTo(keyBytes) > 0)
            {
                throw Error("map key", "keys in bytewise lexicographic order (RFC 8949 §4.2.1)", $"key #{index} out of order", keyStart);
            }
            keys.Add(keyBytes);
            map.Add(key, ReadItem(depth + 1));
        }

        private int CheckCount(ulong count, int minBytesPerItem, string what, int start)
        {
            var remaining = (ulong)(_data.Length - Position);
            if (count > remaining / (ulong)minBytesPerItem) throw Error(what, $"at most {remaining / (ulong)minBytesPerItem} items in the {remaining} remaining bytes", $"{count} items", start);
            return (int)count;
        }

        private CborNode ReadIndefinite(int major, int depth, int start)
        {
            if (!options.AllowIndefiniteLength) throw Error("cbor", "definite lengths (indefinite lengths are forbidden here)", $"indefinite-length major type {major}", start);
            switch (major)
            {
                case 2:
                case 3:
                    {
                        var chunks = new MemoryStream();
                        while (!AtBreak())
                        {
                            var chunkStart = Position;
                            var head = ReadByte("string chunk");
                            if (head >> 5 != major || (head & 0x1f) == 31) throw Error("string chunk", $"a definite-length chunk of major type {major} (RFC 8949 §3.2.3)", $"0x{head:x2}", chunkStart);
                            var len = ReadArgument(head & 0x1f, chunkStart);
                            var bytes = ReadBytes(len, "string chunk", chunkStart);
                            if (major == 3) DecodeUtf8(bytes, chunkStart);
                            chunks.Write(bytes);
                        }
                        Position++;
                        return major == 2 ? new CborByteString(chunks.ToArray()) : new CborTextString(Encoding.UTF8.GetString(chunks.ToArray()));
                    }
                case 4:
                    {
                        var items = new List<CborNode>();
                        while (!AtBreak()) items.Add(ReadItem(depth + 1));
                        Position++;
                        return new CborArray(items);
                    }
                case 5:
                    {
                        var map = new CborMap();
                        var keys = new List<byte[]>();
                        while (!AtBreak()) ReadEntry(map, keys, depth, keys.Count);
                        Position++;
                        return map;
                    }
                default:
                    throw Error("cbor", "indefinite length only for major types 2-5 (RFC 8949 §3.2.1)", $"major type {major} with additional information 31", start);
            }
        }

        private readonly bool AtBreak()
        {
            if (Position >= _data.Length) throw new ProvenantFormatException(source, "cbor", "a break (0xff) ending the indefinite-length item", "end of data", Position);
            return _data[Position] == 0xff;
        }

        private CborNode ReadSimpleOrFloat(int info, int start)
        {
            switch (info)
            {
                case < 24: return new CborSimple((byte)info);
                case 24:
                    var v = ReadByte("simple value");
                    if (v < 32) throw Error("simple value", "a two-byte simple value of at least 32 (RFC 8949 §3.3)", v.ToString(), start);
                    return new CborSimple(v);
                case 25: return new CborFloat((double)BinaryPrimitives.ReadHalfBigEndian(ReadBytes(2, "half float", start)));
                case 26: return new CborFloat(BinaryPrimitives.ReadSingleBigEndian(ReadBytes(4, "single float", start)));
                case 27: return new CborFloat(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8, "double float", start)));
                case 31: throw Error("cbor", "a data item", "an unexpected break (0xff)", start);
                default: throw Error("cbor", "additional information 0-27 or 31", $"reserved value {info} (RFC 8949 §3)", start);
            }
        }

        private ulong ReadArgument(int info, int start)
        {
            ulong value;
            switch (info)
            {
                case < 24: return (ulong)info;
                case 24: value = ReadByte("argument"); if (options.RequireDeterministic && value < 24) NotShortest(start); return value;
                case 25: value = BinaryPrimitives.ReadUInt16BigEndian(ReadBytes(2, "argument", start)); if (options.RequireDeterministic && value <= byte.MaxValue) NotShortest(start); return value;
                case 26: value = BinaryPrimitives.ReadUInt32BigEndian(ReadBytes(4, "argument", start)); if (options.RequireDeterministic && value <= ushort.MaxValue) NotShortest(start); return value;
                case 27: value = BinaryPrimitives.ReadUInt64BigEndian(ReadBytes(8, "argument", start)); if (options.RequireDeterministic && value <= uint.MaxValue) NotShortest(start); return value;
                default: throw Error("cbor", "additional information 0-27 (or 31 for indefinite lengths)", $"reserved value {info} (RFC 8949 §3)", start);
            }
        }

        private readonly void NotShortest(int start) => throw Error("argument", "the shortest encoding of the argument (RFC 8949 §4.2.1)", "a longer form", start);

        private byte ReadByte(string field)
        {
            if (Position >= _data.Length) throw new ProvenantFormatException(source, field, "one more byte", "end of data", Position);
            return _data[Position++];
        }

        private ReadOnlySpan<byte> ReadBytes(ulong length, string field, int start)
        {
            var remaining = (ulong)(_data.Length - Position);
            if (length > remaining) throw Error(field, $"{length} bytes", $"only {remaining} remaining (truncated or length past the end)", start);
            var span = _data.Slice(Position, (int)length);
            Position += (int)length;
            return span;
        }

        private readonly string DecodeUtf8(ReadOnlySpan<byte> bytes, int start)
        {
            try
            {
                return new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw Error("text string", "valid UTF-8 (RFC 8949 §3.1)", "invalid UTF-8", start);
            }
        }
    }
}
