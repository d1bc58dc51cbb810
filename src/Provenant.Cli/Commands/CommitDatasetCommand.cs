using System.CommandLine;
using System.Text.Json;
using Provenant.Core.IO;
using Provenant.Formats.Datasets;

namespace Provenant.Cli.Commands;

/// <summary><c>provenant commit-dataset PATH [--format csv|jsonl|idx|files] [--name …] [--license …] [--header-rows N] --out dataset.json</c>:
/// an in-toto statement committing to every record (RFC 9162 Merkle root), record count and per-file SHA-256.</summary>
public sealed class CommitDatasetCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var path = new Argument<string>("PATH") { Description = "Dataset file or folder" };
        var format = new Option<string?>("--format") { Description = "csv, jsonl, idx or files (default: detected from the path)" };
        var name = new Option<string?>("--name") { Description = "Dataset name (default: file or folder name)" };
        var license = new Option<string?>("--license") { Description = "License (SPDX identifier or URL)" };
        var header = new Option<int>("--header-rows") { Description = "CSV rows to skip before the first record (default 0)" };
        var outOpt = new Option<string>("--out") { Description = "Statement file to write", Required = true };
        var cmd = new Command("commit-dataset", "Commit to a dataset's records (Merkle root) as an in-toto statement") { path, format, name, license, header, outOpt };
        cmd.SetAction(r =>
        {
            DatasetFormat? f = null;
            if (r.GetValue(format) is { } fs)
            {
                if (!DatasetFormats.TryParse(fs, out var parsed)) throw new UsageException($"--format: unsupported format '{fs}': expected csv, jsonl, idx or files");
                f = parsed;
            }
            var headerRows = r.GetValue(header);
            if (headerRows < 0) throw new UsageException("--header-rows must be 0 or more");
            var options = new DatasetCommitOptions { Format = f, Name = r.GetValue(name), License = r.GetValue(license), HeaderRows = headerRows };
            var c = ProgressDisplay.Run(console, "committing", 0, p => DatasetCommitter.Commit(r.GetValue(path)!, options, p));
            var json = c.ToStatement().ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            AtomicFile.WriteText(r.GetValue(outOpt)!, json + "\n");
            console.Out.WriteLine($"committed {c.RecordCount} {DatasetFormats.ToName(c.Format)} records of '{c.Name}' ({c.Files.Count} file(s))");
            console.Out.WriteLine($"records root (rfc9162-sha256): {c.RecordsRootHex}");
            console.Out.WriteLine($"statement: {r.GetValue(outOpt)}");
            return 0;
        });
        return cmd;
    }
}
