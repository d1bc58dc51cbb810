using System.CommandLine;
using System.Globalization;
using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Training.Audit;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant audit-training --log DIR --dataset dataset.json --model model.onnx [--sample-fraction f] [--top-q Q]
/// [--max-flops F] [--forged-fraction φ] [--detection P] [--inclusion-proofs] [--data PATH] [--threads N] [--statement OUT]</c>:
/// the sampled bit-exact audit of a training log (docs/training.md, "Sampled audit"). Prints every check, the segments re-executed,
/// the fraction of training re-executed, the escape probability and the wall time of each phase; exit 0 only when every
/// check passed, 1 otherwise.
/// </summary>
public sealed class AuditTrainingCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var log = new Option<string>("--log") { Description = "Training log directory (written by train --log)", Required = true };
        var dataset = new Option<string>("--dataset") { Description = "Trusted dataset statement (commit-dataset)", Required = true };
        var model = new Option<string>("--model") { Description = "The model (ONNX) the run claims to have produced", Required = true };
        var fraction = new Option<double>("--sample-fraction") { Description = "Fraction of segments sampled from the log root (default 0.05)", DefaultValueFactory = _ => 0.05 };
        var topQ = new Option<int>("--top-q") { Description = "Also re-execute the Q segments with the largest update norms (default 2)", DefaultValueFactory = _ => 2 };
        var maxFlops = new Option<double?>("--max-flops") { Description = "Fail when the recomputed total FLOPs exceed this, e.g. 1e25" };
        var forged = new Option<double>("--forged-fraction") { Description = "Report the escape probability for this forged fraction (default 0.1)", DefaultValueFactory = _ => 0.1 };
        var data = new Option<string?>("--data") { Description = "Dataset path (default: the statement's sourcePath)" };
        var detection = new Option<double?>("--detection") { Description = "Sample the fewest segments that catch a run with --forged-fraction forged segments with this probability, e.g. 0.99 (replaces --sample-fraction)" };
        var proofs = new Option<bool>("--inclusion-proofs") { Description = "Also generate and verify an inclusion proof per record used (the index check is complete without them)" };
        var threads = new Option<int>("--threads") { Description = "Worker threads for re-execution (default 1)", DefaultValueFactory = _ => 1 };
        var statement = new Option<string?>("--statement") { Description = "Also write the audit verdict as an in-toto statement (subject: the model) to sign with sign-statement and log" };
        var cmd = new Command("audit-training", "Audit a training log: commitments, batches, sampled bit-exact re-execution, final model, FLOPs")
            { log, dataset, model, fraction, topQ, maxFlops, forged, detection, proofs, data, threads, statement };
        cmd.SetAction(r =>
        {
            var f = r.GetValue(fraction);
            var phi = r.GetValue(forged);
            if (!(f >= 0 && f <= 1)) throw new UsageException("--sample-fraction must lie in [0, 1]");
            if (!(phi > 0 && phi <= 1)) throw new UsageException("--forged-fraction must lie in (0, 1]");
            if (r.GetValue(topQ) < 0) throw new UsageException("--top-q must be 0 or more");
            if (r.GetValue(detection) is { } d && !(d > 0 && d < 1)) throw new UsageException("--detection must lie in (0, 1)");
            if (r.GetValue(threads) < 1) throw new UsageException("--threads must be 1 or more");
            if (r.GetValue(maxFlops) is { } m && !(m > 0)) throw new UsageException("--max-flops must be positive");
            var commitment = DatasetFiles.ReadCommitment(r.GetValue(dataset)!);
            var options = new AuditOptions(f, r.GetValue(topQ), r.GetValue(maxFlops), phi, r.GetValue(data), r.GetValue(threads),
                r.GetValue(detection), r.GetValue(proofs));
            var report = TrainingAuditor.Audit(r.GetValue(log)!, commitment, r.GetValue(model)!, options);
            foreach (var c in report.Checks)
            {
                (c.Passed ? console.Out : console.Error).WriteLine($"{(c.Passed ? "ok  " : "FAIL")} {c.Name}: {c.Detail}");
            }
            var inv = CultureInfo.InvariantCulture;
            console.Out.WriteLine($"log root: {report.LogRoot}");
            console.Out.WriteLine($"segments: {report.SegmentCount}; sampled (Fiat–Shamir from the log root): [{string.Join(",", report.SampledSegments)}]; top-Q by update norm: [{string.Join(",", report.TopSegments)}]");
            console.Out.WriteLine(string.Create(inv, $"re-executed {report.StepsReExecuted} of {report.TotalSteps} steps ({report.FractionReExecuted:P2})"));
            console.Out.WriteLine(string.Create(inv, $"escape probability if {report.ForgedFraction:P0} of segments were forged: {report.EscapeProbability:E3} (detection ≥ {1 - report.EscapeProbability:P4})"));
            console.Out.WriteLine(string.Create(inv, $"total FLOPs (recomputed): {report.TotalFlops:E4}"));
            console.Out.WriteLine("phases (wall s / CPU s): " + string.Join(", ", report.Phases.Select(p => string.Create(inv, $"{p.Name} {p.Seconds:F3}/{p.CpuSeconds:F3}")))
                + string.Create(inv, $"; total {report.Phases.Sum(p => p.Seconds):F3}/{report.Phases.Sum(p => p.CpuSeconds):F3}"));
            console.Out.WriteLine(report.Passed ? "verdict: PASS" : "verdict: FAIL");
            if (r.GetValue(statement) is { } statementPath)
            {
                // Written for a failed audit too: a signed "fail" verdict is evidence as well.
                AtomicFile.Write(statementPath, AuditStatement.Build(report, commitment, r.GetValue(model)!, r.GetValue(maxFlops)));
                console.Out.WriteLine($"audit statement ({AuditStatement.PredicateType}): {statementPath}");
            }
            return report.Passed ? 0 : ExitCodes.VerificationFailed;
        });
        return cmd;
    }
}
