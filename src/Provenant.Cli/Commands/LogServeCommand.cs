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
        var age = new Option<int>("--batch-age-ms") { Description = "How long a batch may wait for more entries before it is integrated, in milliseconds (0: as soon as the previous batch is done)", DefaultValueFactory = _ => 0 };
        var witness = new Option<string[]>("--witness") { Description = "Witness to ask for cosignatures: URL=VKEYFILE (submission prefix and cosigner key); repeatable", AllowMultipleArgumentsPerToken = true };
        var quorum = new Option<int>("--witness-quorum") { Description = "Cosignatures required before a checkpoint is published (default: all witnesses)", DefaultValueFactory = _ => -1 };
        var rate = new Option<int>("--write-rate") { Description = "Write requests allowed per second per client address (bursts of twice as many are queued, then 429); 0 disables the limit", DefaultValueFactory = _ => 200 };
        var cmd = new Command("serve", "Run the transparency log server (tlog-tiles) until interrupted") { data, store, urls, origin, mmd, batch, age, witness, quorum, rate };
        cmd.SetAction(async (r, ct) =>
        {
            if (r.GetValue(mmd) <= 0 || r.GetValue(batch) <= 0) throw new UsageException("--max-merge-delay-ms and --batch-size must be positive");
            if (r.GetValue(age) < 0 || r.GetValue(age) >= r.GetValue(mmd)) throw new UsageException($"--batch-age-ms must be 0 or more and below --max-merge-delay-ms ({r.GetValue(mmd)}), not {r.GetValue(age)}");
            if (r.GetValue(rate) < 0) throw new UsageException($"--write-rate must be 0 (no limit) or positive, not {r.GetValue(rate)}");
            var witnesses = new List<Ledger.Witness.TrustedWitness>();
            var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var w in r.GetValue(witness) ?? [])
            {
                var eq = w.IndexOf('=');
                if (eq <= 0 || !Uri.TryCreate(w[..eq], UriKind.Absolute, out var prefix)) throw new UsageException($"--witness: expected URL=VKEYFILE, found '{w}'");
                var key = LogArgs.ReadVKey(w[(eq + 1)..]) as Ledger.Notes.CosignatureV1Verifier ?? throw new UsageException($"--witness {w}: the key must be a cosignature/v1 (type 0x04) vkey");
                witnesses.Add(new Ledger.Witness.TrustedWitness(new Server.Witness.HttpWitnessClient(http, prefix, key.Name), key));
            }
            var k = r.GetValue(quorum) < 0 ? witnesses.Count : r.GetValue(quorum);
            if (k > witnesses.Count) throw new UsageException($"--witness-quorum {k} exceeds the {witnesses.Count} witness(es)");
            var options = new LogServerOptions
            {
                Witnesses = witnesses,
                WitnessQuorum = k,
                DataDirectory = Path.GetFullPath(r.GetValue(data)!),
                Store = r.GetValue(store),
                Urls = r.GetValue(urls)!,
                Origin = r.GetValue(origin)!,
                WriteRequestsPerSecond = r.GetValue(rate),
                Log = new LogOptions { MaxMergeDelay = TimeSpan.FromMilliseconds(r.GetValue(mmd)), BatchMaxSize = r.GetValue(batch), BatchMaxAge = TimeSpan.FromMilliseconds(r.GetValue(age)) },
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
