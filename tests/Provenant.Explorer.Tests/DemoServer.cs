using System.Text.Json;
using Provenant.Cli;
using Provenant.Cli.Commands;
using Provenant.Server.Log;
using Provenant.TestSupport;

namespace Provenant.Explorer.Tests;

/// <summary>
/// One server for the class: runs <c>provenant demo</c> on the real samples, starts the provenance server on a free
/// port and records the demo's chain in it with <see cref="DemoChain"/> (what <c>demo --serve</c> does).
/// </summary>
public sealed class DemoServer : IAsyncLifetime
{
    private readonly TempDir _tmp = SharedData.NewTempDir("explorer");
    private LogHost? _host;

    public string Url { get; private set; } = "";

    public string ModelDigest { get; private set; } = "";

    public string WorkDir => _tmp["demo"];

    public LogHost Host => _host!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync()
    {
        var samples = Path.Combine(SharedData.RepoRoot, "samples");
        var output = new StringWriter();
        var code = await Task.Run(() => CliApp.Run(["demo", "--work", WorkDir, "--samples", samples], output, output, interactive: false));
        Assert.True(code == 0, output.ToString());
        _host = await LogHost.StartAsync(new LogServerOptions { DataDirectory = _tmp["server"], Urls = ["http://127.0.0.1:0"] });
        Url = _host.Addresses[0].TrimEnd('/');
        var (ok, model) = await DemoChain.PublishAsync(new CliConsole(output, output, false), samples, WorkDir, new Uri(Url + "/"), _host.TokenPath);
        Assert.True(ok, output.ToString());
        ModelDigest = model;
        Http.BaseAddress = new Uri(Url + "/");
    }

    public async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var r = await Http.GetAsync(path);
        Assert.True(r.IsSuccessStatusCode, $"{path}: {(int)r.StatusCode}");
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_host is not null) await _host.DisposeAsync();
        _tmp.Dispose();
    }
}
