namespace Provenant.Proofs.Disputes;

/// <summary>How a dispute ended.</summary>
public enum DisputeOutcome
{
    /// <summary>The claim stands: the challenger's moves or claim were shown wrong, or it stopped answering.</summary>
    ClaimantWins,

    /// <summary>The claim is refuted: the claimant's node, output, opening or message was shown wrong, or it stopped answering.</summary>
    ChallengerWins,

    /// <summary>Both claims commit to the same trace and output: nothing to dispute.</summary>
    ClaimsAgree,

    /// <summary>The claims are about different models, inputs or trace lengths: the game does not apply.</summary>
    NotComparable,
}
