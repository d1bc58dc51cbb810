namespace Provenant.Proofs.Disputes;

/// <summary>
/// Runs a dispute between two <see cref="IDisputeParty"/> objects in one process: asks whoever the referee waits
/// for, gives it <c>timeout</c> to answer (no answer, an exception or null forfeits), passes the move to the referee
/// and records it. The parties see only the referee's <see cref="DisputeExpectation"/>s, as they would over a network.
/// </summary>
public static class DisputeGame
{
    /// <summary>Plays the game to a ruling.</summary>
    /// <param name="setup">The authenticated claims.</param>
    /// <param name="skeleton">The model's structure (the referee's only knowledge of the model).</param>
    /// <param name="claimant">The claimant's strategy.</param>
    /// <param name="challenger">The challenger's strategy.</param>
    /// <param name="timeout">How long each move may take.</param>
    /// <returns>The transcript and the referee (ruling, bytes, timings).</returns>
    /// <exception cref="Provenant.Core.Errors.ProvenantException">The skeleton is not the claimed model.</exception>
    public static (DisputeTranscript Transcript, DisputeReferee Referee) Play(DisputeSetup setup, ModelSkeleton skeleton,
        IDisputeParty claimant, IDisputeParty challenger, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(claimant);
        ArgumentNullException.ThrowIfNull(challenger);
        var referee = new DisputeReferee(setup, skeleton);
        var messages = PlayMoves(referee, claimant, challenger, timeout);
        var transcript = new DisputeTranscript(setup.ClaimBundle, DisputeTranscript.Pem(setup.ClaimantKey),
            setup.ChallengeBundle, DisputeTranscript.Pem(setup.ChallengerKey), messages, referee.Ruling!);
        return (transcript, referee);
    }

    /// <summary>Asks the awaited party for each move until <paramref name="referee"/> rules; returns the moves' wire bytes.</summary>
    /// <param name="referee">Any referee.</param>
    /// <param name="claimant">The claimant's strategy.</param>
    /// <param name="challenger">The challenger's strategy.</param>
    /// <param name="timeout">How long each move may take.</param>
    public static IReadOnlyList<byte[]> PlayMoves(IDisputeReferee referee, IDisputeParty claimant, IDisputeParty challenger, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(referee);
        ArgumentNullException.ThrowIfNull(claimant);
        ArgumentNullException.ThrowIfNull(challenger);
        var messages = new List<byte[]>();
        while (referee.Expected is { } e)
        {
            var party = e.From == DisputeRole.Claimant ? claimant : challenger;
            var move = Task.Run(() => party.Respond(e));
            string? failure = null;
            try
            {
                if (!move.Wait(timeout)) failure = $"no answer within {timeout.TotalSeconds:0.###} s";
                else if (move.Result is null) failure = "it gave up";
            }
            catch (AggregateException ex)
            {
                failure = "its side failed: " + ex.InnerException?.Message;
            }
            if (failure is not null)
            {
                referee.Forfeit(e.From, failure);
                break;
            }
            var wire = move.Result!.Bytes;
            messages.Add(wire);
            referee.Receive(wire);
        }
        return messages;
    }
}
