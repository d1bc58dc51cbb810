using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Provenant.Core.Hashing;
using Provenant.Formats.Onnx;
using Provenant.Inference.Graph;
using Provenant.Training;
using Provenant.Training.Checkpoints;
using Provenant.Training.Config;
using Provenant.Training.Data;
using Provenant.Training.Export;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant train --config train.json [--out model.onnx] [--threads N] [--checkpoint FILE] [--resume FILE] [--steps N]
/// [--log DIR [--checkpoint-every K|auto] [--nonce HEX] [--dataset dataset.json]]</c>:
/// deterministic training (docs/training.md). Prints the loss per epoch, the test accuracy, the final
/// checkpoint's SHA-256 and the FLOP total; with <c>--out</c> writes the ONNX model and checks it on the float
/// reference engine against the trainer's logits.
/// </summary>
public sealed class TrainCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var config = new Option<string>("--config") { Description = "Training configuration (JSON)", Required = true };
        var output = new Option<string?>("--out") { Description = "Write the trained model as ONNX here" };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default 1; results do not depend on it)" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Write the final state (weights + optimizer) as a checkpoint here" };
        var resume = new Option<string?>("--resume") { Description = "Continue from this checkpoint" };
        var steps = new Option<long?>("--steps") { Description = "Stop after this many steps in total (default: all epochs)" };
        var log = new Option<string?>("--log") { Description = "Write a proof-of-learning log (step records, checkpoints, provenance) to this directory" };
        var every = new Option<string>("--checkpoint-every")
        {
            Description = "With --log: a checkpoint every K steps (default 1), or 'auto': the largest K at which an audit re-executing ≤ 5 % of the steps catches 10 % forged segments with probability 0.99",
            DefaultValueFactory = _ => "1",
        };
        var nonce = new Option<string?>("--nonce") { Description = "With --log: nonce (hex, ≤ 64 bytes) bound into the seed commitment" };
        var dataset = new Option<string?>("--dataset") { Description = "With --log: the dataset statement the training source must match" };
        var cmd = new Command("train", "Train a model deterministically from a configuration") { config, output, threads, checkpoint, resume, steps, log, every, nonce, dataset };
        cmd.SetAction(r =>
        {
            var t = r.GetValue(threads);
            if (t < 0)
            {
                throw new UsageException("--threads must be 1 or more (0 means 1)");
            }
            if (r.GetValue(log) is { } dir)
            {
                if (r.GetValue(resume) is not null || r.GetValue(steps) is not null || r.GetValue(checkpoint) is not null)
                {
                    throw new UsageException("--log records a whole run from step 0: it cannot be combined with --resume, --steps or --checkpoint");
                }
                int? interval = null;
                if (r.GetValue(every) is not "auto")
                {
                    interval = int.TryParse(r.GetValue(every), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var k) && k >= 1
                        ? k : throw new UsageException("--checkpoint-every must be 1 or more, or auto");
                }
                return LoggedTraining.Run(console, r.GetValue(config)!, dir, interval, r.GetValue(nonce), r.GetValue(dataset), r.GetValue(output), Math.Max(1, t));
            }
            if (r.GetValue(nonce) is not null || r.GetValue(dataset) is not null)
            {
                throw new UsageException("--nonce and --dataset apply only with --log");
            }
            var cfg = TrainingConfigParser.Load(r.GetValue(config)!);
            var data = TrainingData.Load(cfg);
            var trainer = new Trainer(cfg, data, new TrainingOptions(Math.Max(1, t)));
            if (r.GetValue(resume) is { } from)
            {
                trainer.Restore(Checkpoint.Read(from));
            }
            var end = r.GetValue(steps) ?? trainer.Schedule.TotalSteps;
            if (end < trainer.Step || end > trainer.Schedule.TotalSteps)
            {
                throw new UsageException($"--steps must lie in {trainer.Step}…{trainer.Schedule.TotalSteps}");
            }
            console.Out.WriteLine($"training {trainer.ParameterCount} parameters on {data.TrainRecords.Count} records ({data.TestRecords.Count} test), " +
                $"{trainer.Schedule.StepsPerEpoch} steps/epoch, steps {trainer.Step}…{end - 1}, {Math.Max(1, t)} thread(s)");
            var clock = Stopwatch.StartNew();
            var epochLoss = 0.0;
            var epochSteps = 0;
            long flops = 0;
            long samples = 0;
            trainer.RunUntil(end, s =>
            {
                epochLoss += s.Loss;
                epochSteps++;
                flops += s.Flops;
                samples += s.Records.Length;
                if ((s.Step + 1) % trainer.Schedule.StepsPerEpoch == 0 || s.Step + 1 == end)
                {
                    console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {s.Epoch}: mean loss {epochLoss / epochSteps:F4} over {epochSteps} steps"));
                    epochLoss = 0;
                    epochSteps = 0;
                }
            });
            var seconds = clock.Elapsed.TotalSeconds;
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trained {samples} samples in {seconds:F1} s ({samples / Math.Max(seconds, 1e-9):F0} samples/s), {flops:E3} FLOPs"));
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {trainer.TestAccuracy():P2} ({data.TestRecords.Count} records)"));
            var state = trainer.Checkpoint();
            console.Out.WriteLine($"checkpoint sha256 (step {state.Step}): {Hex.Encode(state.Hash())}");
            if (r.GetValue(checkpoint) is { } ckpt)
            {
                state.Write(ckpt);
                console.Out.WriteLine($"checkpoint: {ckpt}");
            }
            if (r.GetValue(output) is { } path)
            {
                OnnxModelWriter.Write(path, trainer.ExportOnnx(Path.GetFileNameWithoutExtension(path)));
                var check = ExportCheck.Run(trainer, ModelGraph.Load(path), Math.Max(1, t));
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"model: {path} — float engine test accuracy {check.EngineAccuracy:P2}, logits {(check.DifferingValues == 0 ? "bit-identical to the trainer's" : $"differ in {check.DifferingValues} values (max |Δ| {check.MaxAbsoluteDifference:E2})")}"));
            }
            return 0;
        });
        return cmd;
    }
}
