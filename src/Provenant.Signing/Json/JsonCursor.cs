using System.Text.Json;
using Provenant.Core.Errors;

namespace Provenant.Signing.Json;

/// <summary>
/// A position in a parsed JSON document that knows its source file and field path, so every
/// accessor can fail with a <see cref="ProvenantFormatException"/> naming exactly what was wrong
/// (e.g. <c>model.sig: dsseEnvelope.signatures[0].sig: expected base64</c>).
/// </summary>
public readonly struct JsonCursor
{
    /// <summary>Wraps <paramref name="element"/> found at <paramref name="path"/> in <paramref name="source"/>.</summary>
    public JsonCursor(JsonElement element, string source, string path)
    {
        Element = element;
        Source = source;
        Path = path;
    }

    /// <summary>The JSON value.</summary>
    public JsonElement Element { get; }

    /// <summary>The file or logical source, for messages.</summary>
    public string Source { get; }

    /// <summary>The field path from the document root (<c>$</c> for the root).</summary>
    public string Path { get; }

    /// <summary>Parses <paramref name="utf8"/> as one JSON document (max depth 64, no comments, no trailing commas).</summary>
    /// <exception cref="ProvenantFormatException">Not valid JSON.</exception>
    public static JsonDocument ParseDocument(ReadOnlyMemory<byte> utf8, string source)
    {
        try
        {
            return JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new ProvenantFormatException(source, "$", "well-formed JSON", e.Message.Split('.')[0],
                e.BytePositionInLine is null ? null : e.LineNumber + 1, "line", e);
        }
    }

    /// <summary>Fails unless this is a JSON object.</summary>
    public JsonCursor ExpectObject()
    {
        if (Element.ValueKind != JsonValueKind.Object) throw Fail("a JSON object", Element.ValueKind.ToString());
        return this;
    }

    /// <summary>Fails if this object has a member not in <paramref name="names"/> (strict parsing: an unknown or
    /// misspelt field in a signature file is an error, not silently ignored).</summary>
    public JsonCursor AllowOnly(params string[] names)
    {
        ExpectObject();
        foreach (var p in Element.EnumerateObject())
        {
            string name;
            try
            {
                name = p.Name;
            }
            catch (InvalidOperationException)
            {
                throw Fail("member names of valid UTF-8", "invalid UTF-8 bytes");
            }
            if (System.Array.IndexOf(names, name) < 0) throw new ProvenantFormatException(Source, Sub(name), "one of the fields " + string.Join(", ", names), "an unknown field");
        }
        return this;
    }

    /// <summary>The required member <paramref name="name"/> of this object.</summary>
    public JsonCursor Required(string name)
    {
        ExpectObject();
        if (!Element.TryGetProperty(name, out var v)) throw new ProvenantFormatException(Source, Sub(name), "a required field", "nothing");
        return new JsonCursor(v, Source, Sub(name));
    }

    /// <summary>The member <paramref name="name"/> if present and not null.</summary>
    public JsonCursor? Optional(string name)
    {
        ExpectObject();
        if (!Element.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return new JsonCursor(v, Source, Sub(name));
    }

    /// <summary>This value as a string, at most <paramref name="maxLength"/> UTF-16 code units.</summary>
    public string String(int maxLength = 1 << 20)
    {
        if (Element.ValueKind != JsonValueKind.String) throw Fail("a string", Element.ValueKind.ToString());
        string s;
        try
        {
            s = Element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json validates UTF-8 inside strings only when they are decoded.
            throw Fail("a string of valid UTF-8", "invalid UTF-8 bytes");
        }
        if (s.Length > maxLength) throw Fail($"at most {maxLength} characters", $"{s.Length}");
        return s;
    }

    /// <summary>This value as a boolean.</summary>
    public bool Boolean()
    {
        return Element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Fail("true or false", Element.ValueKind.ToString()),
        };
    }

    /// <summary>This value as a non-negative integer; accepts integral JSON numbers written with a
    /// fractional part of zero (<c>1000000000.0</c>, as protobuf's Struct writes them).</summary>
    public long NonNegativeInteger(long max = long.MaxValue)
    {
        if (Element.ValueKind != JsonValueKind.Number) throw Fail("a number", Element.ValueKind.ToString());
        long value;
        if (Element.TryGetInt64(out var l)) value = l;
        else if (Element.TryGetDecimal(out var d) && decimal.Truncate(d) == d && d >= 0 && d <= long.MaxValue) value = (long)d;
        else throw Fail("a non-negative integer", Element.GetRawText());
        if (value < 0 || value > max) throw Fail($"an integer in [0, {max}]", value.ToString());
        return value;
    }

    /// <summary>This value as base64 (standard alphabet, padding optional), decoding to at most <paramref name="maxBytes"/>.</summary>
    public byte[] Base64(int maxBytes = 64 << 20)
    {
        var s = String(maxBytes / 3 * 4 + 8);
        var padded = (s.Length % 4) switch { 2 => s + "==", 3 => s + "=", _ => s };
        try
        {
            var bytes = Convert.FromBase64String(padded);
            if (Convert.ToBase64String(bytes) != padded) throw Fail("canonical base64", Preview(s));
            if (bytes.Length > maxBytes) throw Fail($"at most {maxBytes} bytes", $"{bytes.Length}");
            return bytes;
        }
        catch (FormatException)
        {
            throw Fail("base64", Preview(s));
        }
    }

    /// <summary>The elements of this array (at most <paramref name="maxCount"/>).</summary>
    public IReadOnlyList<JsonCursor> Array(int maxCount = 1 << 20)
    {
        if (Element.ValueKind != JsonValueKind.Array) throw Fail("an array", Element.ValueKind.ToString());
        var n = Element.GetArrayLength();
        if (n > maxCount) throw Fail($"at most {maxCount} elements", n.ToString());
        var list = new List<JsonCursor>(n);
        var i = 0;
        foreach (var e in Element.EnumerateArray()) list.Add(new JsonCursor(e, Source, $"{Path}[{i++}]"));
        return list;
    }

    /// <summary>An error at this position: expected <paramref name="expected"/>, found <paramref name="found"/>.</summary>
    public ProvenantFormatException Fail(string expected, string? found = null) => new(Source, Path, expected, found);

    private string Sub(string name) => Path == "$" ? name : Path + "." + name;

    private static string Preview(string s) => s.Length <= 24 ? $"\"{s}\"" : $"\"{s[..24]}…\"";
}
