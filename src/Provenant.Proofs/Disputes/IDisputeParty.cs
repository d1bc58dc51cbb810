namespace Provenant.Proofs.Disputes;

/// <summary>
/// One side of a dispute as the game runner sees it. Contract: <see cref="Respond"/> returns the party's signed move
/// for the expectation it is given (which names this party), or null when it gives up; it may throw or take too
/// long, which the runner treats as no answer (the party loses).
/// </summary>
public interface IDisputeParty
{
    /// <summary>Which side this party plays.</summary>
    DisputeRole Role { get; }

    /// <summary>The party's move for <paramref name="expectation"/>.</summary>
    /// <param name="expectation">What the referee waits for (derived from the transcript so far).</param>
    SignedDisputeMessage? Respond(DisputeExpectation expectation);
}
