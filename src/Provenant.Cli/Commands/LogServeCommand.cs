using System.CommandLine;
using Provenant.Server.Log;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant log serve [--data DIR] [--store …] [--urls …]</c>. Minimal version written with the log client so that
/// the <c>log</c> command tree builds; the server owner's version replaces this file.
/// </summary>
internal static class LogServeCommand
{
    /// <summary>Builds <c>log serve</c>.</summary>
    internal static Command BuildServe(CliConsole console)
    {
        var data = new Option<string>("--data") { Description = "Data directory: log key, write token, SQLite store", DefaultValueFactory = _ => "provenant-log" };
        var store = new Option<string?>("--store") { Description = "sqlite:PATH or postgres://user@host:port/db (default: SQLite in the data directory)" };
        var urls = new Option<string[]>("--urls") { Description = "Listen URLs", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => ["http://127.0.0.1:8080"] };
        var cmd = new Command("serve", "Serve a transparency log: tlog-tiles read side, submissions with a bearer token") { data, store, urls };
        cmd.SetAction(async (r, ct) =>
        {
            var options = new LogServerOptions { DataDirectory = r.GetValue(data)!, Store = r.GetValue(store), Urls = r.GetValue(urls)! };
            await using var host = await LogHost.StartAsync(options, ct);
            console.Out.WriteLine($"log {host.Log.Origin} at size {host.Log.Published.Checkpoint.TreeSize} serving on {string.Join(", ", host.Addresses)}");
            console.Out.WriteLine($"verifier key: {host.VerifierKey}");
            await host.WaitForShutdownAsync(ct);
            return 0;
        });
        return cmd;
    }
}
