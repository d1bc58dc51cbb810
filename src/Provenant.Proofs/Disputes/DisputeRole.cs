namespace Provenant.Proofs.Disputes;

/// <summary>The two parties of a dispute.</summary>
public enum DisputeRole
{
    /// <summary>Published the claim under dispute; defends it (opens values).</summary>
    Claimant,

    /// <summary>Published a conflicting claim about the same computation.</summary>
    Challenger,
}
