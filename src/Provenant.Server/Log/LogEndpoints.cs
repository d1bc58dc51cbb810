using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Provenant.Core.Errors;
using Provenant.Ledger.Entries;
using Provenant.Ledger.Log;
using Provenant.Ledger.Tiles;

namespace Provenant.Server.Log;

/// <summary>
/// HTTP routes of the log: the c2sp.org/tlog-tiles read side (<c>GET /checkpoint</c>, <c>GET /tile/…</c>) and the
/// submission API (<c>POST /api/v1/log/entries</c>, bearer token, body limit, validation before appending).
/// </summary>
public static class LogEndpoints
{
    /// <summary>Largest accepted submission body (bytes).</summary>
    public const int MaxRequestBytes = 256 << 10;

    /// <summary>Maps the log's routes.</summary>
    public static IEndpointRouteBuilder MapLog(this IEndpointRouteBuilder app, TransparencyLog log, BearerToken token, byte[] logPublicKey)
    {
        app.MapGet("/checkpoint", (HttpContext ctx) =>
        {
            ctx.Response.Headers.CacheControl = "no-cache, max-age=1";
            return Results.Text(log.Published.Note, "text/plain; charset=utf-8");
        });

        app.MapGet("/tile/{**rest}", (HttpContext ctx, string rest) =>
        {
            if (!TilePath.TryParse("tile/" + rest, out var path)) return Results.Text("not a tlog-tiles path\n", "text/plain", statusCode: 404);
            var bytes = log.ReadTile(path);
            if (bytes is null) return Results.Text("no such tile in the published tree\n", "text/plain", statusCode: 404);
            ctx.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.Bytes(bytes, "application/octet-stream");
        });

        var logId = BundleTlogEntry.LogIdFor(logPublicKey);
        app.MapPost("/api/v1/log/entries", async (HttpContext ctx) =>
        {
            if (!token.Matches(ctx.Request.Headers.Authorization)) return Results.Text("a valid bearer token is required to write\n", "text/plain", statusCode: 401);
            var body = await ReadBodyAsync(ctx.Request, MaxRequestBytes, ctx.RequestAborted);
            if (body is null)
            {
                // Read (and drop) what is left of a moderately oversized body so the connection stays usable; a larger
                // one is cut off and the connection is closed, which the client is told.
                if (!await DrainAsync(ctx.Request, MaxDrainBytes, ctx.RequestAborted)) ctx.Response.Headers.Connection = "close";
                return Results.Text($"request body exceeds {MaxRequestBytes} bytes\n", "text/plain", statusCode: 413);
            }
            byte[] entry;
            try
            {
                entry = LogSubmission.ToEntry(body);
            }
            catch (SubmissionRejectedException e)
            {
                return Results.Text(e.Message + "\n", "text/plain", statusCode: 422);
            }
            catch (ProvenantFormatException e)
            {
                return Results.Text(e.Message + "\n", "text/plain", statusCode: 400);
            }
            if (entry.Length > EntryBundle.MaxEntrySize) return Results.Text("the log entry would exceed 65,535 bytes\n", "text/plain", statusCode: 413);
            LogAppendResult r;
            try
            {
                r = await log.AppendAsync(entry, ctx.RequestAborted);
            }
            catch (LogOverloadedException e)
            {
                ctx.Response.Headers.RetryAfter = "1";
                return Results.Text(e.Message + "\n", "text/plain", statusCode: 503);
            }
            var tlog = new BundleTlogEntry(r.Index, logId, DsseLogEntry.Kind, DsseLogEntry.Version, r.RootHash, r.TreeSize, r.InclusionProof, r.Checkpoint, entry);
            var json = new JsonObject
            {
                ["logIndex"] = r.Index.ToString(CultureInfo.InvariantCulture),
                ["leafHash"] = Convert.ToBase64String(r.LeafHash),
                ["duplicate"] = r.Duplicate,
                ["tlogEntry"] = tlog.ToJson(),
            };
            return Results.Text(json.ToJsonString(), "application/json", statusCode: r.Duplicate ? 200 : 201);
        });
        return app;
    }

    /// <summary>Most bytes of an oversized body read and dropped before answering 413 on a reusable connection.</summary>
    public const int MaxDrainBytes = 4 << 20;

    private static async Task<bool> DrainAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return false;
        var buf = new byte[16 << 10];
        long total = 0;
        int n;
        while ((n = await request.Body.ReadAsync(buf, ct)) > 0)
        {
            total += n;
            if (total > limit) return false;
        }
        return true;
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is larger.</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return null;
        using var ms = new MemoryStream();
        var buf = new byte[16 << 10];
        int n;
        while ((n = await request.Body.ReadAsync(buf, ct)) > 0)
        {
            if (ms.Length + n > limit) return null;
            ms.Write(buf, 0, n);
        }
        return ms.ToArray();
    }
}
