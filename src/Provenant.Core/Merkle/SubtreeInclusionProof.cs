namespace Provenant.Core.Merkle;

/// <summary>
/// Subtree inclusion proofs (draft-ietf-plants-merkle-tree-certs, "Subtree Inclusion Proofs"): proof that the leaf at
/// absolute index i is part of the valid subtree [start, end) (see <see cref="MerkleSubtree"/>) with a given subtree hash.
/// The subtree is a Merkle tree of its own, so the proof is the RFC 9162 §2.1.3.1 <c>PATH(i − start, D[start:end])</c>
/// and verification is RFC 9162 §2.1.3.2 on index i − start in a tree of end − start leaves.
/// Indices are <see cref="ulong"/> and may exceed <see cref="long.MaxValue"/>.
/// </summary>
public static class SubtreeInclusionProof
{
    /// <summary>Generates the proof that leaf <paramref name="leafIndex"/> is in subtree [<paramref name="start"/>, <paramref name="end"/>).</summary>
    /// <param name="leafHashes">The tree's leaf hashes (32 bytes each); the subtree must lie within them.</param>
    /// <param name="leafIndex">Absolute leaf index, start ≤ leafIndex &lt; end.</param>
    /// <param name="start">First leaf of the subtree.</param>
    /// <param name="end">One past the last leaf of the subtree.</param>
    /// <returns>Sibling hashes within the subtree, bottom first.</returns>
    /// <exception cref="ArgumentException">The subtree is invalid or outside the list, the index is outside it, or a hash is not 32 bytes.</exception>
    public static byte[][] Generate(IReadOnlyList<byte[]> leafHashes, ulong leafIndex, ulong start, ulong end)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        MerkleSubtree.RequireInList(leafHashes, start, end);
        if (leafIndex < start || leafIndex >= end)
        {
            throw new ArgumentOutOfRangeException(nameof(leafIndex), $"leaf {leafIndex} is outside the subtree [{start}, {end})");
        }
        Rfc9162.RequireHash(leafHashes, (int)leafIndex);
        return InclusionProof.GenerateInRange(new LeafHashList(leafHashes), start, end, leafIndex);
    }

    /// <summary>
    /// Verifies that <paramref name="leafHash"/> is the leaf at <paramref name="leafIndex"/> of the subtree
    /// [<paramref name="start"/>, <paramref name="end"/>) whose hash is <paramref name="subtreeHash"/>.
    /// Never throws on hostile input: invalid subtrees (start ≥ end, misaligned, sizes needing 2^64), indices outside
    /// the subtree, wrong hash lengths and proofs of the wrong length are Rejected with a reason.
    /// </summary>
    /// <param name="leafIndex">Absolute leaf index.</param>
    /// <param name="start">First leaf of the subtree.</param>
    /// <param name="end">One past the last leaf of the subtree.</param>
    /// <param name="leafHash">The 32-byte leaf hash.</param>
    /// <param name="proof">Sibling hashes, bottom first.</param>
    /// <param name="subtreeHash">The 32-byte subtree hash MTH(D[start:end]).</param>
    /// <returns>Valid, or Rejected with the reason.</returns>
    public static VerificationResult Verify(ulong leafIndex, ulong start, ulong end, ReadOnlySpan<byte> leafHash,
        IReadOnlyList<byte[]>? proof, ReadOnlySpan<byte> subtreeHash)
    {
        if (!MerkleSubtree.IsValid(start, end)) return VerificationResult.Rejected($"[{start}, {end}) is not a valid subtree");
        if (leafIndex < start || leafIndex >= end) return VerificationResult.Rejected($"leaf {leafIndex} is outside the subtree [{start}, {end})");
        var r = InclusionProof.Verify(leafIndex - start, end - start, leafHash, proof, subtreeHash);
        return r.IsValid ? VerificationResult.Valid($"leaf {leafIndex} is included in subtree [{start}, {end})") : r;
    }
}
