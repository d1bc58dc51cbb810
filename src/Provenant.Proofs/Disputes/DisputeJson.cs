using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provenant.Core.Encoding;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// Strict field readers over the canonical JSON (RFC 8785) that claims, dispute messages and transcripts use: every
/// field required unless said otherwise, unknown fields rejected, hashes as 64 lower-case hex digits, base64 in its
/// canonical padded form, integers within stated bounds. Every failure is a <see cref="ProvenantFormatException"/>
/// naming the source and the JSON path.
/// </summary>
internal static class DisputeJson
{
    /// <summary>Parses <paramref name="bytes"/>, which must be exactly their own canonical form (no trailing newline).</summary>
    public static JsonObject CanonicalObject(ReadOnlySpan<byte> bytes, string source, int maxBytes)
    {
        if (bytes.Length > maxBytes) throw new ProvenantFormatException(source, "$", $"at most {maxBytes} bytes", $"{bytes.Length} bytes");
        var canonical = CanonicalJson.Canonicalize(bytes, source);
        if (!bytes.SequenceEqual(canonical)) throw new ProvenantFormatException(source, "$", "canonical JSON (RFC 8785)");
        return JsonNode.Parse(canonical) as JsonObject ?? throw new ProvenantFormatException(source, "$", "a JSON object");
    }

    public static void AllowOnly(JsonObject o, string source, string path, params string[] names)
    {
        foreach (var (key, _) in o)
        {
            if (System.Array.IndexOf(names, key) < 0) throw new ProvenantFormatException(source, path + key, "no such field (allowed: " + string.Join(", ", names) + ")");
        }
        foreach (var n in names)
        {
            if (!o.ContainsKey(n)) throw new ProvenantFormatException(source, path + n, "a required field");
        }
    }

    public static JsonObject Object(JsonObject o, string name, string source, string path) =>
        o[name] as JsonObject ?? throw new ProvenantFormatException(source, path + name, "an object", Kind(o[name]));

    public static JsonArray Array(JsonObject o, string name, string source, string path, int maxCount)
    {
        var a = o[name] as JsonArray ?? throw new ProvenantFormatException(source, path + name, "an array", Kind(o[name]));
        if (a.Count > maxCount) throw new ProvenantFormatException(source, path + name, $"at most {maxCount} entries", a.Count.ToString(CultureInfo.InvariantCulture));
        return a;
    }

    public static string String(JsonNode? n, string source, string field, int maxLength)
    {
        if (n is not JsonValue v || v.GetValueKind() != JsonValueKind.String) throw new ProvenantFormatException(source, field, "a string", Kind(n));
        string s;
        try
        {
            s = v.GetValue<string>();
        }
        catch (InvalidOperationException e)
        {
            throw new ProvenantFormatException(source, field, "a string of valid UTF-8", e.Message);
        }
        return s.Length <= maxLength ? s : throw new ProvenantFormatException(source, field, $"at most {maxLength} characters", $"{s.Length}");
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
        if (!IsHash(s)) throw new ProvenantFormatException(source, field, "64 lower-case hex digits", s);
        return Convert.FromHexString(s);
    }

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    // The string a JSON string value holds, or null for anything String would refuse (it then says why).
    private static string? QuickString(JsonNode? n)
    {
        if (n is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return null;
        try
        {
            return v.GetValue<string>();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsHash(string s) => s.Length == 64 && !s.AsSpan().ContainsAnyExcept(LowerHex);

    public static byte[] Base64(JsonNode? n, string source, string field, int maxBytes)
    {
        var s = String(n, source, field, (maxBytes + 2) / 3 * 4);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            throw new ProvenantFormatException(source, field, "standard base64");
        }
        if (Convert.ToBase64String(bytes) != s) throw new ProvenantFormatException(source, field, "canonical (padded, no whitespace) base64");
        return bytes;
    }

    public static JsonArray HashArray(IEnumerable<byte[]> hashes)
    {
        var a = new JsonArray();
        foreach (var h in hashes) a.Add(Hex.Encode(h));
        return a;
    }

    public static byte[][] Hashes(JsonObject o, string name, string source, string path, int maxCount)
    {
        var a = Array(o, name, source, path, maxCount);
        var r = new byte[a.Count][];
        for (var i = 0; i < r.Length; i++)
        {
            // A fan-out reveal holds hundreds: the field's name is spelled only for the error of one that is not a hash.
            r[i] = QuickString(a[i]) is { } s && IsHash(s) ? Convert.FromHexString(s) : Hash(a[i], source, $"{path}{name}[{i}]");
        }
        return r;
    }

    public static void Expect(JsonNode? n, string expected, string source, string field)
    {
        var s = String(n, source, field, 1024);
        if (s != expected) throw new ProvenantFormatException(source, field, $"\"{expected}\"", $"\"{s}\"");
    }

    /// <summary>The canonical bytes of an in-toto Statement v1 with one subject (name and SHA-256) and the predicate.</summary>
    public static byte[] Statement(string subjectName, byte[] subjectSha256, string predicateType, JsonObject predicate) => CanonicalJson.Canonicalize(new JsonObject
    {
        ["_type"] = Signing.InToto.InTotoStatement.TypeV1,
        ["subject"] = new JsonArray(new JsonObject { ["name"] = subjectName, ["digest"] = new JsonObject { ["sha256"] = Hex.Encode(subjectSha256) } }),
        ["predicateType"] = predicateType,
        ["predicate"] = predicate,
    });

    /// <summary>
    /// Parses a canonical in-toto Statement v1 of <paramref name="predicateType"/> with exactly one subject (a non-empty
    /// name of at most 255 characters and a SHA-256 digest): the subject's name and digest, and the predicate object.
    /// </summary>
    public static (string Name, byte[] Sha256, JsonObject Predicate) Statement(ReadOnlySpan<byte> bytes, string source, int maxBytes, string predicateType)
    {
        var o = CanonicalObject(bytes, source, maxBytes);
        AllowOnly(o, source, "", "_type", "subject", "predicateType", "predicate");
        Expect(o["_type"], Signing.InToto.InTotoStatement.TypeV1, source, "_type");
        Expect(o["predicateType"], predicateType, source, "predicateType");
        var subjects = Array(o, "subject", source, "", 1);
        if (subjects.Count != 1 || subjects[0] is not JsonObject subject) throw new ProvenantFormatException(source, "subject", "one subject object");
        AllowOnly(subject, source, "subject[0].", "name", "digest");
        var name = String(subject["name"], source, "subject[0].name", 255);
        if (name.Length == 0) throw new ProvenantFormatException(source, "subject[0].name", "a non-empty name");
        var digest = Object(subject, "digest", source, "subject[0].");
        AllowOnly(digest, source, "subject[0].digest.", "sha256");
        return (name, Hash(digest["sha256"], source, "subject[0].digest.sha256"), Object(o, "predicate", source, ""));
    }

    public static string Kind(JsonNode? n) => n is null ? "null" : n.GetValueKind().ToString().ToLowerInvariant();
}
