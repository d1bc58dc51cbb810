using System.CommandLine;
using Provenant.Core.Errors;
using Provenant.Formats.Datasets;

namespace Provenant.Cli.Commands;

/// <summary><c>provenant verify-record proof.json --dataset dataset.json</c>: check a record proof against the commitment's root and size.</summary>
public sealed class VerifyRecordCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var proofArg = new Argument<string>("PROOF") { Description = "Record proof written by prove-record" };
        var dataset = new Option<string>("--dataset") { Description = "The dataset statement whose root the proof must reach", Required = true };
        var cmd = new Command("verify-record", "Verify a record inclusion proof") { proofArg, dataset };
        cmd.SetAction(r =>
        {
            var path = r.GetValue(proofArg)!;
            var proof = RecordProof.FromJson(DatasetFiles.ReadObject(path, "record proof"), path);
            var c = DatasetFiles.ReadCommitment(r.GetValue(dataset)!);
            var v = proof.Verify(c);
            if (!v.IsValid)
            {
                console.Error.WriteLine("verification FAILED: " + v.Reason);
                return ExitCodes.VerificationFailed;
            }
            console.Out.WriteLine($"verified: record {proof.Index} is in '{c.Name}' (root {c.RecordsRootHex}, {c.RecordCount} records)");
            return 0;
        });
        return cmd;
    }
}
