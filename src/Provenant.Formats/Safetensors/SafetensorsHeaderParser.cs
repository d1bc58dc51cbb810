using System.Text.Json;
using Provenant.Core.Errors;
using Provenant.Formats.Tensors;

namespace Provenant.Formats.Safetensors;

/// <summary>
/// Reads the JSON header of a safetensors file with a forward-only <see cref="Utf8JsonReader"/>, so every error names
/// the file offset of the token it stopped at. Shape:
/// <code>
/// { "__metadata__": { "key": "value", … } | null,            optional, string values only
///   "tensor name": { "dtype": "F32", "shape": [d0, d1, …], "data_offsets": [begin, end] }, … }
/// </code>
/// Stricter than the reference (serde) in three ways, each documented in docs/weight-formats.md: duplicate keys and
/// unknown fields in a tensor entry are errors, and ranks are capped at <see cref="TensorLimits.MaxRank"/>.
/// </summary>
internal static class SafetensorsHeaderParser
{
    /// <summary>The key of the optional string-to-string metadata map.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Parses <paramref name="header"/> (valid UTF-8, starting with '{'), found at file offset
    /// <paramref name="baseOffset"/> of <paramref name="file"/>.</summary>
    public static (List<KeyValuePair<string, string>> Metadata, List<SafetensorsHeaderEntry> Entries) Parse(ReadOnlySpan<byte> header, long baseOffset, string file)
    {
        var metadata = new List<KeyValuePair<string, string>>();
        var entries = new List<SafetensorsHeaderEntry>();
        var r = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = 8, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject) throw Fail(file, baseOffset, ref r, "header", "a JSON object");
            var names = new HashSet<string>(StringComparer.Ordinal);
            while (r.Read() && r.TokenType != JsonTokenType.EndObject)
            {
                var at = baseOffset + r.TokenStartIndex;
                var name = r.GetString()!;
                if (!names.Add(name)) throw new ProvenantFormatException(file, $"header key \"{Short(name)}\"", "unique tensor names", "a duplicate key", at);
                if (name == MetadataKey)
                {
                    ReadMetadata(ref r, metadata, baseOffset, file);
                }
                else
                {
                    entries.Add(ReadTensor(ref r, name, at, baseOffset, file));
                }
            }
            if (r.Read()) throw Fail(file, baseOffset, ref r, "header", "nothing but spaces after the JSON object");
        }
        catch (JsonException e)
        {
            throw new ProvenantFormatException(file, "header", "well-formed JSON (RFC 8259)", e.Message.Split('.')[0], baseOffset + r.BytesConsumed, inner: e);
        }
        return (metadata, entries);
    }

    private static void ReadMetadata(ref Utf8JsonReader r, List<KeyValuePair<string, string>> metadata, long baseOffset, string file)
    {
        r.Read();
        if (r.TokenType == JsonTokenType.Null) return;
        if (r.TokenType != JsonTokenType.StartObject) throw Fail(file, baseOffset, ref r, MetadataKey, "an object of string values, or null");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            var key = r.GetString()!;
            if (!keys.Add(key)) throw Fail(file, baseOffset, ref r, $"{MetadataKey}.{Short(key)}", "unique metadata keys", "a duplicate key");
            r.Read();
            if (r.TokenType != JsonTokenType.String) throw Fail(file, baseOffset, ref r, $"{MetadataKey}.{Short(key)}", "a string value", r.TokenType.ToString());
            metadata.Add(new(key, r.GetString()!));
        }
    }

    private static SafetensorsHeaderEntry ReadTensor(ref Utf8JsonReader r, string name, long at, long baseOffset, string file)
    {
        var field = $"tensor \"{Short(name)}\"";
        r.Read();
        if (r.TokenType != JsonTokenType.StartObject) throw Fail(file, baseOffset, ref r, field, "an object {dtype, shape, data_offsets}", r.TokenType.ToString());
        string? dtype = null;
        long[]? shape = null;
        ulong[]? offsets = null;
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            var key = r.GetString()!;
            r.Read();
            switch (key)
            {
                case "dtype" when dtype is null:
                    if (r.TokenType != JsonTokenType.String) throw Fail(file, baseOffset, ref r, field + ".dtype", "a string", r.TokenType.ToString());
                    dtype = r.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = ReadUInts(ref r, field + ".shape", TensorLimits.MaxRank, baseOffset, file).Select(d => (long)d).ToArray();
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadUInts(ref r, field + ".data_offsets", 2, baseOffset, file);
                    if (offsets.Length != 2) throw Fail(file, baseOffset, ref r, field + ".data_offsets", "[begin, end]", $"{offsets.Length} numbers");
                    break;
                case "dtype" or "shape" or "data_offsets":
                    throw Fail(file, baseOffset, ref r, field + "." + key, "the field once", "a duplicate");
                default:
                    throw Fail(file, baseOffset, ref r, field + "." + Short(key), "only the fields dtype, shape, data_offsets", "an unknown field");
            }
        }
        if (dtype is null || shape is null || offsets is null)
        {
            var missing = dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets";
            throw new ProvenantFormatException(file, field + "." + missing, "a required field", "nothing", at);
        }
        return new SafetensorsHeaderEntry(name, dtype, shape, offsets[0], offsets[1], at);
    }

    /// <summary>An array of non-negative integers that fit an Int64 (Rust's usize on 64-bit), at most <paramref name="max"/>.</summary>
    private static ulong[] ReadUInts(ref Utf8JsonReader r, string field, int max, long baseOffset, string file)
    {
        if (r.TokenType != JsonTokenType.StartArray) throw Fail(file, baseOffset, ref r, field, "an array of non-negative integers", r.TokenType.ToString());
        var list = new List<ulong>();
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (r.TokenType != JsonTokenType.Number || !r.TryGetUInt64(out var v) || v > long.MaxValue)
            {
                throw Fail(file, baseOffset, ref r, $"{field}[{list.Count}]", $"an integer from 0 to {long.MaxValue}", r.TokenType == JsonTokenType.Number ? System.Text.Encoding.UTF8.GetString(r.ValueSpan) : r.TokenType.ToString());
            }
            if (list.Count == max) throw Fail(file, baseOffset, ref r, field, $"at most {max} entries");
            list.Add(v);
        }
        return [.. list];
    }

    private static ProvenantFormatException Fail(string file, long baseOffset, ref Utf8JsonReader r, string field, string expected, string? found = null) =>
        new(file, field, expected, found, baseOffset + r.TokenStartIndex);

    internal static string Short(string s) => s.Length > 80 ? s[..80] + "…" : s;
}
