using System.CommandLine;
using Provenant.Core.Errors;
using Provenant.Ledger.Client;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant log monitor URL --log-key FILE --state FILE [--interval S] [--once] [--full] [--witness-key FILE --quorum K]</c>:
/// follows a log, verifying each new checkpoint and its consistency with the last one seen (kept in the state file),
/// optionally re-hashing every entry and tile (<c>--full</c>). Stops with exit 1 on the first verification failure;
/// an unreachable log is retried (except with <c>--once</c>, exit 3).
/// </summary>
internal static class LogMonitorCommand
{
    public static Command Build(CliConsole console)
    {
        var args = new LogClientArgs();
        var state = new Option<string>("--state") { Description = "State file: the last verified checkpoint (created on the first run, trusted on first use)", Required = true };
        var interval = new Option<int>("--interval") { Description = "Seconds between polls", DefaultValueFactory = _ => 60 };
        var once = new Option<bool>("--once") { Description = "Poll once and exit" };
        var full = new Option<bool>("--full") { Description = "Also re-hash every entry and tile and recompute the root (like Tessera's fsck)" };
        var cmd = new Command("monitor", "Follow a log and verify that it stays append-only");
        args.AddTo(cmd);
        cmd.Add(state);
        cmd.Add(interval);
        cmd.Add(once);
        cmd.Add(full);
        cmd.SetAction(async (r, ct) =>
        {
            var seconds = r.GetValue(interval);
            if (seconds is < 1 or > 86_400) throw new UsageException($"--interval: must be 1 to 86400 seconds, not {seconds}");
            var client = args.Open(r, out var fetcher);
            using var _ = fetcher;
            var monitor = new LogMonitor(client, r.GetValue(state)!);
            monitor.LoadState(); // a bad state file is an input error before anything is fetched
            try
            {
                while (true)
                {
                    var result = await PollAsync(console, monitor, r.GetValue(full), !r.GetValue(once), ct);
                    if (result is { IsValid: false })
                    {
                        if (result.Fork is { } fork) return LogOutput.Fork(console, new LogForkException(result.Result.Reason, fork));
                        console.Error.WriteLine("error: " + result.Result.Reason);
                        return ExitCodes.VerificationFailed;
                    }
                    if (result is not null) console.Out.WriteLine($"{client.Fetcher.Source}: {result.Result.Reason}");
                    if (r.GetValue(once)) return 0;
                    await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return 0;
            }
        });
        return cmd;
    }

    /// <summary>One poll; null when the log was unreachable and <paramref name="retry"/> allows trying again later.</summary>
    private static async Task<MonitorResult?> PollAsync(CliConsole console, LogMonitor monitor, bool full, bool retry, CancellationToken ct)
    {
        try
        {
            return await monitor.PollAsync(full, null, ct);
        }
        catch (LogUnavailableException e) when (retry)
        {
            console.Error.WriteLine($"warning: {e.Message}; will retry");
            return null;
        }
    }
}
