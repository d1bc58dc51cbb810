using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Provenant.Server.Provenance;

/// <summary>JSON answers of the provenance API: values with web (camelCase) naming, and errors as <c>{"status": N, "error": "…"}</c>.</summary>
public static class ApiResults
{
    /// <summary>Serializer options for API values (camelCase, no indentation).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A JSON value (200 unless told).</summary>
    public static IResult Ok(object value, int status = 200) =>
        Results.Text(value is JsonNode n ? n.ToJsonString() : JsonSerializer.Serialize(value, value.GetType(), Json), "application/json; charset=utf-8", statusCode: status);

    /// <summary>An error: status and a one-line message (never a stack trace).</summary>
    public static IResult Error(int status, string message) =>
        Results.Text(new JsonObject { ["status"] = status, ["error"] = message }.ToJsonString(), "application/json; charset=utf-8", statusCode: status);

    /// <summary>Answers 304 when the request's <c>If-None-Match</c> names <paramref name="etag"/>; sets the ETag either way.</summary>
    public static bool NotModified(HttpContext ctx, string etag)
    {
        var quoted = "\"" + etag + "\"";
        ctx.Response.Headers.ETag = quoted;
        var inm = ctx.Request.Headers.IfNoneMatch.ToString();
        return inm.Length > 0 && inm.Split(',').Any(t => t.Trim() == quoted || t.Trim() == "*");
    }
}
