using Provenant.Core.Merkle;
using Provenant.Training.Audit;
using Provenant.Training.Checkpoints;
using Provenant.Training.Log;
using Provenant.Training.Tests.Log;

namespace Provenant.Training.Tests.Audit;

/// <summary>
/// Forged runs that a trainer could try to pass off; each forger rewrites the log consistently (a log is not signed
/// until the run is over, so the forger controls every byte of it) and the audit, re-executing every segment
/// (fraction 1) or the Fiat–Shamir sample, must fail naming the evidence.
/// </summary>
public class ForgeryTests
{
    private static TrainingLog Rewrite(TrainingLog log, Func<List<LogStep>, List<LogStep>> change, LogGenesis? genesis = null) =>
        TrainingLog.Write(log.Directory, genesis ?? log.Genesis, change([.. log.Steps]));

    private static void AssertFails(AuditReport report, string check, string? detail = null)
    {
        Assert.False(report.Passed);
        var failed = report.Checks.Where(c => !c.Passed).ToList();
        Assert.True(failed.Any(c => c.Name.StartsWith(check, StringComparison.Ordinal) && (detail is null || c.Detail.Contains(detail, StringComparison.Ordinal))),
            string.Join("\n", report.Checks.Select(c => $"{c.Passed} {c.Name}: {c.Detail}")));
    }

    [Fact]
    public void HonestRunPassesWithSampledAndFullAudits()
    {
        using var runs = new LoggedRuns();
        var (_, model) = runs.Train("run");
        var full = runs.Audit("run", model);
        Assert.True(full.Passed, string.Join("\n", full.Checks.Select(c => $"{c.Passed} {c.Name}: {c.Detail}")));
        Assert.Equal(20, full.StepsReExecuted);
        var sampled = runs.Audit("run", model, 0.1, 1);
        Assert.True(sampled.Passed);
        Assert.Equal(2, sampled.SampledSegments.Count);
        Assert.Single(sampled.TopSegments);
        Assert.Equal(3, sampled.StepsReExecuted);
        Assert.Equal(SegmentSampler.Sample(TrainingLog.Read(runs.Tmp["run"]).Root, 20, 2), sampled.SampledSegments);
    }

    [Fact]
    public void SegmentReplacedByWeightsFromAnotherRunIsCaught()
    {
        using var runs = new LoggedRuns();
        var (log, model) = runs.Train("run", "01");
        var (other, _) = runs.Train("other", "02");
        // the forger splices run "other"'s state after step 8 in as its own step-8 checkpoint
        File.Copy(other.CheckpointPath(8), log.CheckpointPath(8), true);
        Rewrite(log, steps =>
        {
            steps[7] = steps[7] with { Checkpoint = other.Steps[7].Checkpoint };
            return steps;
        });
        AssertFails(runs.Audit("run", model), "segment 7", "re-executed state sha256");
    }

    [Fact]
    public void BatchTrainedOnRecordsOutsideTheDatasetIsCaught()
    {
        using var runs = new LoggedRuns();
        var (honest, _) = runs.Train("honest-run");
        // the forger trains on a private copy in which one record used at step 3 is replaced, with the committed seed,
        // so every logged batch index is the committed schedule's and in the dataset
        var record = honest.Steps[3].Records[0];
        Directory.CreateDirectory(runs.Tmp["forger"]);
        var lines = File.ReadAllLines(runs.Tmp["honest/digits.csv"]);
        lines[record] = string.Join(",", Enumerable.Repeat("16", 64)) + ",3";
        File.WriteAllLines(runs.Tmp["forger/digits.csv"], lines);
        var (forged, model) = runs.Train("forged", configPath: runs.Tmp.Write("forger/train.json", runs.ConfigJson));
        Assert.Equal(honest.Genesis.Commitment, forged.Genesis.Commitment);
        var report = runs.Audit("forged", model);
        Assert.Contains(report.Checks, c => c.Name == "batches" && c.Passed);
        Assert.Contains(report.Checks, c => c.Name == "inclusion" && c.Passed);
        AssertFails(report, "segment 3");
        Assert.All(report.Checks.Where(c => c.Name is "segment 0" or "segment 1" or "segment 2"), c => Assert.True(c.Passed));
    }

    [Fact]
    public void BatchIndicesOutsideTheDatasetAreCaught()
    {
        using var runs = new LoggedRuns();
        var (log, model) = runs.Train("run");
        Rewrite(log, steps =>
        {
            steps[5] = steps[5] with { Records = [.. steps[5].Records[..^1], 5000] };
            return steps;
        });
        AssertFails(runs.Audit("run", model), "batches", "leaf[6].records");
    }

    [Fact]
    public void CheckpointPerturbedByOneUlpIsCaughtWhereATolerantCheckWouldAccept()
    {
        using var runs = new LoggedRuns();
        var (log, model) = runs.Train("run");
        var c = Checkpoint.Read(log.CheckpointPath(10));
        var p = (float[])c.Parameters.Clone();
        p[17] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(p[17]) + 1);
        var forged = new Checkpoint(c.Step, c.ArchitectureDigest, c.ConfigDigest, p, c.OptimizerKind, c.Scalars, c.State);
        forged.Write(log.CheckpointPath(10));
        var relative = CheckpointEntry.NormOfChange(c.Parameters, p) / CheckpointEntry.NormOfChange(new float[p.Length], c.Parameters);
        Assert.InRange(relative, 1e-12, 1e-6); // a distance threshold (PoL-style) of any usual size accepts this
        var trainer = new Trainer(log.LoadConfig(), Data.TrainingData.FromTrainSource(log.LoadConfig(), runs.Data.TrainSource(200)));
        trainer.Restore(forged);
        var entry = TrainingLogWriter.EntryOf(trainer, Checkpoint.Read(log.CheckpointPath(9)).Parameters);
        Rewrite(log, steps =>
        {
            steps[9] = steps[9] with { Checkpoint = entry };
            return steps;
        });
        var report = runs.Audit("run", model);
        AssertFails(report, "segment 9", "re-executed state sha256");
        AssertFails(report, "segment 10");
    }

    [Fact]
    public void ReorderedDataIsCaughtOnEveryStepWithoutReExecution()
    {
        using var runs = new LoggedRuns();
        var (log, model) = runs.Train("run");
        Rewrite(log, steps =>
        {
            (steps[2], steps[5]) = (steps[2] with { Records = steps[5].Records }, steps[5] with { Records = steps[2].Records });
            return steps;
        });
        var report = runs.Audit("run", model, fraction: 0);
        AssertFails(report, "batches", "leaf[3].records");
        Assert.Equal(0, report.StepsReExecuted);
    }

    [Fact]
    public void TruncatedOrExtendedLogIsCaught()
    {
        using var runs = new LoggedRuns();
        var (log, model) = runs.Train("run");
        runs.Copy("run", "extended");
        Rewrite(log, steps => steps[..^3]);
        AssertFails(runs.Audit("run", model), "steps", "truncated or extended");
        var extended = TrainingLog.Read(runs.Tmp["extended"]);
        Rewrite(extended, steps => [.. steps, steps[^1] with { Step = 20 }]);
        AssertFails(runs.Audit("extended", model), "steps", "the log holds 21");
    }

    [Fact]
    public void SwappedFinalModelIsCaughtNamingTheFile()
    {
        using var runs = new LoggedRuns(trainLimit: 100);
        runs.Train("run", "01");
        var (_, otherModel) = runs.Train("other", "02");
        AssertFails(runs.Audit("run", otherModel, 0.2), "final model", "other.onnx");
    }

    [Fact]
    public void MissingAndTruncatedCheckpointsFailTheAuditNamingTheFile()
    {
        using var runs = new LoggedRuns(trainLimit: 100);
        var (log, model) = runs.Train("run");
        runs.Copy("run", "truncated");
        File.Delete(log.CheckpointPath(6));
        AssertFails(runs.Audit("run", model), "checkpoints", "0000000006.ckpt");
        Directory.CreateDirectory(log.CheckpointPath(6)); // a folder under the checkpoint's name is no checkpoint file
        AssertFails(runs.Audit("run", model), "checkpoints", "0000000006.ckpt");
        Assert.Equal([log.CheckpointPath(6)], log.MissingCheckpointFiles());
        // symbolic links count as File.Exists counts them (one listing replaced a File.Exists per checkpoint)
        Directory.Delete(log.CheckpointPath(6));
        foreach (var target in new[] { TrainingLog.Read(runs.Tmp["truncated"]).CheckpointPath(6), runs.Tmp["truncated"], log.CheckpointPath(6) + ".nowhere" })
        {
            File.CreateSymbolicLink(log.CheckpointPath(6), target);
            Assert.Equal(File.Exists(log.CheckpointPath(6)), log.MissingCheckpointFiles().Count == 0);
            File.Delete(log.CheckpointPath(6));
        }
        var t = TrainingLog.Read(runs.Tmp["truncated"]);
        var path = t.CheckpointPath(t.Steps.Count);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..200]);
        AssertFails(runs.Audit("truncated", model), "final model", "parameter count");
    }

    [Fact]
    public void EverySingleByteChangeOfTheLogIsRejected()
    {
        using var runs = new LoggedRuns(trainLimit: 40, batch: 8, epochs: 1, layers: """{ "type": "dense", "units": 10 }""",
            optimizer: """{ "type": "sgd", "learningRate": 0.1, "momentum": 0.5 }""");
        var (_, model) = runs.Train("run");
        Assert.True(runs.Audit("run", model).Passed);
        var path = runs.Tmp["run/training.log"];
        var original = File.ReadAllBytes(path);
        var accepted = new List<int>();
        for (var i = 0; i < original.Length; i++)
        {
            foreach (var mask in new byte[] { 0x01, 0x80 })
            {
                var changed = (byte[])original.Clone();
                changed[i] ^= mask;
                File.WriteAllBytes(path, changed);
                if (runs.Audit("run", model).Passed) accepted.Add(i);
            }
        }
        Assert.Empty(accepted);
        Assert.True(original.Length > 500);
    }

    [Fact]
    public void FiatShamirSampleFollowsTheLogRootAndCatchesAForgedSegmentWhenSampled()
    {
        using var runs = new LoggedRuns();
        var (log, model) = runs.Train("run");
        // perturb the loss recorded for step 12: only re-executing segment 12 can notice
        Rewrite(log, steps =>
        {
            steps[12] = steps[12] with { Loss = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(steps[12].Loss) + 1) };
            return steps;
        });
        var root = TrainingLog.Read(runs.Tmp["run"]).Root;
        var sample = SegmentSampler.Sample(root, 20, 4);
        var report = runs.Audit("run", model, 0.2);
        Assert.Equal(sample, report.SampledSegments);
        Assert.Equal(!sample.Contains(12), report.Passed);
        Assert.False(runs.Audit("run", model, 1.0).Passed);
        Assert.NotEqual(Rfc9162.EmptyRoot(), root);
    }
}
