using Provenant.Core.Errors;
using Provenant.Proofs.Disputes;

namespace Provenant.Cli.Commands;

/// <summary>Prints a dispute's course and ruling and maps it to the exit code (0 claim stands, 1 refuted, 2 not comparable).</summary>
internal static class DisputeReport
{
    public static int Print(CliConsole console, ModelSkeleton skeleton, DisputeTranscript t, DisputeReferee referee)
    {
        var r = referee.Ruling!;
        var nodes = skeleton.Nodes.Count;
        var bound = nodes <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(nodes - 1));
        console.Out.WriteLine($"trace: {nodes} nodes; bisection rounds: {r.BisectionRounds} (at most {bound})");
        console.Out.WriteLine($"messages: {t.Messages.Count}; bytes exchanged: {t.MessageBytes} (claimant {referee.BytesFrom(DisputeRole.Claimant)}, challenger {referee.BytesFrom(DisputeRole.Challenger)})");
        if (r.DisputedNode is int n)
        {
            var node = skeleton.Nodes[n];
            console.Out.WriteLine($"disputed node: {n} {(node.Name.Length > 0 ? $"'{node.Name}' " : "")}({(node.Domain.Length > 0 ? node.Domain + "." : "")}{node.OpType})");
            console.Out.WriteLine($"referee: re-executed 1 of {nodes} nodes in {referee.ReexecutionTime.TotalMilliseconds:0.###} ms; all checks {referee.CheckingTime.TotalMilliseconds:0.###} ms (signatures {referee.SignatureTime.TotalMilliseconds:0.###} ms)");
        }
        console.Out.WriteLine($"ruling: {r}");
        return ExitCode(r.Outcome);
    }

    /// <summary>0 when the claim stands (claimant wins, or the claims agree), 1 when it is refuted, 2 when the claims are not comparable.</summary>
    public static int ExitCode(DisputeOutcome outcome) => outcome switch
    {
        DisputeOutcome.ClaimantWins or DisputeOutcome.ClaimsAgree => 0,
        DisputeOutcome.ChallengerWins => ExitCodes.VerificationFailed,
        _ => ExitCodes.Usage,
    };
}
