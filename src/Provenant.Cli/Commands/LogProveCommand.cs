using System.CommandLine;
using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Core.Merkle;
using Provenant.Ledger.Client;
using Provenant.Ledger.Tiles;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant log prove URL --log-key FILE (INDEX | --entry FILE)</c>: an inclusion proof computed from the log's
/// tiles and verified against its signed checkpoint. With <c>--entry</c> the level-0 tiles are scanned for the entry's
/// leaf hash; when no tile holds it, the scanned tiles are checked against the root, so "not in the log" is verified.
/// </summary>
internal static class LogProveCommand
{
    public static Command Build(CliConsole console)
    {
        var args = new LogClientArgs();
        var index = new Argument<ulong?>("INDEX") { Description = "Entry index (0-based)", Arity = ArgumentArity.ZeroOrOne };
        var entryOpt = new Option<string?>("--entry") { Description = "Prove this entry (a file holding its exact bytes) instead of an index" };
        var cmd = new Command("prove", "Prove that an entry is in the log, verified against its signed checkpoint");
        args.AddTo(cmd);
        cmd.Add(index);
        cmd.Add(entryOpt);
        cmd.SetAction(async (r, ct) =>
        {
            var i = r.GetValue(index);
            var entryFile = r.GetValue(entryOpt);
            if ((i is null) == (entryFile is null)) throw new UsageException("give either INDEX or --entry FILE");
            var entry = entryFile is null ? null : BoundedFile.ReadAll(entryFile, "log entry", EntryBundle.MaxEntrySize);
            var client = args.Open(r, out var fetcher);
            using var _ = fetcher;
            var cp = await client.FetchCheckpointAsync(ct);
            VerifiedInclusion inclusion;
            if (entry is null)
            {
                if (i >= cp.TreeSize) throw new ProvenantException($"the log has no entry {i}: its checkpoint has {cp.TreeSize} entries", ExitCodes.VerificationFailed);
                inclusion = await client.ProveInclusionAsync(cp, i!.Value, ct);
            }
            else
            {
                inclusion = await client.FindLeafAsync(cp, Rfc9162.HashLeaf(entry), null, ct)
                    ?? throw new ProvenantException($"{entryFile} is not in the log: none of its {cp.TreeSize} leaf hashes matches, and the tiles hash to its checkpoint's root", ExitCodes.VerificationFailed);
            }
            LogOutput.WriteInclusion(console.Out, inclusion);
            console.Out.WriteLine("verified");
            return 0;
        });
        return cmd;
    }
}
