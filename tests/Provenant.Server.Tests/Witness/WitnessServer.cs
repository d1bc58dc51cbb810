using Microsoft.AspNetCore.Builder;
using Provenant.Ledger.Witness;
using Provenant.Server.Witness;

namespace Provenant.Server.Tests.Witness;

/// <summary>A real Kestrel witness on 127.0.0.1 with an ephemeral port, stopped on dispose.</summary>
internal sealed class WitnessServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WitnessServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<WitnessServer> StartAsync(CosigningWitness witness)
    {
        var app = WitnessHost.Build(witness, ["http://127.0.0.1:0"]);
        await app.StartAsync();
        var url = Assert.Single(WitnessHost.ListeningUrls(app));
        Assert.StartsWith("http://127.0.0.1:", url);
        return new WitnessServer(app, new Uri(url));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
