using System.Buffers.Binary;
using System.Text;
using Provenant.Core.Errors;

namespace Provenant.Credentials.Jumbf;

/// <summary>
/// Parses JUMBF (ISO/IEC 19566-5 §6): a superbox <c>jumb</c> = description box <c>jumd</c> + child boxes.
/// Every length is checked against the enclosing box before use, nesting is bounded, and errors name the
/// source, the byte offset and the field.
/// </summary>
public static class JumbfReader
{
    /// <summary>Deepest superbox nesting accepted (a C2PA store nests 4 levels; ingredients add a few).</summary>
    public const int MaxDepth = 32;

    private const int MaxLabelBytes = 1024;

    /// <summary>Reads one superbox that spans all of <paramref name="data"/>.</summary>
    /// <param name="data">The box bytes.</param>
    /// <param name="source">Name for error messages.</param>
    /// <exception cref="ProvenantFormatException">Truncated box, a length past the end of its container, a first box
    /// that is not <c>jumd</c>, a malformed label, nesting deeper than <see cref="MaxDepth"/>, or trailing bytes.</exception>
    public static JumbfSuperBox ReadSuperBox(ReadOnlyMemory<byte> data, string source)
    {
        var box = ReadBox(data, 0, 0, source, 1);
        if (box is not JumbfSuperBox super) throw new ProvenantFormatException(source, "TBox", "a JUMBF superbox 'jumb'", $"'{box.Type}'", 0);
        if (box.Raw.Length != data.Length) throw new ProvenantFormatException(source, "JUMBF", "one superbox spanning the data", $"{data.Length - box.Raw.Length} trailing byte(s)", box.Raw.Length);
        return super;
    }

    private static JumbfBox ReadBox(ReadOnlyMemory<byte> container, int at, long baseOffset, string source, int depth)
    {
        var span = container.Span;
        var offset = baseOffset + at;
        var remaining = span.Length - at;
        if (remaining < 8) throw new ProvenantFormatException(source, "box header", "8 bytes (LBox, TBox)", $"{remaining} byte(s): truncated JUMBF", offset);
        var lbox = BinaryPrimitives.ReadUInt32BigEndian(span[at..]);
        var type = Encoding.Latin1.GetString(span.Slice(at + 4, 4));
        long length;
        var header = 8;
        if (lbox == 1)
        {
            if (remaining < 16) throw new ProvenantFormatException(source, "XLBox", "8 more bytes", "truncated JUMBF", offset + 8);
            var xl = BinaryPrimitives.ReadUInt64BigEndian(span[(at + 8)..]);
            length = xl > long.MaxValue ? long.MaxValue : (long)xl;
            header = 16;
        }
        else
        {
            length = lbox == 0 ? remaining : lbox;
        }
        if (length < header) throw new ProvenantFormatException(source, $"LBox of '{type}'", $"at least {header}", length.ToString(System.Globalization.CultureInfo.InvariantCulture), offset);
        if (length > remaining) throw new ProvenantFormatException(source, $"LBox of '{type}'", $"at most the {remaining} bytes left in the enclosing box", $"{length} (box length past the end)", offset);
        var raw = container.Slice(at, (int)length);
        if (type != "jumb") return new JumbfBox(type, raw, header, offset);
        if (depth > MaxDepth) throw new ProvenantFormatException(source, "jumb", $"nesting depth at most {MaxDepth}", $"depth {depth}", offset);

        var payload = raw[header..];
        var first = ReadBox(payload, 0, offset + header, source, depth + 1);
        if (first.Type != "jumd") throw new ProvenantFormatException(source, "superbox", "a description box 'jumd' first", $"'{first.Type}'", first.Offset);
        var description = ParseDescription(first, source);
        var children = new List<JumbfBox>();
        var pos = first.Raw.Length;
        while (pos < payload.Length)
        {
            var child = ReadBox(payload, pos, offset + header, source, depth + 1);
            children.Add(child);
            pos += child.Raw.Length;
        }
        return new JumbfSuperBox(raw, header, offset, description, children);
    }

    private static JumbfDescription ParseDescription(JumbfBox box, string source)
    {
        var p = box.Payload.Span;
        var at = box.Offset + box.HeaderLength;
        if (p.Length < 17) throw new ProvenantFormatException(source, "jumd", "a 16-byte UUID and a toggles byte", $"{p.Length} byte(s)", at);
        var uuid = JumbfUuid.FromBytes(p[..16]);
        var toggles = p[16];
        if ((toggles & 0xe0) != 0) throw new ProvenantFormatException(source, "jumd toggles", "reserved bits 5-7 clear (ISO/IEC 19566-5 §6.2)", $"0x{toggles:x2}", at + 16);
        var pos = 17;
        string? label = null;
        if ((toggles & JumbfDescription.LabelPresent) != 0)
        {
            var end = p[pos..].IndexOf((byte)0);
            if (end < 0) throw new ProvenantFormatException(source, "jumd label", "a null-terminated UTF-8 label", "no terminator before the end of the box", at + pos);
            if (end > MaxLabelBytes) throw new ProvenantFormatException(source, "jumd label", $"at most {MaxLabelBytes} bytes", $"{end} bytes", at + pos);
            try
            {
                label = new UTF8Encoding(false, true).GetString(p.Slice(pos, end));
            }
            catch (DecoderFallbackException)
            {
                throw new ProvenantFormatException(source, "jumd label", "valid UTF-8", "invalid UTF-8", at + pos);
            }
            pos += end + 1;
        }
        uint? id = null;
        if ((toggles & JumbfDescription.IdPresent) != 0)
        {
            if (p.Length - pos < 4) throw new ProvenantFormatException(source, "jumd ID", "4 bytes", "truncated", at + pos);
            id = BinaryPrimitives.ReadUInt32BigEndian(p[pos..]);
            pos += 4;
        }
        byte[]? signature = null;
        if ((toggles & JumbfDescription.SignaturePresent) != 0)
        {
            if (p.Length - pos < 32) throw new ProvenantFormatException(source, "jumd signature", "32 bytes", "truncated", at + pos);
            signature = p.Slice(pos, 32).ToArray();
        }
        return new JumbfDescription(uuid, toggles, label, id, signature);
    }
}
