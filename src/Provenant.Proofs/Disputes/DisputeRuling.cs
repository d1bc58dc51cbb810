namespace Provenant.Proofs.Disputes;

/// <summary>The referee's decision.</summary>
/// <param name="Outcome">Who won, or why there was no game.</param>
/// <param name="Reason">Why, in one sentence naming the node, round or message.</param>
/// <param name="DisputedNode">The first divergent node the bisection found (its trace leaf index), if it got that far.</param>
/// <param name="BisectionRounds">Completed bisection rounds (each: one move per party).</param>
public sealed record DisputeRuling(DisputeOutcome Outcome, string Reason, int? DisputedNode, int BisectionRounds)
{
    /// <summary>The winning party, or null for <see cref="DisputeOutcome.ClaimsAgree"/> and <see cref="DisputeOutcome.NotComparable"/>.</summary>
    public DisputeRole? Winner => Outcome switch
    {
        DisputeOutcome.ClaimantWins => DisputeRole.Claimant,
        DisputeOutcome.ChallengerWins => DisputeRole.Challenger,
        _ => null,
    };

    /// <summary>One line for people: <c>claimant wins: …</c>.</summary>
    public override string ToString() => Outcome switch
    {
        DisputeOutcome.ClaimantWins => "claimant wins: ",
        DisputeOutcome.ChallengerWins => "challenger wins: ",
        DisputeOutcome.ClaimsAgree => "no dispute: ",
        _ => "not comparable: ",
    } + Reason;
}
