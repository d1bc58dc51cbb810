using System.Diagnostics.CodeAnalysis;

namespace Provenant.Core.Merkle;

/// <summary>
/// RFC 9162 §2.1.3 Merkle inclusion proofs (audit paths) over SHA-256 trees.
/// A proof is the list of 32-byte sibling hashes from the leaf's level up to the root
/// (<c>PATH(m, D[n])</c>, §2.1.3.1), at most 64 entries, ⌈log2 n⌉ for a tree of n leaves.
/// Leaf indices are zero-based; tree sizes are leaf counts.
/// </summary>
/// <remarks>
/// A proof does not authenticate the tree size by itself: when (index, n) and (index, n′) give proofs of the same shape,
/// a proof for one also reproduces the same root for the other. Take the size from the signed tree head or checkpoint
/// that carries the root.
/// </remarks>
public static class InclusionProof
{
    /// <summary>
    /// Generates the inclusion proof <c>PATH(leafIndex, D[n])</c> (RFC 9162 §2.1.3.1) for the leaf at
    /// <paramref name="leafIndex"/> in the tree over all of <paramref name="leafHashes"/>.
    /// O(n) hashing, no per-node allocations beyond the returned hashes.
    /// </summary>
    /// <param name="leafHashes">The tree's leaf hashes (32 bytes each), in order; n = Count.</param>
    /// <param name="leafIndex">Zero-based index of the leaf, &lt; n.</param>
    /// <returns>The sibling hashes, bottom (leaf level) first; empty for a one-leaf tree.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="leafHashes"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leafIndex"/> ≥ n.</exception>
    /// <exception cref="ArgumentException">A leaf hash that is needed is not 32 bytes.</exception>
    public static byte[][] Generate(IReadOnlyList<byte[]> leafHashes, ulong leafIndex)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        if (leafIndex >= (ulong)leafHashes.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(leafIndex), $"leaf index {leafIndex} is not below the tree size {leafHashes.Count}");
        }
        Rfc9162.RequireHash(leafHashes, (int)leafIndex);
        return GenerateInRange(new LeafHashList(leafHashes), 0, (ulong)leafHashes.Count, leafIndex);
    }

    /// <summary>
    /// Generates <c>PATH(leafIndex, D[treeSize])</c> (RFC 9162 §2.1.3.1) from a source of subtree hashes, asking it for
    /// at most ⌈log2 n⌉ valid subtrees.
    /// </summary>
    /// <param name="source">Subtree hashes of a tree of at least <paramref name="treeSize"/> leaves.</param>
    /// <param name="leafIndex">Zero-based index of the leaf, &lt; <paramref name="treeSize"/>.</param>
    /// <param name="treeSize">Size of the tree the proof leads to.</param>
    /// <returns>The sibling hashes, bottom first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leafIndex"/> ≥ <paramref name="treeSize"/>.</exception>
    public static byte[][] Generate(IMerkleHashSource source, ulong leafIndex, ulong treeSize)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (leafIndex >= treeSize)
        {
            throw new ArgumentOutOfRangeException(nameof(leafIndex), $"leaf index {leafIndex} is not below the tree size {treeSize}");
        }
        return GenerateInRange(source, 0, treeSize, leafIndex);
    }

    /// <summary>PATH for leaf <paramref name="index"/> (absolute) in the tree formed by leaves [lo, hi).</summary>
    internal static byte[][] GenerateInRange(IMerkleHashSource source, ulong lo, ulong hi, ulong index)
    {
        var path = new List<byte[]>(64);
        while (hi - lo > 1)
        {
            var mid = lo + Rfc9162.LargestPowerOfTwoBelow(hi - lo);
            if (index < mid)
            {
                path.Add(source.SubtreeHash(mid, hi));
                hi = mid;
            }
            else
            {
                path.Add(source.SubtreeHash(lo, mid));
                lo = mid;
            }
        }
        path.Reverse();
        return [.. path];
    }

    /// <summary>
    /// Verifies an inclusion proof (RFC 9162 §2.1.3.2): recomputes the root from <paramref name="leafHash"/> and
    /// <paramref name="proof"/> and compares it with <paramref name="root"/> in constant time.
    /// Never throws on hostile input: an index ≥ size, hashes that are not 32 bytes, null entries, or a proof that is
    /// too long or too short for (index, size) are all returned as <see cref="VerificationResult.Rejected"/>.
    /// </summary>
    /// <param name="leafIndex">Zero-based leaf index, &lt; <paramref name="treeSize"/>.</param>
    /// <param name="treeSize">Number of leaves in the tree (any value up to 2^64 − 1).</param>
    /// <param name="leafHash">The 32-byte leaf hash (RFC 9162 §2.1.1, SHA-256(0x00 ‖ entry)).</param>
    /// <param name="proof">Sibling hashes, bottom first, 32 bytes each.</param>
    /// <param name="root">The expected 32-byte root hash of the tree of <paramref name="treeSize"/> leaves.</param>
    /// <returns>Valid, or Rejected with the reason.</returns>
    public static VerificationResult Verify(ulong leafIndex, ulong treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]>? proof, ReadOnlySpan<byte> root)
    {
        if (root.Length != Rfc9162.HashSize)
        {
            return VerificationResult.Rejected($"root hash is {root.Length} bytes, expected {Rfc9162.HashSize}");
        }
        if (!TryComputeRoot(leafIndex, treeSize, leafHash, proof, out var computed, out var reason))
        {
            return VerificationResult.Rejected(reason);
        }
        return Rfc9162.HashEquals(computed, root)
            ? VerificationResult.Valid($"leaf {leafIndex} is included in the tree of size {treeSize}")
            : VerificationResult.Rejected($"inclusion proof for leaf {leafIndex} in tree of size {treeSize} does not lead to the expected root");
    }

    /// <summary>
    /// Computes the root implied by an inclusion proof (the loop of RFC 9162 §2.1.3.2 without the final comparison).
    /// Never throws on hostile input.
    /// </summary>
    /// <param name="leafIndex">Zero-based leaf index, &lt; <paramref name="treeSize"/>.</param>
    /// <param name="treeSize">Number of leaves in the tree.</param>
    /// <param name="leafHash">The 32-byte leaf hash.</param>
    /// <param name="proof">Sibling hashes, bottom first, 32 bytes each.</param>
    /// <param name="root">The computed 32-byte root when the proof is well formed; null otherwise.</param>
    /// <param name="reason">Why the proof is malformed; empty on success.</param>
    /// <returns>True when the proof has the right shape for (index, size) and a root was computed.</returns>
    public static bool TryComputeRoot(ulong leafIndex, ulong treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]>? proof,
        [NotNullWhen(true)] out byte[]? root, out string reason)
    {
        root = null;
        if (proof is null)
        {
            reason = "proof is null";
            return false;
        }
        if (leafIndex >= treeSize)
        {
            reason = $"leaf index {leafIndex} is not below the tree size {treeSize}";
            return false;
        }
        if (leafHash.Length != Rfc9162.HashSize)
        {
            reason = $"leaf hash is {leafHash.Length} bytes, expected {Rfc9162.HashSize}";
            return false;
        }
        var expected = ExpectedLength(leafIndex, treeSize);
        if (proof.Count != expected)
        {
            reason = $"inclusion proof has {proof.Count} hashes, expected {expected} for leaf {leafIndex} in tree of size {treeSize}";
            return false;
        }
        Span<byte> r = stackalloc byte[Rfc9162.HashSize];
        leafHash.CopyTo(r);
        ulong fn = leafIndex, sn = treeSize - 1;
        for (var i = 0; i < proof.Count; i++)
        {
            var p = proof[i];
            if (p is null || p.Length != Rfc9162.HashSize)
            {
                reason = $"proof hash {i} is {(p is null ? "null" : p.Length + " bytes")}, expected {Rfc9162.HashSize} bytes";
                return false;
            }
            if (sn == 0)
            {
                reason = "inclusion proof is too long";
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                Rfc9162.HashChildren(p, r, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                Rfc9162.HashChildren(r, p, r);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0)
        {
            reason = "inclusion proof is too short";
            return false;
        }
        root = r.ToArray();
        reason = "";
        return true;
    }

    /// <summary>
    /// Number of hashes in the inclusion proof for (<paramref name="leafIndex"/>, <paramref name="treeSize"/>):
    /// the levels where the leaf's path and the last leaf's path diverge, plus the left siblings on the right border.
    /// Requires leafIndex &lt; treeSize.
    /// </summary>
    internal static int ExpectedLength(ulong leafIndex, ulong treeSize)
    {
        var inner = 64 - System.Numerics.BitOperations.LeadingZeroCount(leafIndex ^ (treeSize - 1));
        var border = inner >= 64 ? 0 : System.Numerics.BitOperations.PopCount(leafIndex >> inner);
        return inner + border;
    }
}
