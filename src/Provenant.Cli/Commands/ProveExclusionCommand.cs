using System.CommandLine;
using System.Text.Json;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Core.IO;
using Provenant.Formats.Datasets;

namespace Provenant.Cli.Commands;

/// <summary><c>provenant prove-exclusion dataset.json --blocklist hashes.txt --out proof.json [--data PATH]</c>: re-reads the
/// committed dataset, rebuilds its sorted exclusion index and proves that no listed content hash is a record (exact-hash
/// exclusion). Exit 1, listing them, when some listed hashes are in the dataset.</summary>
public sealed class ProveExclusionCommand : ICliCommand
{
    /// <summary>Largest blocklist file (64 MiB).</summary>
    public const long MaxBlocklistBytes = 64L << 20;

    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var dataset = new Argument<string>("DATASET") { Description = "Dataset statement written by commit-dataset" };
        var blocklist = new Option<string>("--blocklist") { Description = "File of SHA-256 content hashes, one 64-digit hex value per line (# comments)", Required = true };
        var outOpt = new Option<string>("--out") { Description = "Proof file to write", Required = true };
        var data = new Option<string?>("--data") { Description = "Dataset path (default: the statement's sourcePath)" };
        var cmd = new Command("prove-exclusion", "Prove that listed content hashes are not records of a committed dataset") { dataset, blocklist, outOpt, data };
        cmd.SetAction(r =>
        {
            var c = DatasetFiles.ReadCommitment(r.GetValue(dataset)!);
            if (c.ExclusionIndex is null)
            {
                throw new ProvenantException($"{r.GetValue(dataset)}: the commitment has no predicate.exclusionIndex (written before exclusion indexes existed); run commit-dataset again", ExitCodes.VerificationFailed);
            }
            var hashes = ReadBlocklist(r.GetValue(blocklist)!);
            var index = ProgressDisplay.Run(console, "indexing", 0, _ => DatasetCommitter.ReadRecordHashes(c, r.GetValue(data))).Index;
            if (!index.Root.Root.AsSpan().SequenceEqual(c.ExclusionIndex.Root) || index.Root.LeafCount != c.ExclusionIndex.LeafCount)
            {
                throw new ProvenantException("the rebuilt exclusion index differs from the commitment's predicate.exclusionIndex", ExitCodes.VerificationFailed);
            }
            var entries = new List<ExclusionEntry>();
            var present = new List<string>();
            foreach (var h in hashes)
            {
                if (index.Prove(h, out var found) is { } e) entries.Add(e);
                else present.Add($"{Hex.Encode(h)} ({found!.Count} record(s))");
            }
            if (present.Count > 0)
            {
                console.Error.WriteLine($"{present.Count} listed hash(es) ARE records of '{c.Name}': " + string.Join(", ", present));
                return ExitCodes.VerificationFailed;
            }
            var proof = new ExclusionProof { DatasetName = c.Name, Index = index.Root, Entries = entries };
            AtomicFile.WriteText(r.GetValue(outOpt)!, proof.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            console.Out.WriteLine($"proved {entries.Count} hash(es) absent from '{c.Name}' (exclusion index {index.Root.RootHex}, {index.Root.LeafCount} distinct records): {r.GetValue(outOpt)}");
            return 0;
        });
        return cmd;
    }

    /// <summary>Reads a blocklist: one 64-digit hex SHA-256 per line; blank lines and lines starting with <c>#</c> are skipped;
    /// anything after the first whitespace on a line (e.g. a <c>sha256sum</c> file name) is ignored.</summary>
    /// <exception cref="ProvenantFormatException">A line that is not a hash (names the line).</exception>
    internal static List<byte[]> ReadBlocklist(string path)
    {
        var text = System.Text.Encoding.UTF8.GetString(BoundedFile.ReadAll(path, "blocklist", MaxBlocklistBytes));
        var hashes = new List<byte[]>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var word = line.Split([' ', '\t'], 2)[0].ToLowerInvariant();
            if (word.Length != 64 || !Hex.TryDecode(word, out var h))
            {
                throw new ProvenantFormatException(path, "hash", "64 hexadecimal digits (a SHA-256 content hash)", word.Length > 80 ? word[..80] + "…" : word, i + 1, "line");
            }
            hashes.Add(h);
        }
        return hashes;
    }
}
