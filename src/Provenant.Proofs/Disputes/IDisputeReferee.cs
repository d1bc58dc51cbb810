namespace Provenant.Proofs.Disputes;

/// <summary>What a game runner needs from a referee (inference: <see cref="DisputeReferee"/>; training disputes too).
/// Contract: deterministic; <see cref="Receive"/> never throws on hostile input; once <see cref="Ruling"/> is set,
/// <see cref="Expected"/> is null.</summary>
public interface IDisputeReferee
{
    /// <summary>The move awaited, or null once ruled.</summary>
    DisputeExpectation? Expected { get; }

    /// <summary>The ruling, or null while the game goes on.</summary>
    DisputeRuling? Ruling { get; }

    /// <summary>Takes the awaited move's wire bytes; false when already ruled.</summary>
    bool Receive(byte[] wire);

    /// <summary>The party whose turn it is did not answer: it loses.</summary>
    void Forfeit(DisputeRole role, string reason);
}
