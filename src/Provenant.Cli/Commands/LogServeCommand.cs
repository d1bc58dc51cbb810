using System.CommandLine;
using Provenant.Ledger.Log;
using Provenant.Server.Log;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant log serve [--data DIR] [--store sqlite:PATH|postgres://…] [--urls URL…]</c>: run the transparency log
/// (c2sp.org/tlog-tiles read side and the submission API) on 127.0.0.1 until Ctrl+C.
/// </summary>
public static class LogServeCommand
{
    /// <summary>Builds the <c>serve</c> subcommand of <c>log</c>.</summary>
    internal static Command BuildServe(CliConsole console)
    {
        var data = new Option<string>("--data") { Description = "Data directory (log.key, log.vkey, log.token, log.db)", DefaultValueFactory = _ => "provenant-log" };
        var store = new Option<string?>("--store") { Description = "Store: sqlite:PATH (default: DATA/log.db) or postgres://user@host:port/db" };
        var urls = new Option<string[]>("--urls") { Description = "Listen URLs", DefaultValueFactory = _ => ["http://127.0.0.1:8080"], AllowMultipleArgumentsPerToken = true };
        var origin = new Option<string>("--origin") { Description = "Checkpoint origin / key name for a new log", DefaultValueFactory = _ => "localhost/provenant/log" };
        var mmd = new Option<int>("--max-merge-delay-ms") { Description = "Maximum merge delay in milliseconds", DefaultValueFactory = _ => 1000 };
        var batch = new Option<int>("--batch-size") { Description = "Most entries per integrated batch", DefaultValueFactory = _ => 4096 };
        var cmd = new Command("serve", "Run the transparency log server (tlog-tiles) until interrupted") { data, store, urls, origin, mmd, batch };
        cmd.SetAction(async (r, ct) =>
        {
            if (r.GetValue(mmd) <= 0 || r.GetValue(batch) <= 0) throw new UsageException("--max-merge-delay-ms and --batch-size must be positive");
            var options = new LogServerOptions
            {
                DataDirectory = Path.GetFullPath(r.GetValue(data)!),
                Store = r.GetValue(store),
                Urls = r.GetValue(urls)!,
                Origin = r.GetValue(origin)!,
                Log = new LogOptions { MaxMergeDelay = TimeSpan.FromMilliseconds(r.GetValue(mmd)), BatchMaxSize = r.GetValue(batch) },
            };
            await using var host = await LogHost.StartAsync(options, ct);
            console.Error.WriteLine($"log {host.VerifierKey.Name} serving on {string.Join(", ", host.Addresses)}");
            console.Error.WriteLine($"store {host.Log.Store.Description}; verifier key {Path.Combine(options.DataDirectory, "log.vkey")}; write token in {host.TokenPath}");
            await host.WaitForShutdownAsync(ct);
            return 0;
        });
        return cmd;
    }
}
