using System.Buffers.Binary;
using System.Text;

namespace Provenant.Credentials.Cbor;

/// <summary>
/// Deterministic CBOR encoding (RFC 8949 §4.2.1 "Core Deterministic Encoding Requirements"): arguments in
/// their shortest form, definite lengths only, map keys sorted by the bytewise lexicographic order of their
/// encodings, floats in the shortest of half/single/double that keeps the value (§4.2.2).
/// </summary>
public static class CborEncoder
{
    /// <summary>Encodes one data item.</summary>
    /// <exception cref="ArgumentException">A map has duplicate keys, an integer is outside [−2^64, 2^64−1], or a simple value is 24–31.</exception>
    public static byte[] Encode(CborNode node)
    {
        var buffer = new MemoryStream();
        Write(buffer, node);
        return buffer.ToArray();
    }

    /// <summary>Writes the head of an item: major type (0–7) and its argument in shortest form (§3, §4.2.1).</summary>
    public static void WriteHead(Stream output, int majorType, ulong argument)
    {
        var mt = (byte)(majorType << 5);
        Span<byte> b = stackalloc byte[9];
        if (argument < 24)
        {
            output.WriteByte((byte)(mt | (byte)argument));
        }
        else if (argument <= byte.MaxValue)
        {
            b[0] = (byte)(mt | 24);
            b[1] = (byte)argument;
            output.Write(b[..2]);
        }
        else if (argument <= ushort.MaxValue)
        {
            b[0] = (byte)(mt | 25);
            BinaryPrimitives.WriteUInt16BigEndian(b[1..], (ushort)argument);
            output.Write(b[..3]);
        }
        else if (argument <= uint.MaxValue)
        {
            b[0] = (byte)(mt | 26);
            BinaryPrimitives.WriteUInt32BigEndian(b[1..], (uint)argument);
            output.Write(b[..5]);
        }
        else
        {
            b[0] = (byte)(mt | 27);
            BinaryPrimitives.WriteUInt64BigEndian(b[1..], argument);
            output.Write(b[..9]);
        }
    }

    private static void Write(Stream o, CborNode node)
    {
        switch (node)
        {
            case CborInteger i:
                if (i.Value < CborInteger.MinValue || i.Value > CborInteger.MaxValue) throw new ArgumentException($"CBOR integer {i.Value} is outside [-2^64, 2^64-1]");
                if (i.Value >= 0) WriteHead(o, 0, (ulong)i.Value);
                else WriteHead(o, 1, (ulong)(-1 - i.Value));
                break;
            case CborByteString b:
                WriteHead(o, 2, (ulong)b.Value.Length);
                o.Write(b.Value);
                break;
            case CborTextString t:
                var utf8 = Encoding.UTF8.GetBytes(t.Value);
                WriteHead(o, 3, (ulong)utf8.Length);
                o.Write(utf8);
                break;
            case CborArray a:
                WriteHead(o, 4, (ulong)a.Count);
                foreach (var item in a.Items) Write(o, item);
                break;
            case CborMap m:
                WriteMap(o, m);
                break;
            case CborTag tag:
                WriteHead(o, 6, tag.Tag);
                Write(o, tag.Content);
                break;
            case CborSimple s:
                if (s.Value is >= 24 and < 32) throw new ArgumentException($"CBOR simple value {s.Value} is not well-formed (24-31 are reserved, RFC 8949 §3.3)");
                if (s.Value < 24) o.WriteByte((byte)(0xe0 | s.Value));
                else { o.WriteByte(0xf8); o.WriteByte(s.Value); }
                break;
            case CborFloat f:
                WriteFloat(o, f.Value);
                break;
            default:
                throw new ArgumentException($"unknown CBOR node type {node.GetType().Name}");
        }
    }

    private static void WriteMap(Stream o, CborMap m)
    {
        var encoded = m.Entries.Select(e => (Key: Encode(e.Key), Value: e.Value)).ToList();
        encoded.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        for (var i = 1; i < encoded.Count; i++)
        {
            if (encoded[i].Key.AsSpan().SequenceEqual(encoded[i - 1].Key)) throw new ArgumentException("CBOR map has duplicate keys (RFC 8949 §5.6)");
        }
        WriteHead(o, 5, (ulong)encoded.Count);
        foreach (var (key, value) in encoded)
        {
            o.Write(key);
            Write(o, value);
        }
    }

    private static void WriteFloat(Stream o, double v)
    {
        Span<byte> b = stackalloc byte[9];
        if (double.IsNaN(v))
        {
            b[0] = 0xf9; b[1] = 0x7e; b[2] = 0x00;
            o.Write(b[..3]);
            return;
        }
        var h = (Half)v;
        if ((double)h == v)
        {
            b[0] = 0xf9;
            BinaryPrimitives.WriteHalfBigEndian(b[1..], h);
            o.Write(b[..3]);
            return;
        }
        var s = (float)v;
        if ((double)s == v)
        {
            b[0] = 0xfa;
            BinaryPrimitives.WriteSingleBigEndian(b[1..], s);
            o.Write(b[..5]);
            return;
        }
        b[0] = 0xfb;
        BinaryPrimitives.WriteDoubleBigEndian(b[1..], v);
        o.Write(b[..9]);
    }
}
