// Training-log and sampled-audit benchmark (bench/training-audit.sh). Prints markdown tables:
//  1. training throughput (digits MLP full run with and without the proof-of-learning log; Fashion-MNIST CNN first STEPS steps);
//  2. audit cost as a fraction of the logged training time at 1 %, 5 %, 10 % sampling (top-Q 0, so the fraction is exact);
//  3. detection probability vs forged fraction: the real Fiat–Shamir sampler over many random forgeries (random forged
//     segment sets, random log roots), next to the hypergeometric value;
//  4. real forged runs (one-ulp perturbation at the end of each forged segment, training continued from the forged state,
//     log rewritten consistently) audited end to end, and what a tolerance-based PoL check would accept on the same segments.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Provenant.Formats.Datasets;
using Provenant.Training;
using Provenant.Training.Audit;
using Provenant.Training.Checkpoints;
using Provenant.Training.Config;
using Provenant.Training.Data;
using Provenant.Training.Log;
using Provenant.Training.Random;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var repo = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
var trials = int.Parse(Environment.GetEnvironmentVariable("TRIALS") ?? "20000", CultureInfo.InvariantCulture);
var forgedRuns = int.Parse(Environment.GetEnvironmentVariable("FORGED_RUNS") ?? "10", CultureInfo.InvariantCulture);
var cnnSteps = int.Parse(Environment.GetEnvironmentVariable("STEPS") ?? "200", CultureInfo.InvariantCulture);
var work = Path.Combine(Path.GetTempPath(), "provenant-training-audit-bench-" + Environment.ProcessId);
Directory.CreateDirectory(work);
try
{
    var digitsConfig = Path.Combine(repo, "samples", "models", "digits-mlp", "train.json");
    var digitsData = Path.Combine(repo, "samples", "datasets", "sklearn-digits", "digits.csv.gz");
    var dataset = DatasetCommitter.Commit(digitsData);
    Console.WriteLine($"{Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; 1 training thread");
    Console.WriteLine();

    // 1. throughput
    Console.WriteLine("| run | steps | samples | seconds | samples/s |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    var plain = TrainingConfigParser.Load(digitsConfig);
    var clock = Stopwatch.StartNew();
    var t0 = new Trainer(plain, TrainingData.Load(plain));
    long samples = 0;
    t0.RunUntil(t0.Schedule.TotalSteps, s => samples += s.Records.Length);
    var plainSeconds = clock.Elapsed.TotalSeconds;
    Row("digits MLP, no log", t0.Schedule.TotalSteps, samples, plainSeconds);
    var logDir = Path.Combine(work, "honest");
    clock.Restart();
    var (trainer, log) = TrainingLogWriter.Train(digitsConfig, dataset.RecordsRoot, dataset.RecordCount, [1], 1, logDir);
    var trainSeconds = clock.Elapsed.TotalSeconds;
    Row("digits MLP, log K=1 (1351 checkpoints)", log.Steps.Count, samples, trainSeconds);
    var model = Path.Combine(work, "digits.onnx");
    Provenant.Formats.Onnx.OnnxModelWriter.Write(model, trainer.ExportOnnx("digits"));
    var fashionConfig = Path.Combine(repo, "samples", "models", "fashion-cnn", "train.json");
    if (File.Exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"))
    {
        var fc = TrainingConfigParser.Load(fashionConfig);
        var ft = new Trainer(fc, TrainingData.Load(fc));
        long fs = 0;
        clock.Restart();
        ft.RunUntil(cnnSteps, s => fs += s.Records.Length);
        Row($"Fashion-MNIST CNN, no log, first {cnnSteps} steps", cnnSteps, fs, clock.Elapsed.TotalSeconds);
    }
    Console.WriteLine();

    // 2. audit cost
    clock.Restart();
    var data = CommittedData.Load(dataset);
    data.TrainSource(null);
    var dataSeconds = clock.Elapsed.TotalSeconds;
    TrainingAuditor.Audit(logDir, data, model, new AuditOptions(0.01, 0)); // warm-up (JIT), not timed
    Console.WriteLine($"Audit of the digits MLP log: {log.SegmentCount} segments of 1 step. Training took {trainSeconds:F2} s with the log, {plainSeconds:F2} s without.");
    Console.WriteLine($"Re-reading and checking the committed dataset (file hashes, records root, leaf hashes, parse): {dataSeconds:F3} s, once per dataset ({dataSeconds / trainSeconds:P2} of logged training).");
    Console.WriteLine();
    Console.WriteLine("| sampling | segments re-executed | fraction of steps | log audit s | + dataset s | total / logged training | total / unlogged training | verdict |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---|");
    foreach (var f in new[] { 0.01, 0.05, 0.10 })
    {
        var best = double.MaxValue;
        AuditReport report = null!;
        for (var rep = 0; rep < 3; rep++)
        {
            clock.Restart();
            report = TrainingAuditor.Audit(logDir, data, model, new AuditOptions(f, 0));
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        var total = best + dataSeconds;
        Console.WriteLine($"| {f:P0} | {report.SampledSegments.Count} | {report.FractionReExecuted:P2} | {best:F3} | {dataSeconds:F3} | {total / trainSeconds:P2} | {total / plainSeconds:P1} | {(report.Passed ? "PASS" : "FAIL")} |");
    }
    Console.WriteLine();

    // 3. detection probability, sampler over random forgeries
    var m = log.SegmentCount;
    Console.WriteLine($"Detection probability, {m} segments, {trials} random forgeries per cell (random forged set, random log root; real sampler). Empirical / hypergeometric:");
    Console.WriteLine();
    Console.WriteLine("| forged fraction | 1 % sampled | 5 % sampled | 10 % sampled |");
    Console.WriteLine("|---:|---:|---:|---:|");
    var rng = new SplitMix64(20251121);
    foreach (var phi in new[] { 0.01, 0.05, 0.10, 0.20 })
    {
        var cells = new List<string>();
        foreach (var f in new[] { 0.01, 0.05, 0.10 })
        {
            var n = SegmentSampler.SizeFor(f, m);
            var forgedCount = EscapeProbability.ForgedCount(phi, m);
            var detected = 0;
            var order = Enumerable.Range(0, m).ToArray();
            for (var t = 0; t < trials; t++)
            {
                rng.Shuffle(order.AsSpan());
                var forged = new HashSet<int>(order[..forgedCount]);
                var root = SHA256.HashData(BitConverter.GetBytes(rng.NextUInt64()));
                if (SegmentSampler.Sample(root, m, n).Any(forged.Contains)) detected++;
            }
            cells.Add($"{(double)detected / trials:F4} / {1 - EscapeProbability.Of(m, forgedCount, n):F4}");
        }
        Console.WriteLine($"| {phi:P0} | {string.Join(" | ", cells)} |");
    }
    Console.WriteLine();

    // 4. real forged runs
    var config = log.LoadConfig();
    var detectedRuns = 0;
    long forgedSegments = 0, tolerantAccepts1 = 0, tolerantAccepts10 = 0, exactAccepts = 0;
    double maxRelative = 0;
    var forgeClock = Stopwatch.StartNew();
    var auditSeconds = 0.0;
    for (var r = 0; r < forgedRuns; r++)
    {
        var dir = Path.Combine(work, "forged");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        var plan = Enumerable.Range(0, m).ToArray();
        rng.Shuffle(plan.AsSpan());
        var forgedSet = new HashSet<int>(plan[..EscapeProbability.ForgedCount(0.10, m)]);
        var (forgedTrainer, forgedLog) = ForgedRun(digitsConfig, dataset, dir, forgedSet);
        var forgedModel = Path.Combine(work, "forged.onnx");
        Provenant.Formats.Onnx.OnnxModelWriter.Write(forgedModel, forgedTrainer.ExportOnnx("forged"));
        clock.Restart();
        var report = TrainingAuditor.Audit(dir, data, forgedModel, new AuditOptions(0.05, 0));
        auditSeconds += clock.Elapsed.TotalSeconds;
        if (!report.Passed) detectedRuns++;
        // every forged segment: exact check vs tolerance check (re-executed end state vs logged end state)
        var replayer = new Trainer(config, TrainingData.FromTrainSource(config, data.TrainSource(config.Dataset.TrainLimit)));
        foreach (var j in forgedSet)
        {
            forgedSegments++;
            var start = forgedLog.LoadCheckpoint(forgedLog.Checkpoints[j]);
            replayer.Restore(start);
            replayer.RunUntil(forgedLog.Checkpoints[j + 1].Step);
            var logged = forgedLog.LoadCheckpoint(forgedLog.Checkpoints[j + 1]).Parameters;
            var distance = CheckpointEntry.NormOfChange(replayer.Parameters, logged);
            var update = CheckpointEntry.NormOfChange(start.Parameters, logged);
            maxRelative = Math.Max(maxRelative, distance / update);
            if (distance <= 0.01 * update) tolerantAccepts1++;
            if (distance <= 0.10 * update) tolerantAccepts10++;
            if (replayer.Checkpoint().Hash().AsSpan().SequenceEqual(forgedLog.Checkpoints[j + 1].StateHash)) exactAccepts++;
        }
    }
    Console.WriteLine($"Real forged runs: {forgedRuns} digits-MLP runs with 10 % of segments forged (one-ulp change of one weight at the segment's end, training continued from it, log consistent), audited at 5 % sampling (top-Q 0).");
    Console.WriteLine();
    Console.WriteLine("| check | forged runs rejected | forged segments accepted |");
    Console.WriteLine("|---|---:|---:|");
    Console.WriteLine($"| Provenant sampled audit (5 %, bit-exact) | {detectedRuns} / {forgedRuns} | — |");
    Console.WriteLine($"| bit-exact re-execution of each forged segment | — | {exactAccepts} / {forgedSegments} |");
    Console.WriteLine($"| tolerance check, ‖W_reexec − W_logged‖ ≤ 1 % of the segment's update norm (PoL-style) | — | {tolerantAccepts1} / {forgedSegments} |");
    Console.WriteLine($"| tolerance check, ≤ 10 % of the update norm | — | {tolerantAccepts10} / {forgedSegments} |");
    Console.WriteLine();
    Console.WriteLine($"largest relative distance of a forged segment: {maxRelative:E2}; mean audit time per forged run {auditSeconds / Math.Max(1, forgedRuns):F3} s; forging + auditing took {forgeClock.Elapsed.TotalSeconds:F0} s");
    Console.WriteLine();

    // 5. the Fashion-MNIST CNN's segment counts: detection-targeted sample (audit-training --detection 0.99) vs 5 %
    Console.WriteLine($"Detection at the Fashion-MNIST CNN's segment counts (938: one epoch at K=1 or two at K=2; 1876: two epochs at K=1), 10 % of segments forged, {trials} random forgeries per cell (real sampler). Empirical / hypergeometric:");
    Console.WriteLine();
    Console.WriteLine("| segments | K | sample | segments sampled | fraction of steps re-executed | detection |");
    Console.WriteLine("|---:|---:|---|---:|---:|---:|");
    foreach (var (segments, k) in new[] { (938, 1), (938, 2), (1876, 1) })
    {
        var forgedCount = EscapeProbability.ForgedCount(0.10, segments);
        foreach (var (label, n) in new[] { ("--detection 0.99", EscapeProbability.SampleSizeFor(segments, forgedCount, 0.01)), ("5 %", SegmentSampler.SizeFor(0.05, segments)) })
        {
            var detected = 0;
            var order = Enumerable.Range(0, segments).ToArray();
            for (var t = 0; t < trials; t++)
            {
                rng.Shuffle(order.AsSpan());
                var forged = new HashSet<int>(order[..forgedCount]);
                if (SegmentSampler.Sample(SHA256.HashData(BitConverter.GetBytes(rng.NextUInt64())), segments, n).Any(forged.Contains)) detected++;
            }
            Console.WriteLine($"| {segments} | {k} | {label} | {n} | {(double)n * k / (segments * k):P2} | {(double)detected / trials:F4} / {1 - EscapeProbability.Of(segments, forgedCount, n):F4} |");
        }
    }
    Console.WriteLine();

    // 6. real forged Fashion-MNIST CNN runs (FORGED_CNN_RUNS, default 0: each is a whole CNN training)
    var forgedCnn = int.Parse(Environment.GetEnvironmentVariable("FORGED_CNN_RUNS") ?? "0", CultureInfo.InvariantCulture);
    var cnnEpochs = Environment.GetEnvironmentVariable("CNN_EPOCHS") ?? "1";
    if (forgedCnn > 0 && File.Exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"))
    {
        var cnnConfig = Path.Combine(work, "fashion-cnn.json");
        File.WriteAllText(cnnConfig, File.ReadAllText(fashionConfig).Replace("\"epochs\": 2", $"\"epochs\": {cnnEpochs}", StringComparison.Ordinal));
        var fashion = DatasetCommitter.Commit("/usr/share/datasets/fashion-mnist", new DatasetCommitOptions { Format = DatasetFormat.Idx });
        var fashionData = CommittedData.Load(fashion);
        var caught = 0;
        var escapes = new List<double>();
        for (var r = 0; r < forgedCnn; r++)
        {
            var dir = Path.Combine(work, "forged-cnn");
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
            var total = new Trainer(TrainingConfigParser.Load(cnnConfig), TrainingData.Load(TrainingConfigParser.Load(cnnConfig))).Schedule.TotalSteps;
            var plan = Enumerable.Range(0, (int)total).ToArray();
            rng.Shuffle(plan.AsSpan());
            var (forgedTrainer, _) = ForgedRun(cnnConfig, fashion, dir, new HashSet<int>(plan[..EscapeProbability.ForgedCount(0.10, (int)total)]));
            var forgedModel = Path.Combine(work, "forged-cnn.onnx");
            Provenant.Formats.Onnx.OnnxModelWriter.Write(forgedModel, forgedTrainer.ExportOnnx("forged"));
            var report = TrainingAuditor.Audit(dir, fashionData, forgedModel, new AuditOptions(Detection: 0.99, TopQ: 0));
            if (!report.Passed) caught++;
            escapes.Add(report.EscapeProbability);
            Console.WriteLine($"forged CNN run {r + 1}: {report.SegmentCount} segments, sampled {report.SampledSegments.Count} ({report.FractionReExecuted:P2} of steps), escape probability {report.EscapeProbability:E3}, verdict {(report.Passed ? "PASS (escaped)" : "FAIL (caught)")}");
        }
        Console.WriteLine($"Real forged Fashion-MNIST CNN runs ({cnnEpochs} epoch(s), K=1, 10 % of segments forged by one ulp, audited with --detection 0.99, top-Q 0): {caught} / {forgedCnn} caught; computed detection {1 - escapes.Average():F4}.");
    }
}
finally
{
    Directory.Delete(work, true);
}

static void Row(string name, long steps, long samples, double seconds) =>
    Console.WriteLine($"| {name} | {steps} | {samples} | {seconds:F2} | {samples / seconds:F0} |");

// A forger's run: honest training, except that at the end of each forged segment one weight is moved by one ulp
// (standing in for any cheaper, non-genuine update); training continues from the forged state and the log, its
// checkpoints and hashes are written consistently, so only the forged segments fail to re-execute.
static (Trainer Trainer, TrainingLog Log) ForgedRun(string configPath, DatasetCommitment dataset, string dir, HashSet<int> forged)
{
    var parsed = TrainingConfigParser.Load(configPath);
    var commitment = TrainingCommitment.Compute(dataset.RecordsRoot, parsed.Digest, [1]);
    var config = parsed with { Seed = TrainingCommitment.SeedOf(commitment) };
    var trainer = new Trainer(config, TrainingData.Load(config));
    Directory.CreateDirectory(Path.Combine(dir, TrainingLog.CheckpointFolder));
    var initial = Save(trainer, dir, null);
    var previous = trainer.Parameters.ToArray();
    var total = trainer.Schedule.TotalSteps;
    var genesis = new LogGenesis(dataset.RecordsRoot, dataset.RecordCount, parsed.Digest, [1], commitment, config.Seed, trainer.ArchitectureDigest, 1, total, initial);
    File.Copy(configPath, Path.Combine(dir, TrainingLog.ConfigFileName), overwrite: true);
    var steps = new List<LogStep>();
    trainer.RunUntil(total, s =>
    {
        if (forged.Contains((int)s.Step))
        {
            var c = trainer.Checkpoint();
            var p = (float[])c.Parameters.Clone();
            var i = (int)(s.Step * 7919 % p.Length);
            p[i] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(p[i]) + 1);
            trainer.Restore(new Checkpoint(c.Step, c.ArchitectureDigest, c.ConfigDigest, p, c.OptimizerKind, c.Scalars, c.State));
        }
        var entry = Save(trainer, dir, previous);
        previous = trainer.Parameters.ToArray();
        steps.Add(LogStep.From(s, entry));
    });
    return (trainer, TrainingLog.Write(dir, genesis, steps));
}

static CheckpointEntry Save(Trainer trainer, string dir, float[]? previous)
{
    var c = trainer.Checkpoint();
    File.WriteAllBytes(Path.Combine(dir, TrainingLog.CheckpointFolder, TrainingLog.CheckpointFileName(c.Step)), c.ToBytes());
    return TrainingLogWriter.EntryOf(trainer, previous ?? []);
}
