using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Provenant.Core.Errors;

namespace Provenant.Core.Encoding;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme (JCS): the one byte string every equal JSON value serializes to.
/// <list type="bullet">
/// <item>Input is UTF-8 JSON (RFC 8259, I-JSON subset, RFC 7493): invalid UTF-8, lone surrogates (also as
/// <c>\uXXXX</c> escapes), duplicate object member names and numbers outside the IEEE-754 double range are rejected.</item>
/// <item>No whitespace between tokens (§3.2.1).</item>
/// <item>Strings (§3.2.2.2): only <c>"</c>, <c>\</c> and U+0000–U+001F are escaped; <c>\b \t \n \f \r</c> use their short
/// forms, other controls <c>\u00xx</c> with lower-case hex; everything else is written as raw UTF-8.</item>
/// <item>Numbers (§3.2.2.3): parsed as IEEE-754 double and written with the ECMAScript
/// <c>Number.prototype.toString</c> algorithm (shortest round-trip digits; exponent form below 1e-6 and from 1e21,
/// <c>-0</c> as <c>0</c>).</item>
/// <item>Object members (§3.2.3) sorted by their names' UTF-16 code units, compared as unsigned integers.</item>
/// </list>
/// Nesting is limited to 64 levels.
/// </summary>
public static class CanonicalJson
{
    /// <summary>Maximum nesting depth accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>Canonicalizes one UTF-8 JSON text (leading and trailing whitespace allowed).</summary>
    /// <param name="utf8Json">The JSON text.</param>
    /// <param name="source">Names the input in error messages (a file name, "line 3 of x.jsonl"…).</param>
    /// <returns>The canonical UTF-8 bytes (no BOM, no trailing newline).</returns>
    /// <exception cref="ProvenantFormatException">Invalid UTF-8 or JSON, duplicate names, lone surrogates,
    /// a non-finite number or nesting deeper than <see cref="MaxDepth"/>.</exception>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json, string source = "json")
    {
        if (!Utf8.IsValid(utf8Json))
        {
            throw new ProvenantFormatException(source, "json", "valid UTF-8 (RFC 3629)", "invalid UTF-8 byte sequence");
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            throw new ProvenantFormatException(source, "json", "one JSON value (RFC 8259)", e.Message,
                e.BytePositionInLine, "offset", e);
        }
        using (doc)
        {
            var buffer = new ArrayBufferWriterStream();
            try
            {
                Write(doc.RootElement, buffer, source, new JsonPathStack());
            }
            catch (InvalidOperationException e)
            {
                // System.Text.Json refuses to decode escapes such as a lone "\ud800" into a string.
                throw new ProvenantFormatException(source, "json", "strings of Unicode scalar values (no lone surrogate escapes, RFC 7493 §2.1)",
                    e.Message, null, "offset", e);
            }
            return buffer.ToArray();
        }
    }

    /// <summary>Canonicalizes a <see cref="JsonNode"/> tree (null writes <c>null</c>).</summary>
    /// <exception cref="ProvenantFormatException">Same conditions as <see cref="Canonicalize(ReadOnlySpan{byte}, string)"/>.</exception>
    public static byte[] Canonicalize(JsonNode? node)
    {
        var text = node is null ? "null"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(node);
        return Canonicalize(text, "json node");
    }

    /// <summary>
    /// Parses the "file form" Provenant uses for proofs: the canonical JSON of one object followed by exactly one
    /// newline, nothing else, at most <paramref name="maxBytes"/> bytes. Any other spelling of the same JSON is
    /// rejected, so every changed byte of such a file is a parse error or a different value.
    /// </summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="source">Names the file in messages.</param>
    /// <param name="maxBytes">Largest accepted file.</param>
    /// <param name="writtenBy">What writes this form, for the message (e.g. <c>prove-tensor</c>).</param>
    /// <exception cref="ProvenantFormatException">Too large, not canonical, no final newline, or not an object.</exception>
    public static JsonObject ParseFileObject(ReadOnlySpan<byte> bytes, string source, int maxBytes, string writtenBy)
    {
        if (bytes.Length > maxBytes) throw new ProvenantFormatException(source, "file", $"at most {maxBytes} bytes", $"{bytes.Length} bytes");
        var canonical = Canonicalize(bytes, source);
        if (bytes.Length != canonical.Length + 1 || bytes[^1] != (byte)'\n' || !bytes[..^1].SequenceEqual(canonical))
        {
            throw new ProvenantFormatException(source, "file", $"canonical JSON (RFC 8785) followed by one newline, as {writtenBy} writes it");
        }
        return JsonNode.Parse(canonical) as JsonObject ?? throw new ProvenantFormatException(source, "$", "a JSON object");
    }

    /// <summary>Canonical form as a string (the UTF-8 bytes of <see cref="Canonicalize(ReadOnlySpan{byte}, string)"/> decoded).</summary>
    public static string CanonicalizeToString(ReadOnlySpan<byte> utf8Json, string source = "json") =>
        System.Text.Encoding.UTF8.GetString(Canonicalize(utf8Json, source));

    /// <summary>
    /// Formats a double as ECMAScript <c>Number.prototype.toString</c> does (RFC 8785 §3.2.2.3).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">NaN or ±Infinity.</exception>
    public static string FormatNumber(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), "NaN and Infinity have no JSON form");
        if (value == 0) return "0";
        var sb = new StringBuilder();
        if (value < 0)
        {
            sb.Append('-');
            value = -value;
        }
        // "R" yields the shortest round-trip digits, as "d.dddE+xx" or plain decimal.
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var ePos = r.IndexOfAny(['E', 'e']);
        var mantissa = ePos < 0 ? r : r[..ePos];
        var exp10 = ePos < 0 ? 0 : int.Parse(r[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.');
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var fracPart = dot < 0 ? "" : mantissa[(dot + 1)..];
        var digits = (intPart + fracPart).TrimStart('0');
        // n: value = 0.digits × 10^n
        var leadingZerosRemoved = (intPart + fracPart).Length - digits.Length;
        var n = intPart.Length - leadingZerosRemoved + exp10;
        digits = digits.TrimEnd('0');
        var k = digits.Length;
        if (k <= n && n <= 21)
        {
            sb.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            var e = n - 1;
            sb.Append(digits[0]);
            if (k > 1) sb.Append('.').Append(digits, 1, k - 1);
            sb.Append('e').Append(e < 0 ? '-' : '+').Append(Math.Abs(e).ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static void Write(JsonElement e, ArrayBufferWriterStream o, string source, JsonPathStack path)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Null: o.Write("null"u8); break;
            case JsonValueKind.True: o.Write("true"u8); break;
            case JsonValueKind.False: o.Write("false"u8); break;
            case JsonValueKind.Number:
                if (!e.TryGetDouble(out var d) || !double.IsFinite(d))
                {
                    throw new ProvenantFormatException(source, path.ToString(), "a number within the IEEE-754 double range", e.GetRawText());
                }
                o.Write(System.Text.Encoding.ASCII.GetBytes(FormatNumber(d)));
                break;
            case JsonValueKind.String:
                // Without a backslash the source spelling is already the canonical one: the parser refuses raw control
                // characters and the bytes were checked to be UTF-8, so only escapes can differ (or hide a lone surrogate).
                var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(e);
                if (raw.IndexOf((byte)'\\') < 0) o.Write(raw);
                else WriteString(e.GetString()!, o, source, path);
                break;
            case JsonValueKind.Array:
                o.WriteByte((byte)'[');
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    if (i > 0) o.WriteByte((byte)',');
                    path.Push(i);
                    Write(item, o, source, path);
                    path.Pop();
                    i++;
                }
                o.WriteByte((byte)']');
                break;
            case JsonValueKind.Object:
                var members = new List<JsonProperty>();
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in e.EnumerateObject())
                {
                    if (!names.Add(p.Name))
                    {
                        throw new ProvenantFormatException(source, path.ToString(), "unique member names (RFC 7493 §2.3)", "duplicate name \"" + p.Name + "\"");
                    }
                    members.Add(p);
                }
                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                o.WriteByte((byte)'{');
                for (var j = 0; j < members.Count; j++)
                {
                    if (j > 0) o.WriteByte((byte)',');
                    WriteString(members[j].Name, o, source, path);
                    o.WriteByte((byte)':');
                    path.Push(members[j].Name);
                    Write(members[j].Value, o, source, path);
                    path.Pop();
                }
                o.WriteByte((byte)'}');
                break;
            default:
                throw new ProvenantFormatException(source, path.ToString(), "a JSON value", e.ValueKind.ToString());
        }
    }

    /// <summary>The JSON path of the value being written ($, .name, [index]), spelled out only for an error message.</summary>
    private sealed class JsonPathStack
    {
        private readonly List<(string? Name, int Index)> _steps = [];

        public void Push(int index) => _steps.Add((null, index));

        public void Push(string name) => _steps.Add((name, 0));

        public void Pop() => _steps.RemoveAt(_steps.Count - 1);

        public override string ToString()
        {
            var sb = new StringBuilder("$");
            foreach (var (name, index) in _steps)
            {
                if (name is null) sb.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
                else sb.Append('.').Append(name);
            }
            return sb.ToString();
        }
    }

    // Characters that need the careful path below: controls and the two escaped characters (written escaped), and
    // surrogates (a pair is one rune; a lone one is refused). Strings without any (base64, hex, names) are written as
    // their UTF-8 bytes at once, which is what the careful path writes for them too.
    private static readonly System.Buffers.SearchValues<char> NeedsCare = System.Buffers.SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Select(c => (char)c)) + "\"\\" + string.Concat(Enumerable.Range(0xD800, 0x800).Select(c => (char)c)));

    private static void WriteString(string s, ArrayBufferWriterStream o, string source, JsonPathStack path)
    {
        if (s.AsSpan().IndexOfAny(NeedsCare) < 0)
        {
            o.WriteByte((byte)'"');
            o.Write(System.Text.Encoding.UTF8.GetBytes(s));
            o.WriteByte((byte)'"');
            return;
        }
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(s[i]))
            {
                throw new ProvenantFormatException(source, path.ToString(), "a string of Unicode scalar values (RFC 7493 §2.1)",
                    $"lone surrogate U+{(int)s[i]:X4}");
            }
        }
        o.WriteByte((byte)'"');
        Span<byte> scratch = stackalloc byte[4];
        foreach (var rune in s.EnumerateRunes())
        {
            var c = rune.Value;
            switch (c)
            {
                case '"': o.Write("\\\""u8); break;
                case '\\': o.Write("\\\\"u8); break;
                case '\b': o.Write("\\b"u8); break;
                case '\f': o.Write("\\f"u8); break;
                case '\n': o.Write("\\n"u8); break;
                case '\r': o.Write("\\r"u8); break;
                case '\t': o.Write("\\t"u8); break;
                default:
                    if (c < 0x20)
                    {
                        o.Write(System.Text.Encoding.ASCII.GetBytes("\\u" + c.ToString("x4", CultureInfo.InvariantCulture)));
                    }
                    else
                    {
                        var len = rune.EncodeToUtf8(scratch);
                        o.Write(scratch[..len]);
                    }
                    break;
            }
        }
        o.WriteByte((byte)'"');
    }

    /// <summary>A growable byte buffer (MemoryStream without the Stream contract noise).</summary>
    private sealed class ArrayBufferWriterStream
    {
        private readonly MemoryStream _ms = new();
        public void Write(ReadOnlySpan<byte> bytes) => _ms.Write(bytes);
        public void WriteByte(byte b) => _ms.WriteByte(b);
        public byte[] ToArray() => _ms.ToArray();
    }
}
