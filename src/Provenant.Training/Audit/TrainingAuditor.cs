using System.Globalization;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Core.Merkle;
using Provenant.Formats.Datasets;
using Provenant.Training.Config;
using Provenant.Training.Data;
using Provenant.Training.Log;

namespace Provenant.Training.Audit;

/// <summary>
/// The sampled, bit-exact audit of a proof-of-learning log (docs/training.md, "Sampled audit"). Checks, in order:
/// the log parses; the configuration copy has the logged digest; the commitment and seed follow from the trusted
/// dataset root, the config digest and the nonce; the data on disk is the committed data; the step count, every
/// batch (the committed-seed schedule), epoch, FLOP count and checkpoint position; an inclusion proof of every
/// record used under the dataset root; every checkpoint file named by the log exists; the initial state follows from
/// the seed; Fiat–Shamir-sampled segments plus the top-Q by logged update norm re-execute bit-exactly; the last
/// checkpoint's weights root equals the model's tensor root; the recomputed FLOPs are within the threshold.
/// Hostile input never throws out of <c>Audit</c>: it becomes a failed check naming the file and field.
/// </summary>
public static class TrainingAuditor
{
    /// <summary>Audits the log in <paramref name="logDirectory"/> against a trusted dataset commitment (its data read from
    /// <see cref="AuditOptions.DataPath"/> or the commitment's <c>sourcePath</c>) and a model file.</summary>
    public static AuditReport Audit(string logDirectory, DatasetCommitment dataset, string modelPath, AuditOptions? options = null,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new AuditOptions();
        progress?.Report("reading the committed dataset");
        var clock = PhaseClock.Start();
        CommittedData data;
        try
        {
            data = CommittedData.Load(dataset, options.DataPath, cancellationToken);
        }
        catch (ProvenantException e)
        {
            return new AuditReport { Checks = [new AuditCheck("dataset", false, e.Message)], ForgedFraction = options.ForgedFraction };
        }
        var datasetPhase = clock.Lap("dataset");
        var report = Audit(logDirectory, data, modelPath, options, progress, cancellationToken);
        return report with { Phases = [datasetPhase, .. report.Phases] };
    }

    /// <summary>Audits the log in <paramref name="logDirectory"/> against already verified committed data and a model file.</summary>
    public static AuditReport Audit(string logDirectory, CommittedData data, string modelPath, AuditOptions? options = null,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logDirectory);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(modelPath);
        options ??= new AuditOptions();
        var dataset = data.Commitment;
        var checks = new List<AuditCheck>();
        var phases = new List<AuditPhase>();
        var report = new AuditReport { Checks = checks, ForgedFraction = options.ForgedFraction, Phases = phases };
        var clock = PhaseClock.Start();
        void Phase(string name) => phases.Add(clock.Lap(name));
        void Add(string name, bool passed, string detail) => checks.Add(new AuditCheck(name, passed, detail));
        bool Try(string name, Action action)
        {
            try
            {
                action();
                return true;
            }
            catch (ProvenantException e)
            {
                Add(name, false, e.Message);
                return false;
            }
            catch (FileNotFoundException e)
            {
                Add(name, false, e.Message);
                return false;
            }
        }

        TrainingLog log = null!;
        if (!Try("log", () => log = TrainingLog.Read(logDirectory))) return report;
        report = report with { LogRoot = log.RootHex, TotalSteps = log.Steps.Count, SegmentCount = log.SegmentCount };
        Add("log", true, $"{log.Steps.Count} steps, {log.Checkpoints.Count} checkpoints, root {log.RootHex}");
        var g = log.Genesis;

        TrainingConfig config = null!;
        if (!Try("config", () => config = log.LoadConfig())) return report;
        Add("config", true, $"{TrainingLog.ConfigFileName} has the logged digest {Hex.Encode(g.ConfigDigest)}");

        var commitment = TrainingCommitment.Compute(dataset.RecordsRoot, g.ConfigDigest, g.Nonce);
        if (!g.DatasetRoot.AsSpan().SequenceEqual(dataset.RecordsRoot) || g.DatasetRecordCount != dataset.RecordCount)
        {
            Add("commitment", false, $"genesis.datasetRoot {Hex.Encode(g.DatasetRoot)} ({g.DatasetRecordCount} records) is not the dataset commitment's {dataset.RecordsRootHex} ({dataset.RecordCount} records)");
            return report;
        }
        if (!commitment.AsSpan().SequenceEqual(g.Commitment) || TrainingCommitment.SeedOf(commitment) != g.Seed)
        {
            Add("commitment", false, $"genesis.commitment/seed do not equal H(dataset root ‖ config digest ‖ nonce) = {Hex.Encode(commitment)}");
            return report;
        }
        Add("commitment", true, $"seed {g.Seed} = H(dataset root ‖ config digest ‖ nonce {Hex.Encode(g.Nonce)})");
        Phase("log");

        LabelledDataset train = null!;
        if (!Try("dataset", () => train = data.TrainSource(config.Dataset.TrainLimit))) return report;
        Phase("training source");
        var countOk = config.Dataset.TrainLimit is null && dataset.Format == DatasetFormat.Csv ? train.Count == dataset.RecordCount : train.Count <= dataset.RecordCount;
        if (!countOk)
        {
            Add("dataset", false, $"the training source reads {train.Count} records, the commitment has {dataset.RecordCount} (header rows or format differ)");
            return report;
        }
        Add("dataset", true, $"files and records root match the commitment; training source {train.Count} records");

        Trainer trainer = null!;
        if (!Try("trainer", () => trainer = new Trainer(config, TrainingData.FromTrainSource(config, train), new TrainingOptions(options.Threads)))) return report;
        Phase("trainer");
        if (!trainer.ArchitectureDigest.AsSpan().SequenceEqual(g.ArchitectureDigest))
        {
            Add("architecture", false, $"genesis.architectureDigest {Hex.Encode(g.ArchitectureDigest)} is not the configuration's network {Hex.Encode(trainer.ArchitectureDigest)}");
            return report;
        }
        var total = trainer.Schedule.TotalSteps;
        if (g.TotalSteps != total || log.Steps.Count != total)
        {
            Add("steps", false, $"the configuration runs {total} steps; genesis.totalSteps is {g.TotalSteps} and the log holds {log.Steps.Count} (truncated or extended)");
            return report;
        }

        if (!CheckSteps(log, trainer, train.Count, Add, out var used)) return report;
        Phase("batches");
        if (!CheckRecords(used, data, train.Count, options.InclusionProofs, Add)) return report;
        Phase("record indices");
        report = report with { TotalFlops = trainer.TotalFlops() };
        if (options.MaxFlops is { } max)
        {
            var within = report.TotalFlops <= max;
            Add("compute", within, string.Create(CultureInfo.InvariantCulture, $"recomputed total {report.TotalFlops:E4} FLOPs {(within ? "≤" : ">")} threshold {max:E4}"));
        }

        var missing = log.MissingCheckpointFiles();
        if (missing.Count > 0)
        {
            Add("checkpoints", false, $"{missing.Count} checkpoint file(s) named by {TrainingLog.LogFileName} are missing, first {missing[0]}");
            return report;
        }
        Add("checkpoints", true, $"all {log.Checkpoints.Count} checkpoint files present");
        Phase("flops and checkpoint files");

        var initial = TrainingLogWriter.EntryOf(trainer, []);
        var initialOk = initial.StateHash.AsSpan().SequenceEqual(g.Initial.StateHash) && initial.WeightsRoot.AsSpan().SequenceEqual(g.Initial.WeightsRoot);
        Add("initial weights", initialOk, initialOk
            ? $"step-0 state {initial.StateHashHex} follows from the committed seed"
            : $"genesis.initial.stateHash {g.Initial.StateHashHex} is not the seed's initial state {initial.StateHashHex}");
        if (!initialOk) return report;
        Phase("initial state");

        var forgedCount = EscapeProbability.ForgedCount(options.ForgedFraction, log.SegmentCount);
        var sampleSize = options.Detection is { } detection
            ? EscapeProbability.SampleSizeFor(log.SegmentCount, forgedCount, 1 - detection)
            : SegmentSampler.SizeFor(options.SampleFraction, log.SegmentCount);
        var sampled = SegmentSampler.Sample(log.Root, log.SegmentCount, sampleSize);
        var top = Enumerable.Range(0, log.SegmentCount).Except(sampled)
            .OrderByDescending(j => log.Checkpoints[j + 1].UpdateNorm).ThenBy(j => j).Take(Math.Max(0, options.TopQ)).Order().ToArray();
        report = report with
        {
            SampledSegments = sampled,
            TopSegments = top,
            EscapeProbability = EscapeProbability.Of(log.SegmentCount, forgedCount, sampled.Length),
        };
        long reExecuted = 0;
        foreach (var j in sampled.Concat(top).Order())
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report($"re-executing segment {j}");
            var r = SegmentReplay.Segment(trainer, log, j);
            var span = $"steps {log.Checkpoints[j].Step}…{log.Checkpoints[j + 1].Step - 1}";
            Add($"segment {j}", r.IsValid, r.IsValid ? $"{span} re-executed bit-exactly{(top.Contains(j) ? " (top update norm)" : "")}" : $"{span}: {r.Reason}");
            reExecuted += log.Checkpoints[j + 1].Step - log.Checkpoints[j].Step;
        }
        report = report with { StepsReExecuted = reExecuted };
        Phase("re-execution");

        var last = log.Checkpoints[^1];
        Try("final model", () =>
        {
            if (last.Step != total) throw new ProvenantException($"{TrainingLog.LogFileName}: the last checkpoint is after step {last.Step}, not after the last step {total}");
            log.LoadCheckpoint(last);
            var model = WeightsRoot.OfFile(modelPath);
            if (!model.Root.AsSpan().SequenceEqual(last.WeightsRoot))
            {
                throw new ProvenantException($"{modelPath}: tensor root {model.RootHex} is not the final checkpoint's weights root {last.WeightsRootHex} ({log.CheckpointPath(last.Step)})", ExitCodes.VerificationFailed);
            }
            Add("final model", true, $"{Path.GetFileName(modelPath)} tensor root {model.RootHex} = final checkpoint (step {last.Step}) weights root");
        });
        Phase("final model");
        return report;
    }

    private static bool CheckSteps(TrainingLog log, Trainer trainer, int available, Action<string, bool, string> add, out int[] used)
    {
        var k = log.Genesis.CheckpointInterval;
        var total = log.Steps.Count;
        var seen = new bool[available];
        var distinct = 0;
        used = [];
        long loggedFlops = 0;
        foreach (var s in log.Steps)
        {
            var expected = trainer.Schedule.Batch(s.Step);
            if (!s.Records.AsSpan().SequenceEqual(expected))
            {
                add("batches", false, $"{TrainingLog.LogFileName}: leaf[{s.Step + 1}].records (step {s.Step}) is not the committed-seed schedule's batch (reordered or swapped data)");
                return false;
            }
            if (s.Epoch != trainer.Schedule.EpochOf(s.Step) || s.Flops != trainer.StepFlops(s.Records.Length))
            {
                add("batches", false, $"{TrainingLog.LogFileName}: leaf[{s.Step + 1}] (step {s.Step}) has epoch {s.Epoch} and {s.Flops} FLOPs; recomputed {trainer.Schedule.EpochOf(s.Step)} and {trainer.StepFlops(s.Records.Length)}");
                return false;
            }
            var due = (s.Step + 1) % k == 0 || s.Step + 1 == total;
            if (due != (s.Checkpoint is not null))
            {
                add("batches", false, $"{TrainingLog.LogFileName}: leaf[{s.Step + 1}].checkpoint (step {s.Step}) is {(due ? "missing" : "unexpected")} for interval {k}");
                return false;
            }
            loggedFlops += s.Flops;
            foreach (var r in s.Records)
            {
                if (r < 0 || r >= available)
                {
                    add("batches", false, $"{TrainingLog.LogFileName}: leaf[{s.Step + 1}] (step {s.Step}) uses record {r}, outside the {available} training records of the committed dataset");
                    return false;
                }
                if (!seen[r])
                {
                    seen[r] = true;
                    distinct++;
                }
            }
        }
        add("batches", true, string.Create(CultureInfo.InvariantCulture, $"all {total} batches follow the committed seed; logged FLOPs {loggedFlops:E4} recomputed per step"));
        used = new int[distinct];
        for (int i = 0, n = 0; i < seen.Length; i++)
        {
            if (seen[i]) used[n++] = i;
        }
        return true;
    }

    /// <summary>
    /// Every record a batch used is in the committed dataset. The auditor recomputed the records root from the data it
    /// holds (<see cref="CommittedData"/>), so record i of the training source is leaf i of the committed tree and an index
    /// below the committed count is the whole check; an RFC 9162 inclusion proof of such a leaf against that same root
    /// is true by construction. With <paramref name="proofs"/> the proofs are still generated and verified, one per
    /// distinct record (for handing to a party that does not hold the data).
    /// </summary>
    private static bool CheckRecords(int[] used, CommittedData data, int available, bool proofs, Action<string, bool, string> add)
    {
        var dataset = data.Commitment;
        if (available > dataset.RecordCount || data.LeafHashes.Count != dataset.RecordCount)
        {
            add("inclusion", false, $"the training source has {available} records and the recomputed tree {data.LeafHashes.Count} leaves; the commitment has {dataset.RecordCount}");
            return false;
        }
        if (!proofs)
        {
            add("inclusion", true, $"{used.Length} distinct records used, each index < {available} of the training source, whose records are leaves 0…{available - 1} of the records root {dataset.RecordsRootHex} recomputed from the data");
            return true;
        }
        var levels = new LeafLevels(data.LeafHashes);
        var n = (ulong)dataset.RecordCount;
        foreach (var i in used)
        {
            var proof = InclusionProof.Generate(levels, (ulong)i, n);
            var v = InclusionProof.Verify((ulong)i, n, data.LeafHashes[i], proof, dataset.RecordsRoot);
            if (!v.IsValid)
            {
                add("inclusion", false, $"record {i}: {v.Reason}");
                return false;
            }
        }
        add("inclusion", true, $"{used.Length} distinct records used, each with an RFC 9162 inclusion proof under {dataset.RecordsRootHex}");
        return true;
    }
}
