using System.CommandLine;
using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Proofs.Disputes;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant dispute verify-transcript TRANSCRIPT --model M</c>: re-decides a saved dispute as a referee (only the
/// model's structure is used; weights come from the openings) and checks that the recorded ruling is the referee's.
/// Exit 1 when the transcript is inconsistent (messages after the ruling, or another ruling recorded); otherwise as
/// <c>provenant dispute</c> (0 claim stands, 1 refuted, 2 not comparable).
/// </summary>
internal static class DisputeVerifyTranscriptCommand
{
    public static Command Build(CliConsole console)
    {
        var file = new Argument<string>("TRANSCRIPT") { Description = "Transcript written by provenant dispute --transcript" };
        var model = new Option<string>("--model") { Description = "The quantized model the claims name", Required = true };
        var cmd = new Command("verify-transcript", "Re-decide a saved dispute transcript as a referee") { file, model };
        cmd.SetAction(r =>
        {
            var path = r.GetValue(file)!;
            var t = DisputeTranscript.Parse(BoundedFile.ReadAll(path, "transcript", DisputeTranscript.MaxBytes), path);
            var m = DisputeModel.Load(r.GetValue(model)!);
            var (referee, consistency) = t.Replay(m.Skeleton);
            if (!consistency.IsValid)
            {
                console.Error.WriteLine("transcript INCONSISTENT: " + consistency.Reason);
                return ExitCodes.VerificationFailed;
            }
            console.Out.WriteLine("transcript verified: " + consistency.Reason);
            return DisputeReport.Print(console, m, t, referee);
        });
        return cmd;
    }
}
