using System.CommandLine;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Formats.Datasets;

namespace Provenant.Cli.Commands;

/// <summary><c>provenant verify-exclusion proof.json --dataset dataset.json [--blocklist hashes.txt]</c>: checks an exclusion
/// proof against the commitment's exclusion index without the data; with <c>--blocklist</c> also that it covers every listed hash.</summary>
public sealed class VerifyExclusionCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var proofArg = new Argument<string>("PROOF") { Description = "Exclusion proof written by prove-exclusion" };
        var dataset = new Option<string>("--dataset") { Description = "The dataset statement whose exclusion index the proof must reach", Required = true };
        var blocklist = new Option<string?>("--blocklist") { Description = "Require the proof to cover every hash of this list" };
        var cmd = new Command("verify-exclusion", "Verify a dataset exclusion proof (exact content hashes)") { proofArg, dataset, blocklist };
        cmd.SetAction(r =>
        {
            var path = r.GetValue(proofArg)!;
            var proof = ExclusionProof.FromJson(DatasetFiles.ReadObject(path, "exclusion proof"), path);
            var c = DatasetFiles.ReadCommitment(r.GetValue(dataset)!);
            var v = proof.Verify(c);
            if (v.IsValid && r.GetValue(blocklist) is { } list)
            {
                var covered = proof.Entries.Select(e => Hex.Encode(e.Hash)).ToHashSet(StringComparer.Ordinal);
                var uncovered = ProveExclusionCommand.ReadBlocklist(list).Select(h => Hex.Encode(h)).Where(h => !covered.Contains(h)).ToList();
                if (uncovered.Count > 0) v = Core.VerificationResult.Rejected($"{uncovered.Count} listed hash(es) have no entry in the proof, first {uncovered[0]}");
            }
            if (!v.IsValid)
            {
                console.Error.WriteLine("verification FAILED: " + v.Reason);
                foreach (var f in v.Findings) console.Error.WriteLine("  " + f);
                return ExitCodes.VerificationFailed;
            }
            console.Out.WriteLine("verified: " + v.Reason);
            return 0;
        });
        return cmd;
    }
}
