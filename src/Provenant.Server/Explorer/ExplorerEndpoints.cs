using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Provenant.Server.Provenance;

namespace Provenant.Server.Explorer;

/// <summary>
/// The web explorer: static files embedded in this assembly (no CDN, fonts or third-party scripts), served at
/// <c>/explorer/NAME</c> by exact name from a fixed table, so no request path ever reaches the file system.
/// <c>/</c> redirects to <c>/explorer/</c> (index.html).
/// </summary>
public static class ExplorerEndpoints
{
    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    /// <summary>The embedded files: name → (bytes, content type, ETag).</summary>
    public static FrozenDictionary<string, (byte[] Bytes, string ContentType, string ETag)> Files { get; } = Load();

    private static FrozenDictionary<string, (byte[], string, string)> Load()
    {
        var asm = typeof(ExplorerEndpoints).Assembly;
        var files = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith("explorer/", StringComparison.Ordinal)))
        {
            using var s = asm.GetManifestResourceStream(name)!;
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            var bytes = ms.ToArray();
            var file = name["explorer/".Length..];
            files[file] = (bytes, ContentTypes.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream"), Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]);
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Maps the explorer's routes.</summary>
    public static IEndpointRouteBuilder MapExplorer(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/explorer/"));
        app.MapGet("/explorer/{**name}", (HttpContext ctx, string? name) =>
        {
            if (!Files.TryGetValue(string.IsNullOrEmpty(name) ? "index.html" : name, out var f))
            {
                return Results.Text("not found\n", "text/plain; charset=utf-8", statusCode: 404);
            }
            if (ApiResults.NotModified(ctx, f.ETag)) return Results.StatusCode(304);
            ctx.Response.Headers.CacheControl = "no-cache";
            return Results.Bytes(f.Bytes, f.ContentType);
        });
        return app;
    }
}
