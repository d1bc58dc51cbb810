using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Provenant.Signing.Keys;
using Provenant.Signing.Sigstore;
using Provenant.TestSupport;

namespace Provenant.Explorer.Tests;

/// <summary>
/// End-to-end: chromium loads the explorer served over the demo's real chain, searches the model, and every badge on
/// the model page must equal what the API computed; the inclusion proof recomputed in the browser must match; a
/// tampered bundle must show a failure; a hostile name must be shown as text. Screenshots go to docs/explorer-*.png with PROVENANT_UPDATE_SCREENSHOTS=1.
/// </summary>
public sealed class ExplorerBrowserTests(DemoServer server) : IClassFixture<DemoServer>
{
    /// <summary>Where a screenshot goes: docs/ (for the README) only when PROVENANT_UPDATE_SCREENSHOTS=1, otherwise a
    /// temporary folder, so a test run never modifies tracked files.</summary>
    private static string Docs(string name)
    {
        var dir = Environment.GetEnvironmentVariable("PROVENANT_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(SharedData.RepoRoot, "docs")
            : Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "provenant-explorer-screenshots")).FullName;
        return Path.Combine(dir, name);
    }

    [ChromiumFact]
    public async Task Searching_the_model_shows_a_badge_per_link_equal_to_the_api()
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Url + "/explorer/");
        await page.FillAsync("#q", "digits-mlp");
        await page.PressAsync("#q", "Enter");
        await page.Locator("a.hit").First.ClickAsync();
        await page.WaitForSelectorAsync("section.link[data-stage=credentials]");
        using var chain = await server.GetJsonAsync($"api/v1/models/{server.ModelDigest}/chain");
        foreach (var link in chain.RootElement.GetProperty("links").EnumerateArray())
        {
            var stage = link.GetProperty("stage").GetString();
            var shown = await page.GetAttributeAsync($"section.link[data-stage={stage}] h2 .badge", "data-status");
            Assert.Equal(link.GetProperty("status").GetString(), shown);
            Assert.Equal(link.GetProperty("status").GetString(), await page.GetAttributeAsync($"svg g.node[data-stage={stage}]", "data-status"));
        }
        await page.WaitForSelectorAsync("section[aria-labelledby=h-all] table");
        using var subjects = await server.GetJsonAsync($"api/v1/subjects/{server.ModelDigest}?limit=50");
        Assert.Equal(subjects.RootElement.GetProperty("hits").GetArrayLength(), await page.Locator("section[aria-labelledby=h-all] tbody tr").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Docs("explorer-model.png"), FullPage = true });

        var phone = await browser.NewPageAsync(390, 844);
        await phone.GotoAsync($"{server.Url}/explorer/#/model/{server.ModelDigest}");
        await phone.WaitForSelectorAsync("section.link[data-stage=credentials]");
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the model page scrolls sideways at phone width");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Docs("explorer-model-phone.png") });
    }

    [ChromiumFact]
    public async Task The_entry_page_recomputes_the_inclusion_proof_and_the_log_page_shows_the_checkpoint()
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Url + "/explorer/#/entry/1");
        await page.WaitForSelectorAsync(".proof-result");
        Assert.Equal("true", await page.GetAttributeAsync(".proof-result", "data-match"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Docs("explorer-entry.png"), FullPage = true });

        await page.GotoAsync(server.Url + "/explorer/#/log");
        await page.WaitForSelectorAsync("#tree-size");
        using var log = await server.GetJsonAsync("api/v1/log");
        Assert.Equal(log.RootElement.GetProperty("treeSize").GetUInt64().ToString(), await page.TextContentAsync("#tree-size"));
        Assert.True(await page.Locator(".rate svg rect").CountAsync() > 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Docs("explorer-log.png"), FullPage = true });
    }

    [ChromiumFact]
    public async Task A_tampered_bundle_shows_a_failure_with_its_reason_and_keyboard_alone_drives_the_form()
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Url + "/explorer/#/verify");
        await page.WaitForSelectorAsync("#artifact");
        var bundle = JsonNode.Parse(File.ReadAllText(Path.Combine(server.WorkDir, "digits-mlp.sig")))!;
        await page.FillAsync("#artifact", ProvenanceApiTests.Tamper(bundle).ToJsonString());
        await page.FillAsync("#public-key", File.ReadAllText(Path.Combine(server.WorkDir, "key.pub.pem")));
        await page.FocusAsync("#verify-button");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#verify-result .badge");
        Assert.Equal("failed", await page.GetAttributeAsync("#verify-result .badge", "data-status"));
        Assert.Contains("dsse.signature", await page.TextContentAsync("#verify-result .summary"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Docs("explorer-verify-tampered.png"), FullPage = true });

        await page.FillAsync("#artifact", bundle.ToJsonString());
        await page.ClickAsync("#verify-button");
        await page.WaitForSelectorAsync("#verify-result .badge[data-status=verified]");
    }

    [ChromiumFact]
    public async Task A_hostile_subject_name_is_shown_as_text_and_never_runs()
    {
        const string hostile = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>\"'&";
        using var key = EcKeys.Generate(EcCurve.P256);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("hostile")));
        var statement = new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray(new JsonObject { ["name"] = hostile, ["digest"] = new JsonObject { ["sha256"] = digest } }),
            ["predicateType"] = "https://example.com/hostile/v1",
            ["predicate"] = new JsonObject(),
        };
        var b = new BundleSigner(key).Sign(Encoding.UTF8.GetBytes(statement.ToJsonString()));
        var body = new JsonObject { ["bundle"] = JsonNode.Parse(b.ToJsonBytes()), ["publicKey"] = PublicKeyPem.Encode(key) };
        using var req = new HttpRequestMessage(HttpMethod.Post, "api/v1/log/entries") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(server.Host.TokenPath).Trim());
        using var resp = await server.Http.SendAsync(req);
        Assert.True(resp.IsSuccessStatusCode, await resp.Content.ReadAsStringAsync());

        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        await page.GotoAsync($"{server.Url}/explorer/#/model/sha256:{digest}");
        await page.WaitForSelectorAsync("section.link[data-stage=credentials]");
        await page.GotoAsync($"{server.Url}/explorer/#/search/" + Uri.EscapeDataString("<img"));
        await page.WaitForSelectorAsync("a.hit");
        Assert.Equal(hostile, await page.TextContentAsync("a.hit"));
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.Equal(0, await page.Locator("main script").CountAsync());
        Assert.Null(await page.EvaluateAsync<JsonElement?>("window.pwned ?? null"));
        Assert.Equal(0, dialogs);
    }
}
