using System.CommandLine;
using Provenant.Server.Log;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant serve [--data DIR] [--port N] [--store postgres://…]</c>: the transparency log, the provenance API
/// (<c>/api/v1</c>) and the web explorer (<c>/explorer/</c>) on 127.0.0.1, with the embedded SQLite store under DIR
/// unless <c>--store</c> names PostgreSQL. Runs until Ctrl+C.
/// </summary>
public sealed class ServeCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var data = new Option<string>("--data") { Description = "Data directory (log.key, log.vkey, log.token, log.db)", DefaultValueFactory = _ => "provenant-data" };
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (0 picks a free one)", DefaultValueFactory = _ => 8080 };
        var store = new Option<string?>("--store") { Description = "Store: sqlite:PATH (default: DATA/log.db) or postgres://user@host:port/db" };
        var cmd = new Command("serve", "Run the log, provenance API and web explorer on 127.0.0.1 until interrupted") { data, port, store };
        cmd.SetAction(async (r, ct) =>
        {
            await using var host = await StartAsync(r.GetValue(data)!, r.GetValue(port), r.GetValue(store), ct);
            Announce(console, host);
            await host.WaitForShutdownAsync(ct);
            return 0;
        });
        return cmd;
    }

    /// <summary>Starts the server on 127.0.0.1:<paramref name="port"/>.</summary>
    /// <exception cref="UsageException">A port outside 0–65535.</exception>
    internal static Task<LogHost> StartAsync(string dataDir, int port, string? store, CancellationToken ct)
    {
        if (port is < 0 or > 65535) throw new UsageException($"--port: {port} is not a TCP port");
        return LogHost.StartAsync(new LogServerOptions
        {
            DataDirectory = Path.GetFullPath(dataDir),
            Store = store,
            Urls = [$"http://127.0.0.1:{port}"],
        }, ct);
    }

    /// <summary>Prints where the explorer, API and files are.</summary>
    internal static void Announce(CliConsole console, LogHost host)
    {
        var url = host.Addresses[0].TrimEnd('/');
        console.Error.WriteLine($"explorer  {url}/explorer/");
        console.Error.WriteLine($"API       {url}/api/v1/openapi.json");
        console.Error.WriteLine($"log       {url}/checkpoint (store {host.Log.Store.Description}; verifier key {Path.Combine(Path.GetDirectoryName(host.TokenPath)!, "log.vkey")}; write token in {host.TokenPath})");
        console.Error.WriteLine("Ctrl+C stops the server.");
    }
}
