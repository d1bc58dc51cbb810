using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Core.IO;
using Provenant.Formats.Datasets;
using Provenant.Formats.Onnx;
using Provenant.Training;
using Provenant.Training.Audit;
using Provenant.Training.Config;
using Provenant.Training.Log;
using Provenant.Training.Provenance;

namespace Provenant.Cli.Commands;

/// <summary><c>provenant train --config … --log DIR [--checkpoint-every K|auto] [--nonce HEX] [--dataset dataset.json] [--out model.onnx]</c>:
/// training with a proof-of-learning log (docs/training.md, "Training log").</summary>
internal static class LoggedTraining
{
    public static int Run(CliConsole console, string configPath, string directory, int? interval, string? nonceHex, string? datasetPath, string? modelPath, int threads)
    {
        var nonce = ParseNonce(nonceHex);
        var config = TrainingConfigParser.Load(configPath);
        var commitment = datasetPath is null ? CommitTrainSource(config) : CheckGiven(DatasetFiles.ReadCommitment(datasetPath), datasetPath, config);
        Directory.CreateDirectory(directory);
        AtomicFile.WriteText(Path.Combine(directory, "dataset.json"), commitment.ToStatement().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        console.Out.WriteLine($"dataset '{commitment.Name}': {commitment.RecordCount} records, root {commitment.RecordsRootHex}");
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        long samples = 0;
        var (trainer, log) = TrainingLogWriter.Train(configPath, commitment.RecordsRoot, commitment.RecordCount, nonce, interval, directory,
            new TrainingOptions(threads), s => samples += s.Records.Length);
        var seconds = clock.Elapsed.TotalSeconds;
        var inv = CultureInfo.InvariantCulture;
        console.Out.WriteLine($"commitment H(dataset root ‖ config digest ‖ nonce): {log.Genesis.CommitmentHex} → seed {log.Genesis.Seed}");
        console.Out.WriteLine(string.Create(inv, $"trained {log.Steps.Count} steps ({samples} samples) in {seconds:F1} s ({samples / Math.Max(seconds, 1e-9):F0} samples/s), {log.LoggedFlops:E3} FLOPs"));
        console.Out.WriteLine(string.Create(inv, $"test accuracy: {trainer.TestAccuracy():P2} ({trainer.Data.TestRecords.Count} records)"));
        var k = log.Genesis.CheckpointInterval;
        console.Out.WriteLine($"log: {Path.Combine(directory, TrainingLog.LogFileName)} — {log.LeafCount} leaves, {log.SegmentCount} segments of ≤ {k} steps, root {log.RootHex}");
        var needed = CheckpointInterval.ReExecutedSteps(log.Steps.Count, k);
        var advice = needed > 0.05 * log.Steps.Count ? $"; more than 5 % — K ≤ {CheckpointInterval.For(log.Steps.Count)} keeps it within 5 % where the run is long enough" : "";
        console.Out.WriteLine(string.Create(inv, $"audit: catching 10 % forged segments with probability 0.99 re-executes about {needed} steps ({(double)needed / log.Steps.Count:P2}) at K = {k}{advice}"));
        console.Out.WriteLine($"final checkpoint (step {log.Checkpoints[^1].Step}): sha256 {log.Checkpoints[^1].StateHashHex}, weights root {log.Checkpoints[^1].WeightsRootHex}");
        if (modelPath is not null)
        {
            OnnxModelWriter.Write(modelPath, trainer.ExportOnnx(Path.GetFileNameWithoutExtension(modelPath)));
            console.Out.WriteLine($"model: {modelPath} — tensor root {WeightsRoot.OfFile(modelPath).RootHex}");
        }
        var statement = TrainingProvenance.ToStatement(log, config, commitment, modelPath, started, DateTimeOffset.UtcNow);
        var provenance = Path.Combine(directory, TrainingLog.ProvenanceFileName);
        AtomicFile.WriteText(provenance, statement.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        console.Out.WriteLine($"provenance (in-toto, SLSA v1): {provenance}");
        return 0;
    }

    private static byte[] ParseNonce(string? hex)
    {
        if (hex is null) return [];
        if (hex.Length > 2 * TrainingCommitment.MaxNonceBytes || hex.Length % 2 != 0 || !Hex.TryDecode(hex.ToLowerInvariant(), out var nonce))
        {
            throw new UsageException($"--nonce must be 0 to {TrainingCommitment.MaxNonceBytes} bytes of hexadecimal");
        }
        return nonce;
    }

    /// <summary>Commits to the configuration's training source the way commit-dataset would: the CSV file, or the folder
    /// holding the IDX prefix when the prefix is <c>train</c> (records 0…n−1 are then the train pair), else that pair alone.</summary>
    private static DatasetCommitment CommitTrainSource(TrainingConfig config)
    {
        var train = config.Dataset.Train;
        if (File.Exists(train))
        {
            var c = DatasetCommitter.Commit(train, new DatasetCommitOptions { Format = DatasetFormat.Csv });
            // LabelledDataset skips a scikit-learn metadata header row; commit it as a header row then.
            return LabelledDataset.Load(train).Count == c.RecordCount - 1
                ? DatasetCommitter.Commit(train, new DatasetCommitOptions { Format = DatasetFormat.Csv, HeaderRows = 1 })
                : c;
        }
        var (images, _) = IdxPair(train);
        var path = Path.GetFileName(train) == "train" ? Path.GetDirectoryName(Path.GetFullPath(train))! : images;
        return DatasetCommitter.Commit(path, new DatasetCommitOptions { Format = DatasetFormat.Idx });
    }

    /// <summary>Checks that a given commitment covers the training source as records 0…n−1: the CSV file itself, or an
    /// IDX commitment holding the source's pair as its first pair (named <c>train-…</c>, or the only pair).</summary>
    private static DatasetCommitment CheckGiven(DatasetCommitment given, string datasetPath, TrainingConfig config)
    {
        var train = config.Dataset.Train;
        bool ok;
        if (File.Exists(train))
        {
            ok = given.Format == DatasetFormat.Csv && given.Files.Count == 1 && given.Files[0].Sha256 == Sha256Hash.FileHex(train, "training data");
        }
        else
        {
            var (images, labels) = IdxPair(train);
            var (si, sl) = (Sha256Hash.FileHex(images, "images"), Sha256Hash.FileHex(labels, "labels"));
            var pairs = given.Files.Count / 2;
            ok = given.Format == DatasetFormat.Idx
                && given.Files.Any(f => f.Sha256 == si && (pairs == 1 || f.Path.StartsWith("train-", StringComparison.Ordinal)))
                && given.Files.Any(f => f.Sha256 == sl);
        }
        return ok ? given : throw new ProvenantException(
            $"{datasetPath}: the commitment does not hold the training source {train} as its first records (files and SHA-256 differ)", ExitCodes.VerificationFailed);
    }

    private static (string Images, string Labels) IdxPair(string prefix)
    {
        static string Existing(string p) => File.Exists(p) ? p : p + ".gz";
        return (Existing(prefix + "-images-idx3-ubyte"), Existing(prefix + "-labels-idx1-ubyte"));
    }

}
