using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;

namespace Provenant.Inference.Tracing;

/// <summary>Strict field readers for proof JSON: every field required, typed and bounded; errors name the field.</summary>
internal static class ProofJsonFields
{
    public static void AllowOnly(JsonObject o, string[] names, string source, string path)
    {
        foreach (var (k, _) in o)
        {
            if (System.Array.IndexOf(names, k) < 0) throw new ProvenantFormatException(source, path + k, "one of the fields " + string.Join(", ", names), "an unknown field");
        }
        foreach (var n in names)
        {
            if (!o.ContainsKey(n)) throw new ProvenantFormatException(source, path + n, "a value", "nothing (missing field)");
        }
    }

    public static string String(JsonNode? n, string source, string field, int maxBytes)
    {
        if (n is not JsonValue v || v.GetValueKind() != JsonValueKind.String) throw new ProvenantFormatException(source, field, "a string", Kind(n));
        var s = v.GetValue<string>();
        if (System.Text.Encoding.UTF8.GetByteCount(s) > maxBytes) throw new ProvenantFormatException(source, field, $"at most {maxBytes} UTF-8 bytes", "a longer string");
        return s;
    }

    public static long Integer(JsonNode? n, string source, string field, long max)
    {
        var text = n is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.ToJsonString() : null;
        if (text is null || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var x) || x > max)
        {
            throw new ProvenantFormatException(source, field, $"an integer from 0 to {max}", text ?? Kind(n));
        }
        return x;
    }

    public static byte[] Hash(JsonNode? n, string source, string field)
    {
        var s = String(n, source, field, 64);
        if (s.Length != 64 || s.Any(c => c is not (>= '0' and <= '9' or >= 'a' and <= 'f')) || !Hex.TryDecode(s, out var bytes))
        {
            throw new ProvenantFormatException(source, field, "64 lower-case hex digits", $"\"{s}\"");
        }
        return bytes;
    }

    public static JsonArray Array(JsonNode? n, string source, string field, int maxCount)
    {
        if (n is not JsonArray a) throw new ProvenantFormatException(source, field, "an array", Kind(n));
        if (a.Count > maxCount) throw new ProvenantFormatException(source, field, $"at most {maxCount} entries", $"{a.Count}");
        return a;
    }

    public static string Kind(JsonNode? n) => n is null ? "null" : n.GetValueKind().ToString().ToLowerInvariant();
}
