using System.Text.Json.Nodes;

namespace Provenant.Server.Provenance;

/// <summary>The hand-written OpenAPI 3.1 description (embedded <c>openapi.json</c>) with the registered verifier kinds filled in.</summary>
public static class OpenApiDocument
{
    /// <summary>The document's UTF-8 bytes for the verifiers in <paramref name="registry"/>.</summary>
    public static byte[] Bytes(VerifierRegistry registry)
    {
        var kinds = registry.All;
        using var s = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("Provenant.Server.openapi.json")
            ?? throw new InvalidOperationException("the embedded openapi.json is missing from the build");
        var doc = JsonNode.Parse(s)!;
        doc["components"]!["schemas"]!["VerifyRequest"]!["properties"]!["kind"]!["enum"] = new JsonArray([.. kinds.Select(k => (JsonNode)k.Kind)]);
        return System.Text.Encoding.UTF8.GetBytes(doc.ToJsonString());
    }
}
