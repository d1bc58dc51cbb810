using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Provenant.Core.Hashing;
using Provenant.Signing.InToto;
using Provenant.Signing.Json;

namespace Provenant.Signing.Oms;

/// <summary>
/// Converts between <see cref="OmsManifest"/> and the OMS v1.0 in-toto Statement
/// (predicateType <c>https://model_signing/signature/v1.0</c>), and reads the legacy
/// model_signing v0.2 layout (predicateType <c>https://model_signing/Digests/v0.1</c>, one subject per file).
/// </summary>
public static class OmsStatement
{
    /// <summary>OMS v1.0 predicate type.</summary>
    public const string PredicateTypeV1 = "https://model_signing/signature/v1.0";

    /// <summary>model_signing v0.2 predicate type (verification only).</summary>
    public const string PredicateTypeLegacyDigests = "https://model_signing/Digests/v0.1";

    /// <summary>
    /// Predicate field holding the optional per-tensor Merkle roots (<see cref="OmsManifest.TensorRoots"/>):
    /// <c>[{"name", "format", "algorithm", "root", "tensorCount"}]</c>. model_signing's v1.0 verifier reads only
    /// <c>serialization</c> and <c>resources</c> and ignores other predicate fields (docs/tensor-commitments.md).
    /// </summary>
    public const string TensorRootsField = "https://provenant.dev/tensor-roots/v1";

    /// <summary>Most resources accepted in a statement.</summary>
    public const int MaxResources = 1_000_000;

    /// <summary>
    /// The statement JSON, formatted as model_signing writes it (2-space indent, key order of its golden files,
    /// <c>shard_size</c> as protobuf's Struct writes numbers, e.g. <c>1000000000.0</c>); no trailing newline.
    /// </summary>
    public static byte[] Serialize(OmsManifest manifest)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var s = manifest.Serialization;
            w.WriteStartObject();
            w.WriteString("_type", InTotoStatement.TypeV1);
            w.WriteStartArray("subject");
            w.WriteStartObject();
            w.WriteString("name", manifest.ModelName);
            w.WriteStartObject("digest");
            w.WriteString("sha256", Hex.Encode(manifest.SubjectDigest()));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("predicateType", PredicateTypeV1);
            w.WriteStartObject("predicate");
            w.WriteStartObject("serialization");
            w.WriteString("method", s.Method == SerializationMethod.Shards ? "shards" : "files");
            w.WriteString("hash_type", s.HashTypeName);
            w.WriteBoolean("allow_symlinks", s.AllowSymlinks);
            if (s.Method == SerializationMethod.Shards)
            {
                w.WritePropertyName("shard_size");
                w.WriteRawValue(s.ShardSize.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".0");
            }
            if (s.IgnorePaths.Count > 0)
            {
                w.WriteStartArray("ignore_paths");
                foreach (var p in s.IgnorePaths.Order(StringComparer.Ordinal)) w.WriteStringValue(p);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteStartArray("resources");
            foreach (var r in manifest.Resources)
            {
                w.WriteStartObject();
                w.WriteString("algorithm", r.Algorithm);
                w.WriteString("digest", r.DigestHex);
                w.WriteString("name", r.Name);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (manifest.TensorRoots.Count > 0)
            {
                w.WriteStartArray(TensorRootsField);
                foreach (var t in manifest.TensorRoots.OrderBy(t => t.Name, StringComparer.Ordinal))
                {
                    w.WriteStartObject();
                    w.WriteString("name", t.Name);
                    w.WriteString("format", t.Format);
                    w.WriteString("algorithm", t.Algorithm);
                    w.WriteString("root", t.RootHex);
                    w.WriteNumber("tensorCount", t.TensorCount);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        // Python's json.dumps(indent=2) writes empty arrays as [] like Utf8JsonWriter; line endings are \n.
        return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(ms.ToArray()).Replace("\r\n", "\n"));
    }

    /// <summary>Parses an authenticated statement payload into a manifest, validating every field.</summary>
    /// <param name="payload">The DSSE payload bytes.</param>
    /// <param name="source">Name for messages (the signature file).</param>
    /// <param name="modelNameOut">The subject name recorded by the signer.</param>
    /// <exception cref="Core.Errors.ProvenantFormatException">Malformed or inconsistent statement.</exception>
    public static OmsManifest Parse(byte[] payload, string source, out string modelNameOut)
    {
        using var doc = JsonCursor.ParseDocument(payload, source + " payload");
        var root = new JsonCursor(doc.RootElement, source + " payload", "$").ExpectObject();
        var type = root.Required("_type").String(256);
        if (type != InTotoStatement.TypeV1) throw root.Required("_type").Fail($"\"{InTotoStatement.TypeV1}\"", $"\"{type}\"");
        var predicateType = root.Required("predicateType").String(256);
        var subjects = root.Required("subject").Array(MaxResources);
        if (predicateType == PredicateTypeLegacyDigests) return ParseLegacy(subjects, out modelNameOut);
        if (predicateType != PredicateTypeV1) throw root.Required("predicateType").Fail($"\"{PredicateTypeV1}\"", $"\"{predicateType}\"");
        if (subjects.Count != 1) throw root.Required("subject").Fail("exactly one subject", subjects.Count.ToString());
        modelNameOut = subjects[0].Required("name").String(4096);
        var subjectDigest = subjects[0].Required("digest").Required("sha256").String(64);

        var predicate = root.Required("predicate");
        var ser = predicate.Required("serialization");
        var method = ser.Required("method").String(16) switch
        {
            "files" => SerializationMethod.Files,
            "shards" => SerializationMethod.Shards,
            var m => throw ser.Required("method").Fail("\"files\" or \"shards\"", $"\"{m}\""),
        };
        var hashName = ser.Required("hash_type").String(32);
        if (!HashNames.TryParse(hashName, out var hashType)) throw ser.Required("hash_type").Fail("sha256, blake2b or blake3", $"\"{hashName}\"");
        var allow = ser.Required("allow_symlinks").Boolean();
        var shardSize = method == SerializationMethod.Shards ? ser.Required("shard_size").NonNegativeInteger(1L << 40) : SerializationOptions.DefaultShardSize;
        if (method == SerializationMethod.Shards && shardSize < 1) throw ser.Required("shard_size").Fail("a positive shard size", "0");
        var ignore = ser.Optional("ignore_paths")?.Array(4096).Select(c => c.String(4096)).ToList() ?? [];
        var options = new SerializationOptions
        {
            Method = method,
            HashType = hashType,
            ShardSize = shardSize,
            Symlinks = allow ? SymlinkPolicy.FollowAnywhere : SymlinkPolicy.Reject,
            IgnorePaths = ignore,
        };
        var size = HashNames.DigestSize(hashType);
        var resources = new List<ManifestResource>();
        foreach (var r in predicate.Required("resources").Array(MaxResources))
        {
            var name = r.Required("name").String(4096);
            ValidateName(name, method, r.Required("name"));
            var algorithm = r.Required("algorithm").String(128);
            if (algorithm != options.ResourceAlgorithm) throw r.Required("algorithm").Fail($"\"{options.ResourceAlgorithm}\"", $"\"{algorithm}\"");
            var hex = r.Required("digest").String(256);
            if (hex.Length != 2 * size || !Hex.TryDecode(hex, out var digest)) throw r.Required("digest").Fail($"{2 * size} hex digits", Preview(hex));
            resources.Add(new ManifestResource(name, algorithm, digest));
        }
        OmsManifest manifest;
        try
        {
            manifest = new OmsManifest(modelNameOut, options, resources);
        }
        catch (ArgumentException e)
        {
            throw predicate.Required("resources").Fail("unique resource names", e.Message);
        }
        if (!string.Equals(Hex.Encode(manifest.SubjectDigest()), subjectDigest, StringComparison.OrdinalIgnoreCase))
        {
            throw subjects[0].Required("digest").Required("sha256").Fail("the SHA-256 of the concatenated resource digests", subjectDigest);
        }
        return predicate.Optional(TensorRootsField) is { } roots ? manifest with { TensorRoots = ParseTensorRoots(roots) } : manifest;
    }

    private static List<TensorRootEntry> ParseTensorRoots(JsonCursor roots)
    {
        var list = new List<TensorRootEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in roots.Array(MaxResources))
        {
            e.AllowOnly("name", "format", "algorithm", "root", "tensorCount");
            var name = e.Required("name").String(4096);
            ValidateName(name, SerializationMethod.Files, e.Required("name"));
            if (!names.Add(name)) throw e.Required("name").Fail("one tensor root per file", Preview(name));
            var format = e.Required("format").String(32);
            var algorithm = e.Required("algorithm").String(128);
            var hex = e.Required("root").String(64);
            if (hex.Length != 64 || !Hex.TryDecode(hex, out var root) || hex != hex.ToLowerInvariant()) throw e.Required("root").Fail("64 lower-case hex digits", Preview(hex));
            var count = e.Required("tensorCount").NonNegativeInteger(10_000_000);
            list.Add(new TensorRootEntry(name, format, algorithm, root, count));
        }
        return list;
    }

    private static OmsManifest ParseLegacy(IReadOnlyList<JsonCursor> subjects, out string modelName)
    {
        var resources = new List<ManifestResource>();
        foreach (var s in subjects)
        {
            var name = s.Required("name").String(4096);
            ValidateName(name, SerializationMethod.Files, s.Required("name"));
            var hex = s.Required("digest").Required("sha256").String(64);
            if (hex.Length != 64 || !Hex.TryDecode(hex, out var digest)) throw s.Required("digest").Required("sha256").Fail("64 hex digits", Preview(hex));
            var alg = s.Optional("annotations")?.Optional("actual_hash_algorithm")?.String(64) ?? "file-sha256";
            if (alg != "file-sha256") throw s.Required("annotations").Required("actual_hash_algorithm").Fail("\"file-sha256\"", $"\"{alg}\"");
            resources.Add(new ManifestResource(name, "sha256", digest));
        }
        modelName = "";
        return new OmsManifest("", new SerializationOptions(), resources);
    }

    /// <summary>Resource names must be relative POSIX paths without <c>..</c>, empty or <c>.</c> segments
    /// (except the single-file name <c>.</c>), so a hostile signature cannot name files outside the model.</summary>
    private static void ValidateName(string name, SerializationMethod method, JsonCursor at)
    {
        var path = name;
        if (method == SerializationMethod.Shards)
        {
            if (!ManifestResource.TrySplitShard(name, out path, out _, out _)) throw at.Fail("a shard name path:start:end with start ≤ end", Preview(name));
        }
        if (path == ".") return;
        if (path.Length == 0 || path.StartsWith('/') || path.Contains('\\') || path.Contains('\0')
            || path.Split('/').Any(seg => seg.Length == 0 || seg == "." || seg == ".."))
        {
            throw at.Fail("a relative POSIX path inside the model", Preview(name));
        }
    }

    private static string Preview(string s) => s.Length <= 40 ? $"\"{s}\"" : $"\"{s[..40]}…\"";
}
