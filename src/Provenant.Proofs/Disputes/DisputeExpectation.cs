namespace Provenant.Proofs.Disputes;

/// <summary>
/// The move the referee waits for: who, what kind, at which transcript position, and for bisection the subtree in
/// dispute (leaves <c>[RangeStart, RangeStart + RangeSize)</c> of the trace tree). Both parties derive it by replaying
/// the transcript through their own <see cref="DisputeReferee"/>, which is deterministic.
/// </summary>
/// <param name="From">The party that must move.</param>
/// <param name="Kind">A <see cref="DisputeMessage"/> kind.</param>
/// <param name="Sequence">The transcript position of the move.</param>
/// <param name="Round">Bisection round (0-based), or the number of rounds so far for other kinds.</param>
/// <param name="RangeStart">First leaf of the disputed subtree (for <see cref="DisputeMessage.Node"/>: the disputed node).</param>
/// <param name="RangeSize">Leaves in the disputed subtree.</param>
public sealed record DisputeExpectation(DisputeRole From, string Kind, int Sequence, int Round, int RangeStart, int RangeSize)
{
    /// <summary>Training disputes: the disputed step once the bisection over steps has found it (the range then
    /// indexes that step's operators); null before, and for inference disputes.</summary>
    public long? Step { get; init; }

    /// <summary>Trace format 3: the disputed segment once the bisection over segment leaves has found it (the range then
    /// indexes node ids within it); null before, and for formats 1 and 2.</summary>
    public int? Segment { get; init; }

    /// <summary>The chain link the move must carry (<see cref="DisputeMessage.Previous"/>): SHA-256 of the previous message's
    /// wire bytes, or of the dispute id for message 0; null where the referee does not chain messages (training disputes).</summary>
    public byte[]? Previous { get; init; }
}
