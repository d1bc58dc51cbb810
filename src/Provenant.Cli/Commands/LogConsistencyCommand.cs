using System.CommandLine;
using Provenant.Ledger.Client;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant log consistency URL --log-key FILE --from CHECKPOINTFILE</c>: verifies that the log's current checkpoint
/// extends a checkpoint saved earlier (a consistency proof computed from its tiles and checked against both roots).
/// Exit 1 with both checkpoints on a fork.
/// </summary>
internal static class LogConsistencyCommand
{
    public static Command Build(CliConsole console)
    {
        var args = new LogClientArgs();
        var from = new Option<string>("--from") { Description = "A checkpoint of this log saved earlier (signed note file)", Required = true };
        var cmd = new Command("consistency", "Verify that the log's current checkpoint is consistent with a saved one");
        args.AddTo(cmd);
        cmd.Add(from);
        cmd.SetAction(async (r, ct) =>
        {
            var client = args.Open(r, out var fetcher);
            using var _ = fetcher;
            var path = r.GetValue(from)!;
            var saved = client.VerifyCheckpoint(LogClientArgs.ReadCheckpointFile(path), path);
            var current = await client.FetchCheckpointAsync(ct);
            byte[][] proof;
            try
            {
                proof = await client.ProveConsistencyAsync(saved, current, ct);
            }
            catch (LogForkException fork)
            {
                return LogOutput.Fork(console, fork);
            }
            console.Out.WriteLine($"from: size {saved.TreeSize} root {Convert.ToBase64String(saved.Checkpoint.RootHash)}");
            console.Out.WriteLine($"to: size {current.TreeSize} root {Convert.ToBase64String(current.Checkpoint.RootHash)}");
            LogOutput.WriteHashes(console.Out, "consistency proof", proof);
            console.Out.WriteLine("checkpoint:");
            console.Out.Write(current.Note);
            console.Out.WriteLine("verified");
            return 0;
        });
        return cmd;
    }
}
