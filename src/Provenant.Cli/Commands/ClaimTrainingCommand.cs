using System.CommandLine;
using System.Diagnostics;
using Provenant.Core.Hashing;
using Provenant.Core.IO;
using Provenant.Signing.Keys;
using Provenant.Signing.Sigstore;
using Provenant.Training.Disputes;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant claim-training --log DIR --dataset dataset.json [--data PATH] [--steps N] --key KEY --out claim.json</c>:
/// replays the first N steps of the run a training log commits to, operator by operator, starting each step from the
/// log's checkpoint where it has one (<see cref="TrainingTrace.FromLog"/>), and signs a training claim over the
/// operator trace's run root (in-toto statement, predicate <c>https://provenant.dev/training-claim/v1</c>, subject the
/// log root; DSSE in a Sigstore bundle; docs/disputes.md §Training claims).
/// </summary>
public sealed class ClaimTrainingCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var opts = new TrainingDisputeOptions();
        var steps = new Option<long?>("--steps") { Description = "Claim the first N steps (default: every logged step; memory grows with N)" };
        var key = new Option<string>("--key", "--private-key") { Description = "EC private key (PEM) that signs the claim", Required = true };
        var outOpt = new Option<string>("--out") { Description = "Signed claim (Sigstore bundle) to write", Required = true };
        var log = new Option<string>("--log") { Description = "The training log directory (provenant train --log)", Required = true };
        var cmd = new Command("claim-training", "Sign a training claim (operator-trace root over a training log's run) for training disputes")
        {
            log, steps, key, outOpt,
        };
        opts.AddTo(cmd);
        cmd.SetAction(r =>
        {
            using var privateKey = EcKeys.LoadPrivate(r.GetValue(key)!);
            var run = opts.Open(r, r.GetValue(log)!);
            var n = r.GetValue(steps) ?? run.Log.Steps.Count;
            if (n < 1 || n > run.Log.Steps.Count) throw new UsageException($"--steps must be 1 to {run.Log.Steps.Count} (the logged steps)");
            var clock = Stopwatch.StartNew();
            var trace = run.Trace(n);
            var elapsed = clock.Elapsed;
            var claim = trace.Claim(run.Log);
            var outPath = r.GetValue(outOpt)!;
            AtomicFile.Write(outPath, new BundleSigner(privateKey).Sign(claim.ToStatementBytes()).ToJsonBytes());
            console.Out.WriteLine($"claim: {outPath} ({TrainingClaim.PredicateType})");
            console.Out.WriteLine($"log root: {Hex.Encode(claim.LogRoot)}; commitment {Hex.Encode(claim.Commitment)}");
            console.Out.WriteLine($"run root: {Hex.Encode(claim.RunRoot)} ({n} steps × {run.Tracer.OperatorCount} operators; traced in {elapsed.TotalMilliseconds:0.#} ms)");
            return 0;
        });
        return cmd;
    }
}
