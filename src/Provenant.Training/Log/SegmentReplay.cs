using System.Globalization;
using Provenant.Core;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;

namespace Provenant.Training.Log;

/// <summary>
/// Re-executes logged steps bit-exactly from a checkpoint and compares every step record and the closing checkpoint
/// with the log. A trainer for the log's configuration (seed from the genesis record) and the committed data does the
/// work; its state is replaced. Used by the sampled audit and usable by a dispute referee.
/// </summary>
public static class SegmentReplay
{
    /// <summary>
    /// A trainer for re-executing <paramref name="log"/>'s steps: the configuration copy in the log directory (digest
    /// checked against the genesis record) with the committed seed, over <paramref name="trainSource"/> (the committed
    /// training source, e.g. <c>Audit.CommittedData.TrainSource</c> with the configuration's <c>trainLimit</c>).
    /// </summary>
    /// <exception cref="ProvenantException">The configuration copy is missing, invalid or not the logged one.</exception>
    public static Trainer CreateTrainer(TrainingLog log, Formats.Datasets.LabelledDataset trainSource, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        var config = log.LoadConfig();
        return new Trainer(config, Data.TrainingData.FromTrainSource(config, trainSource), options);
    }

    /// <summary>Re-executes segment <paramref name="segment"/> (checkpoint j to checkpoint j + 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such segment.</exception>
    public static VerificationResult Segment(Trainer trainer, TrainingLog log, int segment)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfNegative(segment);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(segment, log.SegmentCount);
        return Steps(trainer, log, log.Checkpoints[segment], log.Checkpoints[segment + 1]);
    }

    /// <summary>
    /// Restores the checkpoint of <paramref name="start"/> (its file must hash to the logged value), runs to
    /// <paramref name="end"/>.Step, and requires each step's batch, loss bits and FLOPs to equal the log's and the
    /// final state's hash and weights root to equal <paramref name="end"/>. Never throws for hostile files: a missing,
    /// corrupt or mismatching checkpoint is a rejection naming the file.
    /// </summary>
    public static VerificationResult Steps(Trainer trainer, TrainingLog log, CheckpointEntry start, CheckpointEntry end)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(end);
        if (end.Step <= start.Step || end.Step > log.Steps.Count)
        {
            return VerificationResult.Rejected($"steps {start.Step}…{end.Step} are not a span of the log's {log.Steps.Count} steps");
        }
        float[] before;
        try
        {
            var checkpoint = log.LoadCheckpoint(start);
            trainer.Restore(checkpoint);
            before = checkpoint.Parameters;
        }
        catch (ProvenantException e)
        {
            return VerificationResult.Rejected(e.Message);
        }
        string? mismatch = null;
        trainer.RunUntil(end.Step, s =>
        {
            if (mismatch is not null) return;
            var logged = log.Steps[(int)s.Step];
            if (!logged.Records.AsSpan().SequenceEqual(s.Records)) mismatch = $"step {s.Step}: the logged batch differs from the re-executed schedule's";
            else if (BitConverter.DoubleToInt64Bits(logged.Loss) != BitConverter.DoubleToInt64Bits(s.Loss))
                mismatch = string.Create(CultureInfo.InvariantCulture, $"step {s.Step}: logged loss {logged.Loss:R}, re-executed {s.Loss:R}");
            else if (logged.Flops != s.Flops) mismatch = $"step {s.Step}: logged {logged.Flops} FLOPs, re-executed {s.Flops}";
            else if (logged.Epoch != s.Epoch) mismatch = $"step {s.Step}: logged epoch {logged.Epoch}, re-executed {s.Epoch}";
        });
        if (mismatch is not null) return VerificationResult.Rejected(mismatch);
        var state = TrainingLogWriter.EntryOf(trainer, before);
        if (!state.StateHash.AsSpan().SequenceEqual(end.StateHash))
        {
            return VerificationResult.Rejected($"step {end.Step}: re-executed state sha256 {state.StateHashHex}, logged {end.StateHashHex}");
        }
        if (!state.WeightsRoot.AsSpan().SequenceEqual(end.WeightsRoot))
        {
            return VerificationResult.Rejected($"step {end.Step}: re-executed weights root {state.WeightsRootHex}, logged {end.WeightsRootHex}");
        }
        if (BitConverter.DoubleToInt64Bits(state.UpdateNorm) != BitConverter.DoubleToInt64Bits(end.UpdateNorm))
        {
            return VerificationResult.Rejected(string.Create(CultureInfo.InvariantCulture, $"step {end.Step}: re-executed update norm {state.UpdateNorm:R}, logged {end.UpdateNorm:R}"));
        }
        return VerificationResult.Valid($"steps {start.Step}…{end.Step - 1} re-executed bit-exactly (state {Hex.Encode(end.StateHash)})");
    }
}
