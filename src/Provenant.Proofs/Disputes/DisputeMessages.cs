using Provenant.Core.Errors;

namespace Provenant.Proofs.Disputes;

/// <summary>Authenticates a move for any referee: parses the envelope, verifies the expected sender's signature, parses
/// the payload, and checks it is the awaited move of this dispute (id, position, sender, kind).</summary>
public static class DisputeMessages
{
    /// <summary>The authenticated move, or why its sender loses. Never throws on hostile input.</summary>
    /// <param name="wire">The signed message's bytes.</param>
    /// <param name="expected">The awaited move.</param>
    /// <param name="disputeId">This dispute's identifier.</param>
    /// <param name="key">The expected sender's public key.</param>
    /// <param name="hint">Its key hint.</param>
    /// <param name="signatureClock">When given, runs exactly while the signature is verified (so a referee can report that cost apart).</param>
    public static (DisputeMessage? Message, string? Failure) Authenticate(byte[] wire, DisputeExpectation expected, byte[] disputeId,
        System.Security.Cryptography.ECDsa key, string hint, System.Diagnostics.Stopwatch? signatureClock = null)
    {
        ArgumentNullException.ThrowIfNull(wire);
        ArgumentNullException.ThrowIfNull(expected);
        var name = DisputeMessage.RoleName(expected.From);
        var source = $"message {expected.Sequence}";
        DisputeMessage m;
        try
        {
            var signed = SignedDisputeMessage.Parse(wire, source);
            signatureClock?.Start();
            var sig = signed.Verify(key, hint);
            signatureClock?.Stop();
            if (!sig.IsValid) return (null, $"the {name}'s {expected.Kind} move (message {expected.Sequence}) is not validly signed: {sig.Reason}");
            m = DisputeMessage.Parse(signed.Payload, source);
        }
        catch (ProvenantFormatException ex)
        {
            return (null, $"the {name}'s {expected.Kind} move (message {expected.Sequence}) is malformed: {ex.Message}");
        }
        if (!m.DisputeId.AsSpan().SequenceEqual(disputeId) || m.Sequence != expected.Sequence || m.From != expected.From || m.Kind != expected.Kind)
        {
            return (null, $"the {name}'s message {expected.Sequence} is not the awaited {expected.Kind} move of this dispute (it is {m.Kind}, seq {m.Sequence}, from {DisputeMessage.RoleName(m.From)})");
        }
        return (m, null);
    }
}
