using System.Globalization;
using System.Text.Json;
using Provenant.Core.Errors;

namespace Provenant.Training.Config;

/// <summary>
/// Strict reader of one JSON object of the configuration: rejects members not in the allowed list and
/// values of the wrong type or range with a <see cref="ProvenantFormatException"/> naming the file and the
/// field path (e.g. <c>layers[2].kernel</c>).
/// </summary>
internal sealed class JsonFields
{
    private readonly JsonElement _element;

    public JsonFields(JsonElement element, string file, string path, params string[] allowed)
    {
        File = file;
        Path = path;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Fail(path, "an object", element.ValueKind.ToString().ToLowerInvariant());
        }
        foreach (var p in element.EnumerateObject())
        {
            if (!allowed.Contains(p.Name))
            {
                throw Fail(Field(p.Name), $"one of the known members ({string.Join(", ", allowed)})", $"unknown member '{p.Name}'");
            }
        }
        _element = element;
    }

    public string File { get; }

    public string Path { get; }

    public string Field(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    public ProvenantFormatException Fail(string field, string expected, string? found) => new(File, field, expected, found);

    public bool Has(string name) => _element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public JsonElement Element(string name) =>
        _element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : throw Fail(Field(name), "a value (required)", "nothing");

    public string String(string name)
    {
        var v = Element(name);
        return v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : throw Fail(Field(name), "a non-empty string", Describe(v));
    }

    public string? OptionalString(string name) => Has(name) ? String(name) : null;

    public long Integer(string name, long min, long max)
    {
        var v = Element(name);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n) || n < min || n > max)
        {
            throw Fail(Field(name), $"an integer in {min}…{max}", Describe(v));
        }
        return n;
    }

    public long Integer(string name, long min, long max, long fallback) => Has(name) ? Integer(name, min, max) : fallback;

    public ulong Unsigned(string name)
    {
        var v = Element(name);
        return v.ValueKind == JsonValueKind.Number && v.TryGetUInt64(out var n) ? n : throw Fail(Field(name), "an integer in 0…2^64−1", Describe(v));
    }

    /// <summary>A finite number with min &lt; value ≤ max (or min ≤ value when <paramref name="minInclusive"/>).</summary>
    public double Number(string name, double min, double max, bool minInclusive, double? fallback = null)
    {
        if (!Has(name) && fallback is { } f)
        {
            return f;
        }
        var v = Element(name);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d) || d > max || d < min || (!minInclusive && d == min))
        {
            var lower = minInclusive ? "[" : "(";
            throw Fail(Field(name), $"a number in {lower}{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]", Describe(v));
        }
        return d;
    }

    public JsonElement[] Array(string name, int minLength, int maxLength)
    {
        var v = Element(name);
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() < minLength || v.GetArrayLength() > maxLength)
        {
            throw Fail(Field(name), $"an array of {minLength}…{maxLength} entries", Describe(v));
        }
        return [.. v.EnumerateArray()];
    }

    public static string Describe(JsonElement v)
    {
        var text = v.GetRawText();
        return text.Length <= 40 ? text : text[..40] + "…";
    }
}
