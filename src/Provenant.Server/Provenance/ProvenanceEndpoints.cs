using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Provenance;
using Provenant.Server.Log;
using Provenant.Server.Provenance.Verifiers;

namespace Provenant.Server.Provenance;

/// <summary>
/// The JSON provenance API under <c>/api/v1</c> (described by <c>GET /api/v1/openapi.json</c>): search, subject
/// lookup with cursor pagination, entries with inclusion proofs, model chains with server-computed badges, the log
/// summary, attachments (bearer token to write) and <c>POST /api/v1/verify</c>. Errors are
/// <c>{"status": N, "error": "…"}</c>.
/// </summary>
public static class ProvenanceEndpoints
{
    /// <summary>Largest <c>POST /api/v1/verify</c> or <c>/api/v1/attachments</c> body (bytes): an 8 MiB file in base64 plus fields.</summary>
    public const int MaxUploadBytes = 12 << 20;

    /// <summary>Default page size.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>Maps the routes.</summary>
    /// <param name="app">The route builder.</param>
    /// <param name="service">What is served.</param>
    /// <param name="token">The write token (attachments).</param>
    public static IEndpointRouteBuilder MapProvenance(this IEndpointRouteBuilder app, ProvenanceService service, BearerToken token)
    {
        var index = service.Index;
        var log = service.Log;
        var openApi = new Lazy<(byte[] Bytes, string ETag)>(() =>
        {
            var doc = OpenApiDocument.Bytes(service.Verifiers);
            return (doc, Convert.ToHexStringLower(SHA256.HashData(doc))[..32]);
        });
        app.MapGet("/api/v1/openapi.json", (HttpContext ctx) =>
        {
            if (ApiResults.NotModified(ctx, openApi.Value.ETag)) return Results.StatusCode(304);
            return Results.Bytes(openApi.Value.Bytes, "application/json; charset=utf-8");
        });

        app.MapGet("/api/v1/verifiers", () => ApiResults.Ok(new JsonArray([.. service.Verifiers.All.Select(v => (JsonNode)new JsonObject { ["kind"] = v.Kind, ["description"] = v.Description })])));

        app.MapGet("/api/v1/log", () => ApiResults.Ok(LogSummary(service)));

        app.MapGet("/api/v1/search", (HttpContext ctx) =>
        {
            var q = ctx.Request.Query["q"].ToString().Trim();
            if (q.Length is 0 or > SubjectLink.MaxDigestLength) return ApiResults.Error(400, $"q: a digest (sha256:hex or 64 hex digits) or a name prefix of 1 to {SubjectLink.MaxDigestLength} characters");
            if (!TryLimit(ctx, out var limit, out var bad)) return bad!;
            var digest = DigestOf(q);
            var hits = digest is not null ? index.FindByDigest(digest, -1, limit) : index.FindByName(q, limit);
            return ApiResults.Ok(new { query = q, digest, hits = hits.Select(Hit) });
        });

        app.MapGet("/api/v1/subjects/{digest}", (HttpContext ctx, string digest) =>
        {
            if (DigestOf(digest) is not { } d) return ApiResults.Error(400, "digest: expected algorithm:hex (e.g. sha256:…) or 64 hex digits");
            if (!TryLimit(ctx, out var limit, out var bad)) return bad!;
            var after = -1L;
            if (ctx.Request.Query["after"].ToString() is { Length: > 0 } a && !long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out after)) return ApiResults.Error(400, "after: expected a log index");
            var hits = index.FindByDigest(d, after, limit + 1);
            if (hits.Count == 0 && after < 0) return ApiResults.Error(404, $"the log holds nothing about {d}");
            var page = hits.Take(limit).ToList();
            // The cursor is the last index of the page; a next page exists when more hits follow it.
            var next = hits.Count > limit ? page[^1].Index.ToString(CultureInfo.InvariantCulture) : null;
            return ApiResults.Ok(new { digest = d, hits = page.Select(Hit), next });
        });

        app.MapGet("/api/v1/models/{digest}/chain", (HttpContext ctx, string digest) =>
        {
            if (DigestOf(digest) is not { } d) return ApiResults.Error(400, "digest: expected algorithm:hex (e.g. sha256:…) or 64 hex digits");
            ctx.Response.Headers.CacheControl = "no-cache";
            // The checks depend only on immutable entries and attachments and on the published checkpoint, so an answer
            // computed for this tree size and attachment count is reused until either changes.
            var size = log.Published.Checkpoint.TreeSize;
            var added = service.AttachmentsAdded;
            if (service.ChainCache.TryGetValue(d, out var hit) && hit.TreeSize == size && hit.Attachments == added)
            {
                return Results.Bytes(hit.Json, "application/json; charset=utf-8");
            }
            var chain = service.Chains.Build(d);
            if (chain is null) return ApiResults.Error(404, $"the log holds nothing about {d}");
            var name = chain.SelectMany(l => l.Items).Where(i => i.Digest == d).Select(i => i.Name).FirstOrDefault() ?? "";
            var json = JsonSerializer.SerializeToUtf8Bytes(new { digest = d, name, treeSize = size, links = chain }, ApiResults.Json);
            if (service.ChainCache.Count >= ProvenanceService.ChainCacheEntries) service.ChainCache.Clear();
            service.ChainCache[d] = (size, added, json);
            return Results.Bytes(json, "application/json; charset=utf-8");
        });

        app.MapGet("/api/v1/entries/{index}", (HttpContext ctx, string index) =>
        {
            if (!ulong.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i)) return ApiResults.Error(400, "index: expected a non-negative integer");
            var published = log.Published;
            if (i >= published.Checkpoint.TreeSize) return ApiResults.Error(404, $"entry {i} is not in the published log ({published.Checkpoint.TreeSize} entries)");
            if (ApiResults.NotModified(ctx, $"entry-{i}-{published.Checkpoint.TreeSize}")) return Results.StatusCode(304);
            return ApiResults.Ok(Entry(service, i, published));
        });

        app.MapGet("/api/v1/attachments/{digest}", (HttpContext ctx, string digest) =>
        {
            if (DigestOf(digest) is not { } d) return ApiResults.Error(400, "digest: expected sha256:hex");
            var a = index.ReadAttachment(d);
            if (a is null) return ApiResults.Error(404, $"no attachment {d}");
            if (ApiResults.NotModified(ctx, d)) return Results.StatusCode(304);
            ctx.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            ctx.Response.Headers.ContentDisposition = "attachment; filename=\"attachment.bin\"";
            return Results.Bytes(a.Data, "application/octet-stream");
        });

        app.MapPost("/api/v1/attachments", async (HttpContext ctx) =>
        {
            if (!token.Matches(ctx.Request.Headers.Authorization)) return ApiResults.Error(401, "a valid bearer token is required to write");
            var (json, error) = await ReadJsonAsync(ctx);
            if (error is not null) return error;
            using (json)
            {
                return AddAttachment(service, json!.RootElement);
            }
        });

        app.MapPost("/api/v1/verify", async (HttpContext ctx) =>
        {
            var (json, error) = await ReadJsonAsync(ctx);
            if (error is not null) return error;
            using (json)
            {
                var root = json!.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var k) || k.ValueKind != JsonValueKind.String)
                {
                    return ApiResults.Error(400, "expected a JSON object with \"kind\": one of " + string.Join(", ", service.Verifiers.All.Select(v => v.Kind)));
                }
                var verifier = service.Verifiers.Find(k.GetString()!);
                if (verifier is null) return ApiResults.Error(400, "unknown kind; expected one of " + string.Join(", ", service.Verifiers.All.Select(v => v.Kind)));
                var report = verifier.Verify(root, ctx.RequestAborted);
                return ApiResults.Ok(new { kind = report.Kind, valid = report.Valid, summary = report.Summary, checks = report.Checks });
            }
        });

        app.MapFallback("/api/{**rest}", () => ApiResults.Error(404, "no such API route; see /api/v1/openapi.json"));
        return app;
    }

    private static object Hit(SubjectHit h) => new
    {
        index = h.Index,
        digest = h.Digest,
        relation = h.Relation == SubjectRelation.Subject ? "subject" : "reference",
        name = h.Name,
        predicateType = h.PredicateType,
    };

    private static bool TryLimit(HttpContext ctx, out int limit, out IResult? error)
    {
        limit = DefaultPageSize;
        error = null;
        var s = ctx.Request.Query["limit"].ToString();
        if (s.Length == 0) return true;
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= ProvenanceIndexLimits.MaxPageSize - 1) return true;
        error = ApiResults.Error(400, $"limit: expected 1 to {ProvenanceIndexLimits.MaxPageSize - 1}");
        return false;
    }

    /// <summary>A digest as the index stores it: <c>algorithm:hex</c> normalized, or 64 bare hex digits taken as SHA-256; null otherwise.</summary>
    public static string? DigestOf(string s)
    {
        if (s.Length == 64 && s.All(char.IsAsciiHexDigit)) return "sha256:" + s.ToLowerInvariant();
        return s.Contains(':') ? StatementLinks.Normalize(s) : null;
    }

    private static async Task<(JsonDocument? Json, IResult? Error)> ReadJsonAsync(HttpContext ctx)
    {
        var feature = ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = MaxUploadBytes + 1;
        var body = await LogEndpoints.ReadBodyAsync(ctx.Request, MaxUploadBytes, ctx.RequestAborted);
        if (body is null)
        {
            ctx.Response.Headers.Connection = "close";
            return (null, ApiResults.Error(413, $"request body exceeds {MaxUploadBytes} bytes"));
        }
        try
        {
            return (JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 }), null);
        }
        catch (JsonException e)
        {
            return (null, ApiResults.Error(400, $"malformed JSON at byte {e.BytePositionInLine ?? 0} of line {(e.LineNumber ?? 0) + 1}"));
        }
    }

    private static JsonObject LogSummary(ProvenanceService service)
    {
        var published = service.Log.Published;
        var note = SignedNote.Parse(published.Note, "published checkpoint");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var rate = service.Index.AppendRate(now - 3600, 60);
        return new JsonObject
        {
            ["origin"] = published.Checkpoint.Origin,
            ["treeSize"] = published.Checkpoint.TreeSize,
            ["rootHash"] = Convert.ToHexStringLower(published.Checkpoint.RootHash),
            ["checkpoint"] = published.Note,
            ["logKey"] = service.LogKey.ToString(),
            ["signatures"] = new JsonArray([.. note.Signatures.Select(s => (JsonNode)new JsonObject
            {
                ["keyName"] = s.KeyName,
                ["keyId"] = s.KeyId.ToString("x8", CultureInfo.InvariantCulture),
                ["role"] = s.KeyName == service.LogKey.Name && s.KeyId == service.LogKey.KeyId ? "log" : "witness",
            })]),
            ["appendRate"] = new JsonObject
            {
                ["bucketSeconds"] = 60,
                ["since"] = now - 3600,
                ["buckets"] = new JsonArray([.. rate.Select(b => (JsonNode)new JsonArray(b.Start, b.Count))]),
            },
        };
    }

    private static JsonObject Entry(ProvenanceService service, ulong i, Ledger.Log.PublishedCheckpoint published)
    {
        var (entry, envelope, checks) = service.Entries.Check(i);
        var stored = service.Log.GetEntry(i)!;
        var size = published.Checkpoint.TreeSize;
        var proof = service.Log.ProveInclusion(i, size);
        var o = new JsonObject
        {
            ["index"] = i,
            ["leafHash"] = Convert.ToHexStringLower(Core.Merkle.Rfc9162.HashLeaf(stored)),
            ["entry"] = System.Text.Encoding.UTF8.GetString(stored),
            ["predicateType"] = entry?.PredicateType,
            ["loggedAt"] = entry?.LoggedAt,
            ["links"] = new JsonArray([.. (entry?.Links ?? []).Select(l => (JsonNode)new JsonObject
            {
                ["digest"] = l.Digest,
                ["relation"] = l.Relation == SubjectRelation.Subject ? "subject" : "reference",
                ["name"] = l.Name,
            })]),
            ["statement"] = envelope is { PayloadType: Signing.Dsse.DsseEnvelope.InTotoPayloadType } ? TryParse(envelope.Payload) : null,
            ["inclusionProof"] = new JsonObject
            {
                ["logIndex"] = i,
                ["treeSize"] = size,
                ["rootHash"] = Convert.ToHexStringLower(published.Checkpoint.RootHash),
                ["hashes"] = new JsonArray([.. proof.Select(h => (JsonNode)Convert.ToHexStringLower(h))]),
            },
            ["checkpoint"] = published.Note,
            ["checks"] = JsonSerializer.SerializeToNode(checks, ApiResults.Json),
        };
        return o;
    }

    private static byte[]? Base64Field(JsonElement root, string field)
    {
        try
        {
            return root.TryGetProperty(field, out var f) && f.ValueKind == JsonValueKind.String ? Convert.FromBase64String(f.GetString()!) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// An inference proof attachment: verified against its weight commitment first, then linked to the proof's digest,
    /// which a logged inference-proof statement must already name (so the chain can pair them); never to client-given digests.
    /// </summary>
    private static IResult AddProof(ProvenanceService service, string name, byte[] proof, byte[]? commitment)
    {
        if (commitment is null) return ApiResults.Error(400, "weightCommitment: expected the weight commitment file (provenant commit-weights), base64");
        var (verified, _, checks) = InferenceProofVerifier.Check(proof, commitment);
        if (verified is null) return ApiResults.Error(422, "the proof does not verify: " + (checks.FirstOrDefault(c => !c.Passed)?.Detail ?? "invalid"));
        var proofDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(proof));
        var named = service.Index.FindByDigest(proofDigest, -1, ChainBuilder.MaxPerStage)
            .Any(h => h.Relation == SubjectRelation.Reference && h.PredicateType == Proofs.ProofFormat.ProofStatementJson.PredicateType);
        if (!named) return ApiResults.Error(422, $"no logged inference-proof statement names this proof ({proofDigest}): log the statement (prove --statement, sign-statement) first");
        var data = ProofAttachment.Encode(proof, commitment);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));
        service.Index.AddAttachment(new Attachment(digest, ProofAttachment.Kind, name, ProofAttachment.MediaType, data), [proofDigest]);
        service.OnAttachmentAdded();
        return ApiResults.Ok(new { digest, subjects = new[] { proofDigest } }, 201);
    }

    private static JsonNode? TryParse(byte[] json)
    {
        try { return JsonNode.Parse(json); }
        catch (JsonException) { return null; }
    }

    private static IResult AddAttachment(ProvenanceService service, JsonElement root)
    {
        const string Expected = "expected {\"kind\": \"c2pa\", \"name\": string, \"file\": base64} or {\"kind\": \"inference-proof\", \"name\": string, \"file\": base64 proof, \"weightCommitment\": base64}";
        if (root.ValueKind != JsonValueKind.Object) return ApiResults.Error(400, Expected);
        var kind = root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        if (kind != service.Credentials.Kind && kind != ProofAttachment.Kind) return ApiResults.Error(400, "kind: only \"c2pa\" and \"inference-proof\" attachments are accepted");
        var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : kind == ProofAttachment.Kind ? "proof" : "credential";
        if (name.Length > SubjectLink.MaxNameLength) return ApiResults.Error(400, $"name: at most {SubjectLink.MaxNameLength} characters");
        if (Base64Field(root, "file") is not { } file) return ApiResults.Error(400, kind == ProofAttachment.Kind ? "file: expected the proof file, base64" : "file: expected the credentialed file, base64");
        if (kind == ProofAttachment.Kind) return AddProof(service, name, file, Base64Field(root, "weightCommitment"));
        var (report, checks) = service.Credentials.Check(file);
        if (report is null || !report.IsValid) return ApiResults.Error(422, "the credential does not verify: " + (checks.FirstOrDefault(c => !c.Passed)?.Detail ?? "no manifest"));
        // Linked to the subjects of the log entry the credential names (its model statement), never to client-given digests.
        var subjects = new List<string>();
        foreach (var m in report.Manifests)
        {
            if (m.Provenance?.LogEntry is not { Index: >= 0 } le) continue;
            if (service.Index.ReadIndexedEntry((ulong)le.Index) is { } e) subjects.AddRange(e.Links.Where(l => l.Relation == SubjectRelation.Subject).Select(l => l.Digest));
        }
        if (subjects.Count == 0) return ApiResults.Error(422, "the credential names no indexed entry of this log (its provenance assertion's log entry)");
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(file));
        service.Index.AddAttachment(new Attachment(digest, kind, name, report.MediaType, file), subjects.Distinct().ToList());
        service.OnAttachmentAdded();
        return ApiResults.Ok(new { digest, subjects = subjects.Distinct() }, 201);
    }
}
