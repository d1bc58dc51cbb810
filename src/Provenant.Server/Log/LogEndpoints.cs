using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Provenant.Core.Errors;
using Provenant.Ledger.Entries;
using Provenant.Ledger.Log;
using Provenant.Ledger.Provenance;
using Provenant.Ledger.Tiles;

namespace Provenant.Server.Log;

/// <summary>
/// HTTP routes of the log: the c2sp.org/tlog-tiles read side (<c>GET /checkpoint</c>, <c>GET /tile/…</c>) and the
/// submission API (<c>POST /api/v1/log/entries</c>, bearer token, body limit, validation before appending), and its
/// batch form <c>POST /api/v1/log/entries/batch</c>: a JSON array of up to <see cref="MaxBatchEntries"/> submissions,
/// answered 200 with an array of per-submission results in the same order, each the single form's JSON plus
/// <c>"status"</c> (201, or 200 for a duplicate), or <c>{"status": 400|413|422|503, "error": "…"}</c>.
/// </summary>
public static class LogEndpoints
{
    /// <summary>Largest accepted submission body (bytes), and largest single submission inside a batch.</summary>
    public const int MaxRequestBytes = 256 << 10;

    /// <summary>Largest accepted batch body (bytes).</summary>
    public const int MaxBatchRequestBytes = 16 << 20;

    /// <summary>Most submissions in one batch request.</summary>
    public const int MaxBatchEntries = 1000;

    /// <summary>Maps the log's routes.</summary>
    /// <param name="app">The route builder.</param>
    /// <param name="log">The log served.</param>
    /// <param name="token">The write token.</param>
    /// <param name="logPublicKey">The log's Ed25519 public key (32 bytes), for tlog entries' log IDs.</param>
    /// <param name="index">Writes each accepted submission to the provenance index; null for none.</param>
    public static IEndpointRouteBuilder MapLog(this IEndpointRouteBuilder app, TransparencyLog log, BearerToken token, byte[] logPublicKey, IndexWriter? index = null)
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
        var checkpointJson = new CheckpointJson();
        app.MapPost("/api/v1/log/entries", async (HttpContext ctx) =>
        {
            if (!token.Matches(ctx.Request.Headers.Authorization)) return Results.Text("a valid bearer token is required to write\n", "text/plain", statusCode: 401);
            using var body = await PooledBody.ReadAsync(ctx.Request, MaxRequestBytes, ctx.RequestAborted);
            if (body is null) return await TooLargeAsync(ctx, MaxRequestBytes);
            var submitted = await SubmitAsync(log, logId, index, body.Memory, ctx.RequestAborted);
            if (submitted.Status == 503) ctx.Response.Headers.RetryAfter = "1";
            if (submitted.Result is null) return Results.Text(submitted.Error + "\n", "text/plain", statusCode: submitted.Status);
            var buffer = new ArrayBufferWriter<byte>(ResponseSizeHint(submitted));
            using (var w = new Utf8JsonWriter(buffer)) submitted.WriteTo(w, withStatus: false, checkpointJson);
            return await RespondJsonAsync(ctx, submitted.Status, buffer);
        });

        app.MapPost("/api/v1/log/entries/batch", async (HttpContext ctx) =>
        {
            if (!token.Matches(ctx.Request.Headers.Authorization)) return Results.Text("a valid bearer token is required to write\n", "text/plain", statusCode: 401);
            // The body is returned to the pool when this handler ends: every submission's result is written by then, and
            // nothing a result holds points into it (the index record takes a copy).
            using var body = await PooledBody.ReadAsync(ctx.Request, MaxBatchRequestBytes, ctx.RequestAborted);
            if (body is null) return await TooLargeAsync(ctx, MaxBatchRequestBytes);
            IReadOnlyList<ReadOnlyMemory<byte>> items;
            try
            {
                items = LogSubmission.SplitBatch(body.Memory, MaxBatchEntries, MaxRequestBytes);
            }
            catch (ProvenantFormatException e)
            {
                return Results.Text(e.Message + "\n", "text/plain", statusCode: 400);
            }
            // Each submission is validated and appended on its own; they are integrated together by the sequencer.
            var results = await Task.WhenAll(items.Select(item => SubmitAsync(log, logId, index, item, ctx.RequestAborted)));
            // Written straight into Kestrel's pooled response pipe: a batch answer is hundreds of kB, which as one array
            // would land on the large-object heap on every request.
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            using (var w = new Utf8JsonWriter(ctx.Response.BodyWriter))
            {
                w.WriteStartArray();
                foreach (var r in results) r.WriteTo(w, withStatus: true, checkpointJson);
                w.WriteEndArray();
            }
            await ctx.Response.BodyWriter.FlushAsync(ctx.RequestAborted);
            return Results.Empty;
        });
        return app;
    }

    /// <summary>
    /// One submission: validated, appended and answered as <c>(201 or 200-duplicate, the log's result)</c>, or
    /// <c>(400 malformed | 413 too large | 422 bad signature | 503 overloaded, the reason)</c>.
    /// </summary>
    private static async Task<Submitted> SubmitAsync(TransparencyLog log, byte[] logId, IndexWriter? index, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        byte[] entry;
        Signing.Dsse.DsseEnvelope envelope;
        try
        {
            (entry, envelope) = LogSubmission.Validate(body);
        }
        catch (SubmissionRejectedException e)
        {
            return Submitted.Failed(422, e.Message);
        }
        catch (ProvenantFormatException e)
        {
            return Submitted.Failed(400, e.Message);
        }
        if (entry.Length > EntryBundle.MaxEntrySize) return Submitted.Failed(413, "the log entry would exceed 65,535 bytes");
        // A new entry is indexed in the transaction that integrates it (so an acknowledged entry is always indexed); a
        // resubmission is re-indexed here, idempotently, which also repairs entries logged before the index existed.
        ProvenanceRecord? record = null;
        if (index is not null)
        {
            var (type, links) = StatementLinks.From(envelope);
            record = new ProvenanceRecord(type, body.ToArray(), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), links);
        }
        LogAppendResult r;
        try
        {
            r = await log.AppendAsync(entry, record, ct);
        }
        catch (LogOverloadedException e)
        {
            return Submitted.Failed(503, e.Message);
        }
        if (record is not null && r.Duplicate) await index!.WriteAsync(record.At(r.Index));
        return new Submitted(r.Duplicate ? 200 : 201, new BundleTlogEntry(r.Index, logId, DsseLogEntry.Kind, DsseLogEntry.Version, r.RootHash, r.TreeSize, r.InclusionProof, r.Checkpoint, entry), r, null);
    }

    /// <summary>Bytes to reserve for one submission's answer: the base64 entry and checkpoint dominate.</summary>
    private static int ResponseSizeHint(Submitted s) => s.Result is null ? 64 + s.Error!.Length * 2
        : 512 + s.Entry!.CanonicalizedBody.Length * 4 / 3 + s.Entry.Checkpoint.Length * 2 + s.Entry.Hashes.Count * 48;

    private static async Task<IResult> RespondJsonAsync(HttpContext ctx, int status, ArrayBufferWriter<byte> json)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = json.WrittenCount;
        await ctx.Response.Body.WriteAsync(json.WrittenMemory, ctx.RequestAborted);
        return Results.Empty;
    }

    /// <summary>The outcome of one submission: its status and either the log's result or the error text.</summary>
    private readonly record struct Submitted(int Status, BundleTlogEntry? Entry, LogAppendResult? Result, string? Error)
    {
        public static Submitted Failed(int status, string error) => new(status, null, null, error);

        /// <summary>
        /// Writes <c>{"logIndex", "leafHash", "duplicate", "tlogEntry"}</c> (or <c>{"error"}</c>), followed by
        /// <c>"status"</c> when <paramref name="withStatus"/> (the batch form).
        /// </summary>
        public void WriteTo(Utf8JsonWriter w, bool withStatus, CheckpointJson checkpoints)
        {
            w.WriteStartObject();
            if (Result is { } r)
            {
                Span<char> digits = stackalloc char[20];
                r.Index.TryFormat(digits, out var n, default, CultureInfo.InvariantCulture);
                w.WriteString("logIndex"u8, digits[..n]);
                w.WriteBase64String("leafHash"u8, r.LeafHash);
                w.WriteBoolean("duplicate"u8, r.Duplicate);
                w.WritePropertyName("tlogEntry"u8);
                Entry!.WriteTo(w, checkpoints.Encode(Entry.Checkpoint));
            }
            else
            {
                w.WriteString("error"u8, Error);
            }
            if (withStatus) w.WriteNumber("status"u8, Status);
            w.WriteEndObject();
        }
    }

    /// <summary>
    /// The JSON encoding of the latest checkpoint note answered with: every entry of a batch, and every submission
    /// until the next publication, carries the same note, which is encoded (escaped) once.
    /// </summary>
    private sealed class CheckpointJson
    {
        private volatile Tuple<string, JsonEncodedText>? _last;

        public JsonEncodedText Encode(string note)
        {
            var last = _last;
            if (last is not null && ReferenceEquals(last.Item1, note)) return last.Item2;
            var encoded = JsonEncodedText.Encode(note);
            _last = Tuple.Create(note, encoded);
            return encoded;
        }
    }

    private static async Task<IResult> TooLargeAsync(HttpContext ctx, int limit)
    {
        // Read (and drop) what is left of a moderately oversized body so the connection stays usable; a larger one is
        // cut off and the connection is closed, which the client is told.
        if (!await DrainAsync(ctx.Request, MaxDrainBytes, ctx.RequestAborted)) ctx.Response.Headers.Connection = "close";
        return Results.Text($"request body exceeds {limit} bytes\n", "text/plain", statusCode: 413);
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
