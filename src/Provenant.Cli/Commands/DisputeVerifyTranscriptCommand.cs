using System.CommandLine;
using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Proofs.Disputes;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant dispute verify-transcript TRANSCRIPT (--model M | --skeleton S | --log DIR --dataset D [--data PATH])</c>:
/// re-decides a saved dispute as a referee and checks that the recorded ruling is the referee's. An inference dispute
/// needs the model's structure: the model file, or only its skeleton (<c>claim --skeleton</c>: the structure without
/// weights, whose digest the claims carry; weights come from the openings); a training dispute the run's log directory
/// and dataset commitment (the configuration and data the referee replays one operator of). Exit 1 when the
/// transcript is inconsistent (messages after the ruling, or another ruling recorded); otherwise as
/// <c>provenant dispute</c> (0 claim stands, 1 refuted, 2 not comparable).
/// </summary>
internal static class DisputeVerifyTranscriptCommand
{
    // A skeleton holds no weights: a few kilobytes per hundred nodes.
    private const long MaxSkeletonBytes = 64L << 20;

    public static Command Build(CliConsole console)
    {
        var file = new Argument<string>("TRANSCRIPT") { Description = "Transcript written by provenant dispute --transcript" };
        var model = new Option<string?>("--model") { Description = "Inference disputes: the quantized model the claims name" };
        var skeletonOpt = new Option<string?>("--skeleton") { Description = "Inference disputes, instead of --model: the model's skeleton (written by claim --skeleton)" };
        var log = new Option<string?>("--log") { Description = "Training disputes: a training log directory of the run (its configuration)" };
        var training = new TrainingDisputeOptions(required: false);
        var cmd = new Command("verify-transcript", "Re-decide a saved dispute transcript (inference or training) as a referee") { file, model, skeletonOpt, log };
        training.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var path = r.GetValue(file)!;
            var t = DisputeTranscript.Parse(BoundedFile.ReadAll(path, "transcript", DisputeTranscript.MaxBytes), path);
            if (t.IsTraining) return VerifyTraining(console, r, t, r.GetValue(log), training);
            var skeleton = (r.GetValue(model), r.GetValue(skeletonOpt)) switch
            {
                ({ } m, null) => DisputeModel.Load(m).Skeleton,
                (null, { } s) => ModelSkeleton.FromBytes(BoundedFile.ReadAll(s, "model skeleton", MaxSkeletonBytes), s),
                _ => throw new UsageException($"{path} is an inference dispute's transcript: give --model or --skeleton (one of them)"),
            };
            var (referee, consistency) = t.Replay(skeleton);
            if (!consistency.IsValid)
            {
                console.Error.WriteLine("transcript INCONSISTENT: " + consistency.Reason);
                return ExitCodes.VerificationFailed;
            }
            console.Out.WriteLine("transcript verified: " + consistency.Reason);
            return DisputeReport.Print(console, skeleton, t, referee);
        });
        return cmd;
    }

    private static int VerifyTraining(CliConsole console, ParseResult r, DisputeTranscript t, string? log, TrainingDisputeOptions training)
    {
        if (log is null || !training.HasDataset(r)) throw new UsageException("this is a training dispute's transcript: give --log DIR and --dataset D");
        var run = training.Open(r, log);
        var (referee, consistency) = Training.Disputes.TrainingTranscript.Replay(t, run.Tracer, run.Log.Genesis.ConfigDigest);
        if (!consistency.IsValid)
        {
            console.Error.WriteLine("transcript INCONSISTENT: " + consistency.Reason);
            return ExitCodes.VerificationFailed;
        }
        console.Out.WriteLine("transcript verified: " + consistency.Reason);
        var ruling = referee.Ruling!;
        console.Out.WriteLine($"messages: {t.Messages.Count}; bytes exchanged: {t.MessageBytes}; bisection rounds: {ruling.BisectionRounds}");
        if (referee.DisputedStep is long s && ruling.DisputedNode is int op)
        {
            console.Out.WriteLine($"disputed step: {s}; operator {op} of {run.Tracer.OperatorCount}");
        }
        console.Out.WriteLine($"ruling: {ruling}");
        return DisputeReport.ExitCode(ruling.Outcome);
    }
}
