using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;

namespace Provenant.Formats.Datasets;

/// <summary>Strict field readers for statement and proof JSON; every failure is a <see cref="ProvenantFormatException"/> naming the field.</summary>
internal static class JsonFields
{
    public static JsonNode Required(JsonObject o, string name, string source, string path)
    {
        if (!o.TryGetPropertyValue(name, out var v) || v is null)
        {
            throw new ProvenantFormatException(source, path + name, "a value", "nothing");
        }
        return v;
    }

    public static JsonObject Object(JsonObject o, string name, string source, string path) =>
        Required(o, name, source, path) as JsonObject ?? throw new ProvenantFormatException(source, path + name, "a JSON object", Kind(o[name]));

    public static JsonArray Array(JsonObject o, string name, string source, string path, int maxCount)
    {
        var a = Required(o, name, source, path) as JsonArray ?? throw new ProvenantFormatException(source, path + name, "a JSON array", Kind(o[name]));
        if (a.Count > maxCount) throw new ProvenantFormatException(source, path + name, $"at most {maxCount} entries", a.Count.ToString(CultureInfo.InvariantCulture));
        return a;
    }

    public static string String(JsonObject o, string name, string source, string path, int maxLength)
    {
        var v = Required(o, name, source, path);
        if (v.GetValueKind() != JsonValueKind.String) throw new ProvenantFormatException(source, path + name, "a string", Kind(v));
        var s = v.GetValue<string>();
        if (s.Length > maxLength) throw new ProvenantFormatException(source, path + name, $"at most {maxLength} characters", $"{s.Length} characters");
        return s;
    }

    public static string? OptionalString(JsonObject o, string name, string source, string path, int maxLength) =>
        o.TryGetPropertyValue(name, out var v) && v is not null ? String(o, name, source, path, maxLength) : null;

    public static ulong UInt(JsonObject o, string name, string source, string path, ulong max)
    {
        var v = Required(o, name, source, path);
        var text = v.GetValueKind() == JsonValueKind.Number ? v.ToJsonString() : null;
        if (text is null || !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var u) || u > max)
        {
            throw new ProvenantFormatException(source, path + name, $"an integer from 0 to {max}", text ?? Kind(v));
        }
        return u;
    }

    public static byte[] Hash(JsonObject o, string name, string source, string path) => HashText(String(o, name, source, path, 64), source, path + name);

    public static byte[] HashText(string s, string source, string field)
    {
        if (s.Length != 64 || !Hex.TryDecode(s, out var bytes) || s != s.ToLowerInvariant())
        {
            throw new ProvenantFormatException(source, field, "64 lower-case hex digits (a SHA-256 hash)", Shorten(s));
        }
        return bytes;
    }

    public static string RelativePath(string s, string source, string field)
    {
        if (s.Length == 0 || s.Length > DatasetLimits.MaxPathLength || s.StartsWith('/') || s.Contains('\\') || s.Contains('\0') ||
            s.Split('/').Any(seg => seg is "" or "." or ".."))
        {
            throw new ProvenantFormatException(source, field, "a relative POSIX path without empty, '.' or '..' segments", Shorten(s));
        }
        return s;
    }

    public static string Shorten(string s) => "\"" + (s.Length > 80 ? s[..80] + "…" : s) + "\"";

    public static string Kind(JsonNode? n) => n is null ? "null" : n.GetValueKind().ToString().ToLowerInvariant();
}
