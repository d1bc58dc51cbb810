using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provenant.Server.Explorer;
using Provenant.Server.Provenance;

namespace Provenant.Explorer.Tests;

/// <summary>The provenance API over the demo's real chain, and its answers to bad input.</summary>
public sealed class ProvenanceApiTests(DemoServer server) : IClassFixture<DemoServer>
{
    [Fact]
    public async Task The_model_chain_has_every_link_verified_by_the_server()
    {
        using var chain = await server.GetJsonAsync($"api/v1/models/{server.ModelDigest}/chain");
        var links = chain.RootElement.GetProperty("links").EnumerateArray().ToList();
        Assert.Equal(["dataset", "training", "model-signature", "inference", "credentials"], links.Select(l => l.GetProperty("stage").GetString()));
        foreach (var l in links) Assert.True(l.GetProperty("status").GetString() == "verified", l.GetRawText());
        Assert.Equal("digits-mlp", chain.RootElement.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("dataset.json", "dataset")]
    [InlineData("inference.json", "inference")]
    public async Task A_dataset_or_output_page_shows_its_own_statement_verified(string statementFile, string stage)
    {
        // The first subject of the demo's dataset commitment (digits.csv.gz) or inference claim (outputs.json).
        var statement = JsonNode.Parse(File.ReadAllText(Path.Combine(server.WorkDir, statementFile)))!;
        var digest = "sha256:" + (string)statement["subject"]![0]!["digest"]!["sha256"]!;
        using var chain = await server.GetJsonAsync($"api/v1/models/{digest}/chain");
        var link = chain.RootElement.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("stage").GetString() == stage);
        Assert.Equal("verified", link.GetProperty("status").GetString());
        Assert.Equal("not-provided", chain.RootElement.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("stage").GetString() == "model-signature").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Search_finds_the_model_by_name_and_by_bare_hex_digest()
    {
        using var byName = await server.GetJsonAsync("api/v1/search?q=digits-m");
        Assert.Contains(byName.RootElement.GetProperty("hits").EnumerateArray(), h => h.GetProperty("digest").GetString() == server.ModelDigest);
        using var byHex = await server.GetJsonAsync("api/v1/search?q=" + server.ModelDigest["sha256:".Length..].ToUpperInvariant());
        Assert.Contains(byHex.RootElement.GetProperty("hits").EnumerateArray(), h => h.GetProperty("relation").GetString() == "subject");
    }

    [Fact]
    public async Task Subject_pages_follow_the_cursor_without_gaps_or_repeats()
    {
        var seen = new List<ulong>();
        string? after = null;
        do
        {
            using var page = await server.GetJsonAsync($"api/v1/subjects/{server.ModelDigest}?limit=1" + (after is null ? "" : "&after=" + after));
            seen.AddRange(page.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("index").GetUInt64()));
            after = page.RootElement.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.RootElement.GetProperty("next").GetString();
        }
        while (after is not null);
        Assert.True(seen.Count >= 3, string.Join(",", seen)); // model signature, training provenance, inference claim
        Assert.Equal(seen.Distinct().Order(), seen);
    }

    [Fact]
    public async Task An_entry_carries_a_proof_that_leads_to_the_checkpoint_and_an_etag()
    {
        using var r = await server.Http.GetAsync("api/v1/entries/0");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var etag = r.Headers.ETag!;
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        var p = doc.RootElement.GetProperty("inclusionProof");
        var leaf = Convert.FromHexString(doc.RootElement.GetProperty("leafHash").GetString()!);
        var hashes = p.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToArray();
        var v = Core.Merkle.InclusionProof.Verify(0, p.GetProperty("treeSize").GetUInt64(), leaf, hashes, Convert.FromHexString(p.GetProperty("rootHash").GetString()!));
        Assert.True(v.IsValid, v.Reason);
        Assert.All(doc.RootElement.GetProperty("checks").EnumerateArray(), c => Assert.True(c.GetProperty("passed").GetBoolean(), c.GetRawText()));
        using var again = new HttpRequestMessage(HttpMethod.Get, "api/v1/entries/0");
        again.Headers.IfNoneMatch.Add(etag);
        using var r2 = await server.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, r2.StatusCode);
    }

    [Theory]
    [InlineData("api/v1/subjects/sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("api/v1/models/sha256:1111111111111111111111111111111111111111111111111111111111111111/chain")]
    [InlineData("api/v1/entries/99999999")]
    [InlineData("api/v1/attachments/sha256:2222222222222222222222222222222222222222222222222222222222222222")]
    [InlineData("api/v1/no-such-route")]
    public async Task Unknown_things_are_404_json_with_a_message_and_no_stack_trace(string path)
    {
        using var r = await server.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal("application/json", r.Content.Headers.ContentType!.MediaType);
        var text = await r.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        Assert.False(string.IsNullOrWhiteSpace(doc.RootElement.GetProperty("error").GetString()));
        Assert.DoesNotContain(" at ", text);
        Assert.DoesNotContain("Exception", text);
    }

    [Theory]
    [InlineData("{\"kind\": \"bundle\", ")]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"kind\": \"no-such-verifier\"}")]
    public async Task Malformed_verify_requests_are_400_json(string body)
    {
        using var r = await server.Http.PostAsync("api/v1/verify", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal(400, doc.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task An_oversized_upload_is_413()
    {
        var big = new string('A', ProvenanceEndpoints.MaxUploadBytes + 10);
        // Expect: 100-continue lets the server refuse on Content-Length before the body is sent (it then closes the connection).
        using var req = new HttpRequestMessage(HttpMethod.Post, "api/v1/verify") { Content = new StringContent("{\"kind\":\"c2pa\",\"file\":\"" + big + "\"}", Encoding.UTF8, "application/json") };
        req.Headers.ExpectContinue = true;
        using var r = await server.Http.SendAsync(req);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal(413, doc.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_signed_model_bundle_verifies_and_a_tampered_copy_fails_with_a_reason()
    {
        var bundle = JsonNode.Parse(File.ReadAllText(Path.Combine(server.WorkDir, "digits-mlp.sig")))!;
        var pem = File.ReadAllText(Path.Combine(server.WorkDir, "key.pub.pem"));
        using var good = await Verify(new JsonObject { ["kind"] = "bundle", ["bundle"] = bundle.DeepClone(), ["publicKey"] = pem });
        Assert.True(good.RootElement.GetProperty("valid").GetBoolean(), good.RootElement.GetRawText());
        Assert.Contains(good.RootElement.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "log.inclusion" && c.GetProperty("passed").GetBoolean());

        var tampered = Tamper(bundle);
        using var bad = await Verify(new JsonObject { ["kind"] = "bundle", ["bundle"] = tampered, ["publicKey"] = pem });
        Assert.False(bad.RootElement.GetProperty("valid").GetBoolean());
        Assert.Contains(bad.RootElement.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "dsse.signature" && !c.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task The_credentialed_png_verifies_through_the_c2pa_verifier()
    {
        var png = File.ReadAllBytes(Path.Combine(server.WorkDir, "digit-0.c2pa.png"));
        using var ok = await Verify(new JsonObject { ["kind"] = "c2pa", ["file"] = Convert.ToBase64String(png) });
        Assert.True(ok.RootElement.GetProperty("valid").GetBoolean(), ok.RootElement.GetRawText());
        png[png.Length / 2] ^= 0x40;
        using var bad = await Verify(new JsonObject { ["kind"] = "c2pa", ["file"] = Convert.ToBase64String(png) });
        Assert.False(bad.RootElement.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task The_demo_inference_proof_verifies_against_its_weight_commitment_and_a_changed_byte_fails()
    {
        var proof = File.ReadAllBytes(Path.Combine(server.WorkDir, "inference.proof"));
        var commitment = File.ReadAllBytes(Path.Combine(server.WorkDir, "digits-mlp.weights.json"));
        JsonObject Request(byte[] p) => new() { ["kind"] = "inference-proof", ["proof"] = Convert.ToBase64String(p), ["weightCommitment"] = Convert.ToBase64String(commitment) };
        using var ok = await Verify(Request(proof));
        Assert.True(ok.RootElement.GetProperty("valid").GetBoolean(), ok.RootElement.GetRawText());
        Assert.Contains(ok.RootElement.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "proof.statement");
        var rng = new Random(9);
        for (var i = 0; i < 8; i++)
        {
            var changed = (byte[])proof.Clone();
            changed[rng.Next(changed.Length)] ^= (byte)(1 << rng.Next(8));
            using var bad = await Verify(Request(changed));
            Assert.False(bad.RootElement.GetProperty("valid").GetBoolean());
            Assert.Contains(bad.RootElement.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "proof.verified" && !c.GetProperty("passed").GetBoolean());
        }
        using var missing = await Verify(new JsonObject { ["kind"] = "inference-proof", ["proof"] = Convert.ToBase64String(proof) });
        Assert.False(missing.RootElement.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Writes_need_the_bearer_token()
    {
        using var r = await server.Http.PostAsync("api/v1/attachments", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        using var req = new HttpRequestMessage(HttpMethod.Post, "api/v1/attachments") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-token-wrong-token");
        using var r2 = await server.Http.SendAsync(req);
        Assert.Equal(HttpStatusCode.Unauthorized, r2.StatusCode);
    }

    [Theory]
    [InlineData("explorer/..%2f..%2fetc%2fpasswd")]
    [InlineData("explorer/../../etc/passwd")]
    [InlineData("explorer/%2e%2e/appsettings.json")]
    [InlineData("explorer/wwwroot/index.html")]
    [InlineData("tile/0/..%2f..%2fetc%2fpasswd")]
    [InlineData("tile/../../etc/passwd")]
    [InlineData("tile/entries/..%2f000")]
    public async Task Path_traversal_in_tile_and_static_routes_finds_nothing(string path)
    {
        using var r = await server.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.DoesNotContain("root:", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_response_carries_the_strict_content_security_policy()
    {
        foreach (var path in new[] { "explorer/", "explorer/app.js", "api/v1/log", "api/v1/nothing" })
        {
            using var r = await server.Http.GetAsync(path);
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, string.Join(";", r.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        }
        var index = await server.Http.GetStringAsync("explorer/");
        Assert.DoesNotContain("<script>", index); // only same-origin script files, which the CSP allows
        Assert.DoesNotContain("http", index.Replace("http-equiv", ""));
    }

    [Fact]
    public async Task The_openapi_document_lists_the_registered_verifiers()
    {
        using var doc = await server.GetJsonAsync("api/v1/openapi.json");
        var kinds = doc.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("VerifyRequest").GetProperty("properties").GetProperty("kind").GetProperty("enum")
            .EnumerateArray().Select(k => k.GetString()).ToList();
        Assert.Equal(["bundle", "c2pa", "inference-proof", "log-entry", "statement"], kinds);
        Assert.Equal("3.1.0", doc.RootElement.GetProperty("openapi").GetString());
    }

    internal static JsonNode Tamper(JsonNode bundle)
    {
        // Change one byte of the signed payload (the statement), keeping it valid base64.
        var t = bundle.DeepClone();
        var env = t["dsseEnvelope"]!;
        var payload = Convert.FromBase64String((string)env["payload"]!);
        payload[payload.Length / 2] ^= 0x01;
        env["payload"] = Convert.ToBase64String(payload);
        return t;
    }

    private async Task<JsonDocument> Verify(JsonObject request)
    {
        using var r = await server.Http.PostAsync("api/v1/verify", new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync());
    }
}
