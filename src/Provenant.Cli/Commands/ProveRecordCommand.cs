using System.CommandLine;
using System.Text.Json;
using Provenant.Core.IO;
using Provenant.Formats.Datasets;

namespace Provenant.Cli.Commands;

/// <summary><c>provenant prove-record dataset.json --index N [--data PATH] [--out proof.json]</c>: an RFC 9162 inclusion proof for record N.
/// The data are re-read (from <c>--data</c> or the path the statement records) and checked against the committed file digests first.</summary>
public sealed class ProveRecordCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var dataset = new Argument<string>("DATASET") { Description = "Dataset statement written by commit-dataset" };
        var index = new Option<long>("--index") { Description = "Record index (0-based)", Required = true };
        var data = new Option<string?>("--data") { Description = "Where the dataset is now (default: the path recorded in the statement)" };
        var outOpt = new Option<string?>("--out") { Description = "Proof file to write (default: print to stdout)" };
        var cmd = new Command("prove-record", "Prove that one record is in a committed dataset") { dataset, index, data, outOpt };
        cmd.SetAction(r =>
        {
            var c = DatasetFiles.ReadCommitment(r.GetValue(dataset)!);
            var i = r.GetValue(index);
            if (i < 0 || i >= c.RecordCount) throw new UsageException($"--index: {i} is out of range: the dataset has {c.RecordCount} records");
            var proof = DatasetCommitter.ProveRecord(c, i, r.GetValue(data));
            var json = proof.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
            if (r.GetValue(outOpt) is { } o)
            {
                AtomicFile.WriteText(o, json);
                console.Out.WriteLine($"record {i} of '{c.Name}': proof with {proof.Proof.Count} hashes -> {o}");
            }
            else
            {
                console.Out.Write(json);
            }
            return 0;
        });
        return cmd;
    }
}
