using System.Text.Json;
using Provenant.Signing.Dsse;

namespace Provenant.Ledger.Provenance;

/// <summary>
/// What an in-toto Statement v1 (https://in-toto.io/Statement/v1) names, for the provenance index: each
/// <c>subject[].digest</c> entry as a <see cref="SubjectRelation.Subject"/> link, and every
/// <c>"digest": {"alg": "hex", …}</c> object inside the predicate (SLSA <c>resolvedDependencies</c>, an inference
/// claim's model, …) as a <see cref="SubjectRelation.Reference"/> link named after the object's <c>name</c> or
/// <c>uri</c>, or its JSON path; so is every OMS v1.0 resource descriptor <c>{"algorithm": "sha256", "digest": "hex",
/// "name": …}</c> (model_signing's <c>predicate.resources</c>), so a model signature is found by the digests of the
/// files it covers. Payloads that are not in-toto statements give no links.
/// </summary>
public static class StatementLinks
{
    /// <summary>Most links taken from one statement.</summary>
    public const int MaxLinks = 256;

    /// <summary>Deepest predicate nesting walked.</summary>
    public const int MaxDepth = 32;

    /// <summary>The statement's predicateType (or the payload type for other payloads) and its links; never throws on hostile payloads.</summary>
    public static (string PredicateType, IReadOnlyList<SubjectLink> Links) From(DsseEnvelope envelope)
    {
        var links = new List<SubjectLink>();
        if (envelope.PayloadType != DsseEnvelope.InTotoPayloadType) return (Clip(envelope.PayloadType, 256), links);
        try
        {
            using var doc = JsonDocument.Parse(envelope.Payload, new JsonDocumentOptions { MaxDepth = MaxDepth + 8 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (envelope.PayloadType, links);
            var type = root.TryGetProperty("predicateType", out var pt) && pt.ValueKind == JsonValueKind.String ? Clip(pt.GetString()!, 256) : envelope.PayloadType;
            if (root.TryGetProperty("subject", out var subjects) && subjects.ValueKind == JsonValueKind.Array)
            {
                foreach (var s in subjects.EnumerateArray())
                {
                    if (s.ValueKind != JsonValueKind.Object) continue;
                    var name = s.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
                    if (s.TryGetProperty("digest", out var d)) AddDigests(links, d, SubjectRelation.Subject, name);
                }
            }
            if (root.TryGetProperty("predicate", out var predicate)) Walk(links, predicate, "predicate", 0);
            return (type, links);
        }
        catch (JsonException)
        {
            return (envelope.PayloadType, links);
        }
    }

    private static void Walk(List<SubjectLink> links, JsonElement e, string path, int depth)
    {
        if (depth > MaxDepth || links.Count >= MaxLinks) return;
        if (e.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in e.EnumerateArray()) Walk(links, item, $"{path}[{i++}]", depth + 1);
            return;
        }
        if (e.ValueKind != JsonValueKind.Object) return;
        if (e.TryGetProperty("digest", out var digest) && digest.ValueKind == JsonValueKind.Object)
        {
            var name = e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!
                : e.TryGetProperty("uri", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : path;
            AddDigests(links, digest, SubjectRelation.Reference, name);
        }
        else if (e.TryGetProperty("algorithm", out var alg) && alg.ValueKind == JsonValueKind.String
            && e.TryGetProperty("digest", out var hex) && hex.ValueKind == JsonValueKind.String
            && Normalize(alg.GetString() + ":" + hex.GetString()) is { } resource)
        {
            var name = e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : path;
            links.Add(new SubjectLink(resource, SubjectRelation.Reference, Clip(name, SubjectLink.MaxNameLength)));
        }
        foreach (var p in e.EnumerateObject())
        {
            if (p.NameEquals("digest")) continue;
            Walk(links, p.Value, path + "." + p.Name, depth + 1);
        }
    }

    private static void AddDigests(List<SubjectLink> links, JsonElement digest, SubjectRelation relation, string name)
    {
        if (digest.ValueKind != JsonValueKind.Object) return;
        foreach (var p in digest.EnumerateObject())
        {
            if (links.Count >= MaxLinks) return;
            if (p.Value.ValueKind != JsonValueKind.String) continue;
            if (Normalize(p.Name + ":" + p.Value.GetString()) is { } d) links.Add(new SubjectLink(d, relation, Clip(name, SubjectLink.MaxNameLength)));
        }
    }

    /// <summary>
    /// <paramref name="digest"/> as the index stores it: lowercase <c>algorithm:hex</c> with an algorithm of 1 to 32
    /// letters, digits or <c>-_</c> and 16 to 128 hex digits (an even count); null when it is not one.
    /// </summary>
    public static string? Normalize(string digest)
    {
        var colon = digest.IndexOf(':');
        if (colon is < 1 or > 32) return null;
        var alg = digest[..colon];
        var hex = digest[(colon + 1)..];
        if (hex.Length is < 16 or > 128 || hex.Length % 2 != 0) return null;
        foreach (var c in alg) if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
        foreach (var c in hex) if (!char.IsAsciiHexDigit(c)) return null;
        return digest.ToLowerInvariant();
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];
}
