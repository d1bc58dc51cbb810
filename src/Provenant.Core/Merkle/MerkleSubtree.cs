namespace Provenant.Core.Merkle;

/// <summary>
/// Subtrees [start, end) of an RFC 9162 Merkle tree as used by subtree inclusion and subtree consistency proofs
/// (draft-ietf-plants-merkle-tree-certs, "Subtrees"). A subtree is valid when <c>start &lt; end</c> and
/// <c>start</c> is a multiple of <c>BIT_CEIL(end − start)</c>, the smallest power of two ≥ its size; such a range is
/// either a node of every tree of size ≥ end, or the right edge of one, and its hash is
/// <c>MTH(D[start:end])</c> (RFC 9162 §2.1.1 applied to those leaves).
/// Indices are <see cref="ulong"/> leaf counts; ranges are half-open.
/// </summary>
public static class MerkleSubtree
{
    /// <summary>
    /// True when [<paramref name="start"/>, <paramref name="end"/>) is a valid, non-empty subtree.
    /// Never throws: ranges with <c>start ≥ end</c>, or whose alignment would need 2^64, are simply invalid.
    /// </summary>
    public static bool IsValid(ulong start, ulong end)
    {
        if (start >= end) return false;
        if (start == 0) return true;
        var size = end - start;
        if (size > 1UL << 63) return false; // BIT_CEIL would be 2^64; only start = 0 is aligned to it.
        var ceil = System.Numerics.BitOperations.RoundUpToPowerOf2(size);
        return start % ceil == 0;
    }

    /// <summary>The subtree hash MTH(D[start:end]) over the given leaf hashes.</summary>
    /// <param name="leafHashes">All leaf hashes of the tree (32 bytes each), in order.</param>
    /// <param name="start">First leaf index of the subtree.</param>
    /// <param name="end">One past the last leaf index (≤ <c>leafHashes.Count</c>).</param>
    /// <returns>The 32-byte subtree hash.</returns>
    /// <exception cref="ArgumentException">The range is not a valid subtree, exceeds the list, or a hash is not 32 bytes.</exception>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes, ulong start, ulong end)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        RequireInList(leafHashes, start, end);
        return Rfc9162.RangeRoot(leafHashes, (int)start, (int)end);
    }

    /// <summary>Throws unless [start, end) is a valid subtree within the list.</summary>
    internal static void RequireInList(IReadOnlyList<byte[]> leafHashes, ulong start, ulong end)
    {
        if (!IsValid(start, end))
        {
            throw new ArgumentException($"[{start}, {end}) is not a valid subtree");
        }
        if (end > (ulong)leafHashes.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(end), $"subtree end {end} exceeds the {leafHashes.Count} leaf hashes");
        }
    }
}
