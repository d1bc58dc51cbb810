using System.CommandLine;
using System.Security.Cryptography;
using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.Proofs.Disputes;
using Provenant.Signing.Keys;
using Provenant.Signing.Sigstore;
using Provenant.Training.Disputes;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant dispute training --claim a.json --challenge b.json --claim-log DIRA --challenge-log DIRB --dataset D
/// [--data PATH] --claim-key A --challenge-key B [--timeout S] [--transcript t.json]</c>: plays the training dispute game (docs/disputes.md
/// §Training disputes) between two signed training claims, each party playing by the operator trace its own log
/// implies: bisection over the steps (each step leaf binds the checkpoints before and after it) to the first disputed
/// step, then over that step's operators; the referee re-executes one operator. Prints the rounds, the bytes, the
/// disputed step and operator and the ruling, and with <c>--transcript</c> writes the signed transcript (which
/// <c>dispute verify-transcript --log --dataset</c> re-decides). Exit 0 when the claim stands, 1 when it is refuted, 2
/// when the claims are not comparable.
/// </summary>
internal static class DisputeTrainingCommand
{
    public static Command Build(CliConsole console)
    {
        var opts = new TrainingDisputeOptions();
        var claim = new Option<string>("--claim") { Description = "The claimant's signed training claim (provenant claim-training)", Required = true };
        var challenge = new Option<string>("--challenge") { Description = "The challenger's signed training claim on the same run", Required = true };
        var claimLog = new Option<string>("--claim-log") { Description = "The claimant's training log directory", Required = true };
        var challengeLog = new Option<string>("--challenge-log") { Description = "The challenger's training log directory", Required = true };
        var claimKey = new Option<string>("--claim-key") { Description = "The claimant's private key (signs its moves; must be the claim's key)", Required = true };
        var challengeKey = new Option<string>("--challenge-key") { Description = "The challenger's private key", Required = true };
        var timeout = new Option<double>("--timeout") { Description = "Seconds each move may take before its party forfeits", DefaultValueFactory = _ => 60 };
        var transcript = new Option<string?>("--transcript") { Description = "Write the signed transcript here" };
        var cmd = new Command("training", "Play the bisection dispute game between two training claims over their training logs and rule")
        {
            claim, challenge, claimLog, challengeLog, claimKey, challengeKey, timeout, transcript,
        };
        opts.AddTo(cmd);
        cmd.SetAction(r =>
        {
            if (r.GetValue(timeout) <= 0) throw new UsageException("--timeout must be positive");
            using var aKey = EcKeys.LoadPrivate(r.GetValue(claimKey)!);
            using var bKey = EcKeys.LoadPrivate(r.GetValue(challengeKey)!);
            var a = opts.Open(r, r.GetValue(claimLog)!);
            var b = opts.Open(r, r.GetValue(challengeLog)!);
            var claimBytes = BoundedFile.ReadAll(r.GetValue(claim)!, "claim", (int)SigstoreBundle.MaxFileBytes);
            var challengeBytes = BoundedFile.ReadAll(r.GetValue(challenge)!, "challenge", (int)SigstoreBundle.MaxFileBytes);
            // The referee replays the run the claimant's log commits to; the claims must both name it (SameRunAs).
            var referee = TrainingReferee.FromSigned(claimBytes, aKey, challengeBytes, bKey, a.Tracer, a.Log.Genesis.ConfigDigest);
            IReadOnlyList<byte[]> moves = [];
            if (referee.Ruling is null)
            {
                var claimant = Party(DisputeRole.Claimant, aKey, referee, a, referee.Claim!, r.GetValue(claimLog)!);
                var challenger = Party(DisputeRole.Challenger, bKey, referee, b, referee.Challenge!, r.GetValue(challengeLog)!);
                moves = DisputeGame.PlayMoves(referee, claimant, challenger, TimeSpan.FromSeconds(r.GetValue(timeout)));
            }
            var ruling = referee.Ruling!;
            if (r.GetValue(transcript) is { } tp)
            {
                AtomicFile.Write(tp, TrainingTranscript.Record(claimBytes, aKey, challengeBytes, bKey, moves, referee).ToBytes());
            }
            var claimed = referee.Claim?.Steps ?? 0;
            var m = a.Tracer.OperatorCount;
            console.Out.WriteLine($"run: {claimed} steps × {m} operators; bisection rounds: {ruling.BisectionRounds} (at most {Log2(claimed) + Log2(m)})");
            console.Out.WriteLine($"messages: {moves.Count}; bytes exchanged: {moves.Sum(x => (long)x.Length)}");
            if (referee.DisputedStep is long s && ruling.DisputedNode is int op)
            {
                console.Out.WriteLine($"disputed step: {s}; operator {op} of {m}");
            }
            console.Out.WriteLine($"ruling: {ruling}");
            return DisputeReport.ExitCode(ruling.Outcome);
        });
        return cmd;
    }

    // A party plays by the trace its own log implies, which must be the trace its claim commits to.
    private static TrainingParty Party(DisputeRole role, ECDsa key, TrainingReferee referee, LoggedRun run, TrainingClaim claim, string directory)
    {
        if (!claim.LogRoot.AsSpan().SequenceEqual(run.Log.Root))
        {
            throw new ProvenantException($"{directory}: this log's root is not the one the {DisputeMessage.RoleName(role)}'s claim names", ExitCodes.InputError);
        }
        if (claim.Steps > run.Log.Steps.Count)
        {
            throw new ProvenantException($"{directory}: the {DisputeMessage.RoleName(role)}'s claim covers {claim.Steps} steps, the log has {run.Log.Steps.Count}", ExitCodes.InputError);
        }
        var trace = run.Trace(claim.Steps);
        if (!trace.RunRoot.AsSpan().SequenceEqual(claim.RunRoot))
        {
            throw new ProvenantException($"{directory}: the operator trace this log implies is not the one the {DisputeMessage.RoleName(role)}'s claim commits to", ExitCodes.InputError);
        }
        return new TrainingParty(role, key, referee.DisputeId, trace, run.Tracer);
    }

    private static int Log2(long n) => n <= 1 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(n - 1));
}
