using System.Security.Cryptography;
using Provenant.Core;
using Provenant.Proofs.Disputes;
using Provenant.Signing.Keys;

namespace Provenant.Training.Disputes;

/// <summary>
/// Training disputes' transcripts (<see cref="DisputeTranscript"/> with <see cref="DisputeTranscript.IsTraining"/>;
/// docs/disputes.md §Training disputes): recording a played game, and re-deciding a saved one as a referee who
/// holds the run's configuration and data (a <see cref="StepTracer"/>): both claims are authenticated under the
/// transcript's keys, every signed message is checked and fed to a fresh <see cref="TrainingReferee"/>, which
/// re-executes the one disputed operator, and its ruling (outcome, disputed step and operator, rounds) must be the
/// recorded one.
/// </summary>
public static class TrainingTranscript
{
    /// <summary>The transcript of a game <paramref name="referee"/> ruled on, from the signed claims and the moves.</summary>
    /// <param name="claimBundle">The claimant's bundle bytes, as given to <see cref="TrainingReferee.FromSigned"/>.</param>
    /// <param name="claimantKey">The claimant's key (its public part is recorded).</param>
    /// <param name="challengeBundle">The challenger's bundle bytes.</param>
    /// <param name="challengerKey">The challenger's key.</param>
    /// <param name="moves">The moves' wire bytes, in order (<see cref="DisputeGame.PlayMoves"/>).</param>
    /// <param name="referee">The referee after the game.</param>
    /// <exception cref="ArgumentException">The referee has not ruled.</exception>
    public static DisputeTranscript Record(byte[] claimBundle, ECDsa claimantKey, byte[] challengeBundle, ECDsa challengerKey,
        IReadOnlyList<byte[]> moves, TrainingReferee referee)
    {
        ArgumentNullException.ThrowIfNull(referee);
        var ruling = referee.Ruling ?? throw new ArgumentException("the game has no ruling yet", nameof(referee));
        return new DisputeTranscript(claimBundle, DisputeTranscript.Pem(claimantKey), challengeBundle, DisputeTranscript.Pem(challengerKey),
            moves, ruling, IsTraining: true, DisputedStep: referee.DisputedStep);
    }

    /// <summary>Re-decides <paramref name="transcript"/> over the run <paramref name="tracer"/> replays.</summary>
    /// <param name="transcript">A training dispute's transcript.</param>
    /// <param name="tracer">Replays the run both claims name (its configuration and data).</param>
    /// <param name="configDigest">That run's configuration digest.</param>
    /// <returns>The referee after the replay and whether the transcript is consistent with it (<see cref="DisputeTranscript.ReplayOn"/>).</returns>
    /// <exception cref="Core.Errors.ProvenantException">Not a training transcript, or a recorded public key is not a valid EC SPKI PEM.</exception>
    public static (TrainingReferee Referee, VerificationResult Consistency) Replay(DisputeTranscript transcript, StepTracer tracer, byte[] configDigest)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        if (!transcript.IsTraining)
        {
            throw new Core.Errors.ProvenantException("this is an inference dispute's transcript: replay it against the model (--model)", Core.Errors.ExitCodes.Usage);
        }
        using var claimantKey = EcKeys.FromSpkiPem(transcript.ClaimantKeyPem, "transcript claimantKey");
        using var challengerKey = EcKeys.FromSpkiPem(transcript.ChallengerKeyPem, "transcript challengerKey");
        var referee = TrainingReferee.FromSigned(transcript.ClaimBundle, claimantKey, transcript.ChallengeBundle, challengerKey, tracer, configDigest);
        return (referee, transcript.ReplayOn(referee, () => referee.DisputedStep));
    }
}
