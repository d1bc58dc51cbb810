namespace Provenant.Core.Merkle;

/// <summary>
/// Supplies subtree hashes <c>MTH(D[start:end])</c> (RFC 9162 §2.1.1) of one append-only tree, so that inclusion and
/// consistency proofs can be generated without holding every leaf hash in memory (for example from
/// c2sp.org/tlog-tiles tiles in a store).
/// </summary>
/// <remarks>
/// Proof generation only asks for <em>valid subtrees</em> in the sense of <see cref="MerkleSubtree.IsValid"/>:
/// <c>start</c> is a multiple of the smallest power of two ≥ <c>end − start</c>. Such a range is a perfect subtree
/// or the right edge of one, which an implementation can assemble from at most 64 perfect-subtree hashes.
/// </remarks>
public interface IMerkleHashSource
{
    /// <summary>The 32-byte hash MTH(D[<paramref name="start"/>:<paramref name="end"/>]) of a valid, non-empty subtree.</summary>
    /// <param name="start">First leaf index.</param>
    /// <param name="end">One past the last leaf index; not beyond the leaves the source holds.</param>
    /// <returns>A new 32-byte array the caller may keep.</returns>
    byte[] SubtreeHash(ulong start, ulong end);
}
