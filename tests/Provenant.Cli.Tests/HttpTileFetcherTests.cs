using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Provenant.Ledger.Client;
using Provenant.Ledger.Tiles;
using Provenant.Server.Client;

namespace Provenant.Cli.Tests;

/// <summary>
/// <see cref="HttpTileFetcher"/> against a hostile HTTP server on 127.0.0.1: oversized responses (declared or not),
/// error statuses, 404 and a server that never finishes. (Here because the test projects of the CLI reference the
/// server assembly; it has no test project of its own yet.)
/// </summary>
public sealed class HttpTileFetcherTests
{
    private static async Task<WebApplication> HostileServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/big/checkpoint", () => Results.Bytes(new byte[ITileFetcher.MaxCheckpointBytes + 1]));
        app.MapGet("/chunked/checkpoint", async (HttpContext ctx) =>
        {
            // No Content-Length: the limit must hold while reading.
            for (var i = 0; i < 20; i++) await ctx.Response.Body.WriteAsync(new byte[4096]);
        });
        app.MapGet("/ok/checkpoint", () => Results.Text("a checkpoint\n"));
        app.MapGet("/ok/tile/0/000", () => Results.Bytes(new byte[TilePath.FullWidth * 32 + 1]));
        app.MapGet("/ok/tile/0/001", () => Results.Bytes(new byte[TilePath.FullWidth * 32]));
        app.MapGet("/ok/tile/0/002", () => Results.StatusCode(500));
        app.MapGet("/ok/tile/0/003", () => Results.Redirect("/ok/tile/0/001"));
        app.MapGet("/ok/tile/entries/000", () => Results.Bytes(new byte[ITileFetcher.MaxEntryBundleBytes]));
        app.MapGet("/slow/checkpoint", async (HttpContext ctx) =>
        {
            await ctx.Response.Body.WriteAsync(new byte[10]);
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted);
        });
        await app.StartAsync();
        return app;
    }

    private static string BaseUrl(WebApplication app) => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    [Fact]
    public async Task Responses_are_bounded_and_statuses_mapped()
    {
        await using var app = await HostileServerAsync();
        var url = BaseUrl(app);
        using var ok = new HttpTileFetcher(url + "/ok/", TimeSpan.FromSeconds(10));
        Assert.Equal("a checkpoint\n"u8.ToArray(), await ok.FetchCheckpointAsync(default));
        Assert.Equal(8192, (await ok.FetchTileAsync(new TilePath(0, 1, 0), default))!.Length);
        Assert.Equal(ITileFetcher.MaxEntryBundleBytes, (await ok.FetchTileAsync(new TilePath(-1, 0, 0), default))!.Length);
        Assert.Null(await ok.FetchTileAsync(new TilePath(0, 9, 0), default));
        await Assert.ThrowsAsync<LogUnavailableException>(() => ok.FetchTileAsync(new TilePath(0, 0, 0), default)); // 8,193 bytes
        var e500 = await Assert.ThrowsAsync<LogUnavailableException>(() => ok.FetchTileAsync(new TilePath(0, 2, 0), default));
        Assert.Contains("HTTP 500", e500.Message);
        await Assert.ThrowsAsync<LogUnavailableException>(() => ok.FetchTileAsync(new TilePath(0, 3, 0), default)); // redirects are not followed

        using var big = new HttpTileFetcher(url + "/big", TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<LogUnavailableException>(() => big.FetchCheckpointAsync(default));
        using var chunked = new HttpTileFetcher(url + "/chunked", TimeSpan.FromSeconds(10));
        var c = await Assert.ThrowsAsync<LogUnavailableException>(() => chunked.FetchCheckpointAsync(default));
        Assert.Contains("more than the 65536 bytes", c.Message);
    }

    [Fact]
    public async Task A_response_that_never_finishes_times_out()
    {
        await using var app = await HostileServerAsync();
        using var slow = new HttpTileFetcher(BaseUrl(app) + "/slow", TimeSpan.FromSeconds(1));
        var started = DateTime.UtcNow;
        var e = await Assert.ThrowsAsync<LogUnavailableException>(() => slow.FetchCheckpointAsync(default));
        Assert.Contains("within 1 s", e.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
    }
}
