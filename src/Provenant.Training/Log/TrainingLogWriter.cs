using Provenant.Core.IO;
using Provenant.Training.Checkpoints;
using Provenant.Training.Config;
using Provenant.Training.Data;

namespace Provenant.Training.Log;

/// <summary>
/// Trains with a proof-of-learning log (docs/training.md, "Training log"): derives the seed from
/// H(dataset root ‖ config digest ‖ nonce), writes the initial checkpoint, a checkpoint after every
/// <c>interval</c>-th step and after the last, records every step, and finally writes <c>training.log</c>.
/// </summary>
public static class TrainingLogWriter
{
    /// <summary>Runs the whole configured training into <paramref name="directory"/>.</summary>
    /// <param name="configPath">The configuration file (copied to <c>DIR/config.json</c> byte for byte).</param>
    /// <param name="datasetRoot">The committed records root of the training source.</param>
    /// <param name="datasetRecordCount">The committed record count.</param>
    /// <param name="nonce">0 to 64 bytes.</param>
    /// <param name="interval">Checkpoint interval K ≥ 1; null for <see cref="Audit.CheckpointInterval.For"/> of the run's step count
    /// (the largest K at which an audit re-executing ≤ 5 % of the steps catches 10 % forged segments with probability 0.99).</param>
    /// <param name="directory">The log directory (created; existing files of the same names are replaced).</param>
    /// <param name="options">Threads.</param>
    /// <param name="onStep">Called after every step.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <returns>The finished trainer (for export and accuracy) and the log.</returns>
    /// <exception cref="Core.Errors.ProvenantFormatException">Invalid configuration or data.</exception>
    /// <exception cref="Core.Errors.ProvenantException">A file cannot be read or written.</exception>
    /// <exception cref="ArgumentException">A bad interval, nonce or root length.</exception>
    public static (Trainer Trainer, TrainingLog Log) Train(string configPath, byte[] datasetRoot, long datasetRecordCount, byte[] nonce, int? interval,
        string directory, TrainingOptions? options = null, Action<StepRecord>? onStep = null, CancellationToken cancellationToken = default)
    {
        if (interval is { } given) ArgumentOutOfRangeException.ThrowIfLessThan(given, 1, nameof(interval));
        var configBytes = BoundedFile.ReadAll(configPath, "training configuration", TrainingConfigParser.MaxBytes);
        var parsed = TrainingConfigParser.Load(configPath);
        var commitment = TrainingCommitment.Compute(datasetRoot, parsed.Digest, nonce);
        var config = parsed with { Seed = TrainingCommitment.SeedOf(commitment) };
        var trainer = new Trainer(config, TrainingData.Load(config), options);

        System.IO.Directory.CreateDirectory(Path.Combine(directory, TrainingLog.CheckpointFolder));
        AtomicFile.Write(Path.Combine(directory, TrainingLog.ConfigFileName), configBytes);
        var initial = Save(trainer, directory, null);
        var previous = trainer.Parameters.ToArray();
        var total = trainer.Schedule.TotalSteps;
        var k = interval ?? Audit.CheckpointInterval.For(total);
        var genesis = new LogGenesis(datasetRoot, datasetRecordCount, parsed.Digest, nonce, commitment, config.Seed,
            trainer.ArchitectureDigest, k, total, initial);
        var steps = new List<LogStep>((int)Math.Min(total, int.MaxValue));
        trainer.RunUntil(total, s =>
        {
            var done = s.Step + 1;
            CheckpointEntry? entry = null;
            if (done % k == 0 || done == total)
            {
                entry = Save(trainer, directory, previous);
                previous = trainer.Parameters.ToArray();
            }
            steps.Add(LogStep.From(s, entry));
            onStep?.Invoke(s);
        }, cancellationToken);
        SyncCheckpoints(directory, genesis, steps);
        return (trainer, TrainingLog.Write(directory, genesis, steps));
    }

    /// <summary>
    /// The log entry of <paramref name="trainer"/>'s current state: its checkpoint hash, weights root and the norm of the
    /// change from <paramref name="previous"/> (the parameters at the previous checkpoint; empty for the initial entry, norm 0).
    /// </summary>
    public static CheckpointEntry EntryOf(Trainer trainer, ReadOnlySpan<float> previous)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var checkpoint = trainer.Checkpoint();
        return EntryOf(trainer, checkpoint, checkpoint.Hash(), previous);
    }

    private static CheckpointEntry EntryOf(Trainer trainer, Checkpoint checkpoint, byte[] stateHash, ReadOnlySpan<float> previous) =>
        new(checkpoint.Step, stateHash, WeightsRoot.Of(trainer.ExportOnnx("model"), "checkpoint").Root,
            previous.IsEmpty ? 0 : CheckpointEntry.NormOfChange(previous, checkpoint.Parameters));

    /// <summary>
    /// Writes a checkpoint as a temporary file renamed into place (a reader never sees a partial file) without flushing it
    /// to disk; <see cref="SyncCheckpoints"/> flushes them all before the log that names them is written. One fsync per
    /// step would dominate the cost of small models.
    /// </summary>
    private static CheckpointEntry Save(Trainer trainer, string directory, float[]? previous)
    {
        var c = trainer.Checkpoint();
        var path = Path.Combine(directory, TrainingLog.CheckpointFolder, TrainingLog.CheckpointFileName(c.Step));
        var tmp = path + ".tmp";
        var bytes = c.ToBytes();
        try
        {
            File.WriteAllBytes(tmp, bytes);
            File.Move(tmp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Core.Errors.ProvenantException($"{path}: cannot write: {e.Message}", Core.Errors.ExitCodes.OutputError, e);
        }
        return EntryOf(trainer, c, System.Security.Cryptography.SHA256.HashData(bytes), previous);
    }

    private static void SyncCheckpoints(string directory, LogGenesis genesis, List<LogStep> steps)
    {
        foreach (var step in steps.Where(s => s.Checkpoint is not null).Select(s => s.Checkpoint!.Step).Prepend(genesis.Initial.Step))
        {
            var path = Path.Combine(directory, TrainingLog.CheckpointFolder, TrainingLog.CheckpointFileName(step));
            using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            fs.Flush(flushToDisk: true);
        }
    }
}
