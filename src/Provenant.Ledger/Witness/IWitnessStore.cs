namespace Provenant.Ledger.Witness;

/// <summary>
/// Durable per-origin witness state (c2sp.org/tlog-witness: "the witness MUST persist the new checkpoint before
/// responding"). Implementations are safe for concurrent use; <see cref="CompareAndSwap"/> is atomic and durable when
/// it returns true.
/// </summary>
public interface IWitnessStore
{
    /// <summary>The latest cosigned checkpoint for <paramref name="origin"/>, or null if the witness never cosigned one.</summary>
    WitnessState? Get(string origin);

    /// <summary>
    /// Atomically replaces the state of <paramref name="next"/>'s origin if the stored tree size (0 when none is stored)
    /// still equals <paramref name="expectedOldSize"/>; the check and the write happen in one transaction, so of two
    /// concurrent requests from the same old size only one can succeed (the race in tlog-witness "add-checkpoint").
    /// </summary>
    /// <param name="expectedOldSize">The size the caller verified its consistency proof from.</param>
    /// <param name="next">The new state; its size must be ≥ <paramref name="expectedOldSize"/>.</param>
    /// <param name="currentSize">On false: the size stored now.</param>
    /// <returns>True when written (and durable); false when the stored size differed.</returns>
    /// <exception cref="ArgumentException"><paramref name="next"/> is smaller than <paramref name="expectedOldSize"/> or its root is not 32 bytes.</exception>
    bool CompareAndSwap(ulong expectedOldSize, WitnessState next, out ulong currentSize);
}
