namespace Provenant.Core.Merkle;

/// <summary>
/// RFC 9162 §2.1.4 Merkle consistency proofs between two versions of an append-only SHA-256 tree:
/// the proof that the tree of <c>size1</c> leaves (root1) is a prefix of the tree of <c>size2</c> leaves (root2).
/// Proofs are lists of 32-byte hashes, bottom first (§2.1.4.1 SUBPROOF order), at most 65 entries.
/// Edge semantics follow transparency-dev/merkle: size1 = 0 is an error (nothing to prove), size1 &gt; size2 is an
/// error, equal sizes need an empty proof and byte-identical roots, and otherwise every hash must be 32 bytes.
/// </summary>
public static class ConsistencyProof
{
    /// <summary>Generates <c>PROOF(size1, D[size2])</c> (RFC 9162 §2.1.4.1).</summary>
    /// <param name="leafHashes">Leaf hashes (32 bytes each) of a tree of at least <paramref name="size2"/> leaves.</param>
    /// <param name="size1">The earlier tree size, 0 &lt; size1 ≤ size2.</param>
    /// <param name="size2">The later tree size, ≤ <c>leafHashes.Count</c>.</param>
    /// <returns>The proof hashes, bottom first; empty when the sizes are equal.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The sizes are out of range.</exception>
    /// <exception cref="ArgumentException">A leaf hash is not 32 bytes.</exception>
    public static byte[][] Generate(IReadOnlyList<byte[]> leafHashes, ulong size1, ulong size2)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        if (size1 == 0) throw new ArgumentOutOfRangeException(nameof(size1), "a consistency proof from the empty tree is meaningless");
        if (size1 > size2) throw new ArgumentOutOfRangeException(nameof(size1), $"size1 {size1} exceeds size2 {size2}");
        if (size2 > (ulong)leafHashes.Count) throw new ArgumentOutOfRangeException(nameof(size2), $"size2 {size2} exceeds the {leafHashes.Count} leaf hashes");
        return SubtreeConsistencyProof.GenerateCore(new LeafHashList(leafHashes), 0, size1, size2);
    }

    /// <summary>Generates <c>PROOF(size1, D[size2])</c> (RFC 9162 §2.1.4.1) from a source of subtree hashes.</summary>
    /// <param name="source">Subtree hashes of a tree of at least <paramref name="size2"/> leaves.</param>
    /// <param name="size1">The earlier tree size, 0 &lt; size1 ≤ size2.</param>
    /// <param name="size2">The later tree size.</param>
    /// <returns>The proof hashes, bottom first; empty when the sizes are equal.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The sizes are out of range.</exception>
    public static byte[][] Generate(IMerkleHashSource source, ulong size1, ulong size2)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (size1 == 0) throw new ArgumentOutOfRangeException(nameof(size1), "a consistency proof from the empty tree is meaningless");
        if (size1 > size2) throw new ArgumentOutOfRangeException(nameof(size1), $"size1 {size1} exceeds size2 {size2}");
        return SubtreeConsistencyProof.GenerateCore(source, 0, size1, size2);
    }

    /// <summary>
    /// Verifies a consistency proof (RFC 9162 §2.1.4.2): recomputes both roots from the proof and compares them with
    /// <paramref name="root1"/> and <paramref name="root2"/>. Never throws on hostile input; malformed proofs, sizes and
    /// hashes are Rejected with a reason.
    /// </summary>
    /// <param name="size1">Leaf count of the earlier tree, &gt; 0.</param>
    /// <param name="size2">Leaf count of the later tree, ≥ size1.</param>
    /// <param name="proof">Proof hashes, bottom first, 32 bytes each.</param>
    /// <param name="root1">Root of the earlier tree (32 bytes).</param>
    /// <param name="root2">Root of the later tree (32 bytes).</param>
    /// <returns>Valid, or Rejected with the reason.</returns>
    public static VerificationResult Verify(ulong size1, ulong size2, IReadOnlyList<byte[]>? proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
    {
        if (proof is null) return VerificationResult.Rejected("proof is null");
        if (size1 == 0) return VerificationResult.Rejected("a consistency proof from the empty tree is meaningless");
        if (size1 > size2) return VerificationResult.Rejected($"size1 {size1} exceeds size2 {size2}");
        if (size1 == size2)
        {
            if (proof.Count != 0) return VerificationResult.Rejected("sizes are equal, but the proof is not empty");
            return Rfc9162.HashEquals(root1, root2)
                ? VerificationResult.Valid($"both trees have size {size1} and the same root")
                : VerificationResult.Rejected("sizes are equal, but the roots differ");
        }
        return SubtreeConsistencyProof.VerifyCore(0, size1, size2, proof, root1, root2);
    }
}
