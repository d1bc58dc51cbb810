using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provenant.Cli;
using Provenant.Server.Client;
using Provenant.Signing.Sigstore;

namespace Provenant.Explorer.Tests;

/// <summary>
/// The training (audit verdict) and inference-proof links of the chain over the demo's real records: what verifies,
/// and what fails with which reason when the audit or the proof is missing or wrong.
/// </summary>
public sealed class ChainLinkTests(DemoServer server) : IClassFixture<DemoServer>
{
    [Fact]
    public async Task The_training_link_pairs_the_slsa_provenance_with_a_passing_audit_of_the_same_log()
    {
        var training = await LinkAsync(server.ModelDigest, "training");
        Assert.Equal("verified", training.GetProperty("status").GetString());
        var items = training.GetProperty("items").EnumerateArray().ToList();
        var slsa = Assert.Single(items, i => i.GetProperty("type").GetString() == "https://slsa.dev/provenance/v1");
        var audit = Assert.Single(items, i => i.GetProperty("type").GetString() == "https://provenant.dev/training-audit/v1");
        Assert.True(Check(slsa, "training.audit").GetProperty("passed").GetBoolean());
        Assert.StartsWith("pass:", Check(audit, "audit.verdict").GetProperty("detail").GetString());
        Assert.True(Check(audit, "audit.training-run").GetProperty("passed").GetBoolean());
        // The dataset link is found through the provenance's dataset files.
        Assert.Equal("verified", (await LinkAsync(server.ModelDigest, "dataset")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_inference_link_verifies_the_attached_proof_against_its_weight_commitment()
    {
        var inference = await LinkAsync(server.ModelDigest, "inference");
        Assert.Equal("verified", inference.GetProperty("status").GetString());
        var proof = Assert.Single(inference.GetProperty("items").EnumerateArray(), i => i.GetProperty("type").GetString() == "https://provenant.dev/inference-proof/v1");
        foreach (var name in new[] { "proof.file", "proof.verified", "proof.model", "proof.weight-commitment", "proof.circuit" })
        {
            Assert.True(Check(proof, name).GetProperty("passed").GetBoolean(), proof.GetRawText());
        }
    }

    [Fact]
    public async Task A_provenance_without_an_audit_and_a_proof_statement_without_its_proof_fail_with_the_reason()
    {
        // A second "model" (fresh digest) with a provenance for another training log and a proof statement for another
        // proof file, both signed with the demo key and logged: neither has its evidence on the server.
        var model = RandomHex();
        var provenance = JsonNode.Parse(File.ReadAllText(Path.Combine(server.WorkDir, "training-log", "provenance.json")))!;
        provenance["subject"]![0]!["digest"]!["sha256"] = model;
        var byproduct = provenance["predicate"]!["runDetails"]!["byproducts"]!.AsArray().First(b => (string?)b!["name"] == "training-log")!;
        var otherRoot = RandomHex();
        byproduct["digest"]!["sha256"] = otherRoot;
        await SignAndSubmitAsync(provenance, "orphan-training");
        var proofStatement = JsonNode.Parse(File.ReadAllText(Path.Combine(server.WorkDir, "proof.json")))!;
        proofStatement["predicate"]!["proof"]!["digest"]!["sha256"] = RandomHex();
        proofStatement["predicate"]!["signedModel"]!["digest"]!["sha256"] = model;
        proofStatement["subject"]![0]!["digest"]!["sha256"] = RandomHex();
        await SignAndSubmitAsync(proofStatement, "orphan-proof");

        var training = await LinkAsync("sha256:" + model, "training");
        Assert.Equal("failed", training.GetProperty("status").GetString());
        Assert.Contains($"no passing audit verdict is logged for training log {otherRoot}", training.GetProperty("reason").GetString());
        var inference = await LinkAsync("sha256:" + model, "inference");
        Assert.Equal("failed", inference.GetProperty("status").GetString());
        Assert.Contains("is not attached", inference.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_proof_attachment_that_does_not_verify_or_that_no_statement_names_is_refused()
    {
        var proof = File.ReadAllBytes(Path.Combine(server.WorkDir, "trained.proof"));
        var commitment = File.ReadAllBytes(Path.Combine(server.WorkDir, "trained.weights.json"));
        var changed = (byte[])proof.Clone();
        changed[changed.Length / 3] ^= 0x01;
        using (var r = await AttachAsync(changed, commitment))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
            Assert.Contains("does not verify", await r.Content.ReadAsStringAsync());
        }
        // The demo's first proof (shipped MLP) verifies, but no logged inference-proof statement names it.
        var unnamed = File.ReadAllBytes(Path.Combine(server.WorkDir, "inference.proof"));
        var unnamedCommitment = File.ReadAllBytes(Path.Combine(server.WorkDir, "digits-mlp.weights.json"));
        using (var r = await AttachAsync(unnamed, unnamedCommitment))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
            Assert.Contains("no logged inference-proof statement names this proof", await r.Content.ReadAsStringAsync());
        }
        using (var r = await AttachAsync(proof, null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        }
    }

    private async Task<HttpResponseMessage> AttachAsync(byte[] proof, byte[]? commitment)
    {
        var body = new JsonObject { ["kind"] = "inference-proof", ["file"] = Convert.ToBase64String(proof) };
        if (commitment is not null) body["weightCommitment"] = Convert.ToBase64String(commitment);
        var req = new HttpRequestMessage(HttpMethod.Post, "api/v1/attachments") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(server.Host.TokenPath).Trim());
        return await server.Http.SendAsync(req);
    }

    private async Task SignAndSubmitAsync(JsonNode statement, string name)
    {
        var dir = server.WorkDir;
        var path = Path.Combine(dir, name + ".json");
        File.WriteAllText(path, statement.ToJsonString());
        var output = new StringWriter();
        var code = CliApp.Run(["sign-statement", path, "--private-key", Path.Combine(dir, "key.pem"), "--out", Path.Combine(dir, name + ".sig")], output, output, interactive: false);
        Assert.True(code == 0, output.ToString());
        await LogSubmitter.SubmitAsync(new Uri(server.Url + "/"), File.ReadAllText(server.Host.TokenPath).Trim(),
            SigstoreBundle.ReadFile(Path.Combine(dir, name + ".sig")), File.ReadAllText(Path.Combine(dir, "key.pub.pem")));
    }

    private async Task<JsonElement> LinkAsync(string digest, string stage)
    {
        using var chain = await server.GetJsonAsync($"api/v1/models/{digest}/chain");
        return chain.RootElement.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("stage").GetString() == stage).Clone();
    }

    private static JsonElement Check(JsonElement item, string name) =>
        Assert.Single(item.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == name);

    private static string RandomHex() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
