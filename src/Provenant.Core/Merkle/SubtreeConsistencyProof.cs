namespace Provenant.Core.Merkle;

/// <summary>
/// Subtree consistency proofs (draft-ietf-plants-merkle-tree-certs, "Subtree Consistency Proofs"): a generalisation
/// of RFC 9162 §2.1.4 consistency proofs showing that the hash of a valid subtree [start, end)
/// (see <see cref="MerkleSubtree"/>) is committed to by the root of a tree of size n ≥ end.
/// The ordinary consistency proof from size m to size n is the case [0, m).
/// Proofs are lists of 32-byte hashes ordered bottom first, at most 65 entries.
/// </summary>
/// <remarks>
/// Generation follows the recursive definition
/// <c>SUBPROOF(start, end, D[n], b)</c>: if [start, end) is the whole tree, it is empty when <c>b</c> is true
/// (the verifier knows that hash) and <c>{MTH(D[n])}</c> otherwise; else with k the largest power of two below n,
/// a subtree inside the left half recurses there and appends <c>MTH(D[k:n])</c>, one inside the right half recurses
/// there (keeping <c>b</c>) and appends <c>MTH(D[0:k])</c>, and one spanning both halves (which for a valid subtree
/// starts at 0, as in RFC 9162 §2.1.4.1) recurses on the right with <c>b = false</c> and appends <c>MTH(D[0:k])</c>.
/// Edge cases follow the transparency-dev/merkle test vectors: an empty subtree (start = end ≤ n) is consistent
/// with any tree when its hash is the empty-tree hash and the proof is empty; when [start, end) is the whole tree the
/// proof must be empty and the two hashes byte-identical.
/// </remarks>
public static class SubtreeConsistencyProof
{
    private const byte LeftChild = 0, RightInside = 1, RightSpanning = 2;

    /// <summary>Generates the subtree consistency proof for [<paramref name="start"/>, <paramref name="end"/>) in the tree of <paramref name="treeSize"/> leaves.</summary>
    /// <param name="leafHashes">The leaf hashes (32 bytes each) of a tree of at least <paramref name="treeSize"/> leaves.</param>
    /// <param name="start">First leaf of the subtree.</param>
    /// <param name="end">One past the last leaf of the subtree, ≤ <paramref name="treeSize"/>.</param>
    /// <param name="treeSize">Size n of the tree whose root the proof leads to.</param>
    /// <returns>The proof hashes, bottom first; empty when the subtree is the whole tree.</returns>
    /// <exception cref="ArgumentException">The subtree is invalid, lies outside the tree, the tree size exceeds the list, or a hash is not 32 bytes.</exception>
    public static byte[][] Generate(IReadOnlyList<byte[]> leafHashes, ulong start, ulong end, ulong treeSize)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        if (!MerkleSubtree.IsValid(start, end)) throw new ArgumentException($"[{start}, {end}) is not a valid subtree");
        if (end > treeSize) throw new ArgumentOutOfRangeException(nameof(end), $"subtree end {end} exceeds the tree size {treeSize}");
        if (treeSize > (ulong)leafHashes.Count) throw new ArgumentOutOfRangeException(nameof(treeSize), $"tree size {treeSize} exceeds the {leafHashes.Count} leaf hashes");
        return GenerateCore(new LeafHashList(leafHashes), start, end, treeSize);
    }

    /// <summary>Generation for 0 ≤ start &lt; end ≤ n ≤ Count and a valid subtree.</summary>
    internal static byte[][] GenerateCore(IMerkleHashSource source, ulong start, ulong end, ulong treeSize)
    {
        ulong lo = 0, hi = treeSize, s = start, e = end;
        var known = true;
        var path = new List<byte[]>(66);
        while (!(s == lo && e == hi))
        {
            var mid = lo + Rfc9162.LargestPowerOfTwoBelow(hi - lo);
            if (e <= mid)
            {
                path.Add(source.SubtreeHash(mid, hi));
                hi = mid;
            }
            else
            {
                path.Add(source.SubtreeHash(lo, mid));
                if (s < mid)
                {
                    s = mid;
                    known = false;
                }
                lo = mid;
            }
        }
        if (!known) path.Add(source.SubtreeHash(lo, hi));
        path.Reverse();
        return [.. path];
    }

    /// <summary>
    /// Verifies that <paramref name="subtreeHash"/>, the hash of subtree [<paramref name="start"/>, <paramref name="end"/>),
    /// is consistent with <paramref name="root"/>, the root of the tree of <paramref name="treeSize"/> leaves.
    /// Never throws on hostile input (invalid subtrees, end &gt; size, sizes near 2^64, wrong hash lengths, null
    /// entries, proofs of the wrong length): those are Rejected with a reason.
    /// </summary>
    /// <param name="start">First leaf of the subtree.</param>
    /// <param name="end">One past the last leaf of the subtree.</param>
    /// <param name="treeSize">Number of leaves n of the tree with root <paramref name="root"/>.</param>
    /// <param name="proof">Proof hashes, bottom first, 32 bytes each.</param>
    /// <param name="subtreeHash">MTH(D[start:end]), 32 bytes.</param>
    /// <param name="root">MTH(D[0:n]), 32 bytes.</param>
    /// <returns>Valid, or Rejected with the reason.</returns>
    public static VerificationResult Verify(ulong start, ulong end, ulong treeSize, IReadOnlyList<byte[]>? proof,
        ReadOnlySpan<byte> subtreeHash, ReadOnlySpan<byte> root)
    {
        if (proof is null) return VerificationResult.Rejected("proof is null");
        if (start > end) return VerificationResult.Rejected($"subtree start {start} is after its end {end}");
        if (end > treeSize) return VerificationResult.Rejected($"subtree end {end} exceeds the tree size {treeSize}");
        if (start == end)
        {
            if (proof.Count != 0) return VerificationResult.Rejected("proof for an empty subtree must be empty");
            return Rfc9162.HashEquals(subtreeHash, Rfc9162.EmptyRoot())
                ? VerificationResult.Valid("the empty subtree is consistent with every tree")
                : VerificationResult.Rejected("hash of the empty subtree is not the empty-tree hash");
        }
        if (!MerkleSubtree.IsValid(start, end)) return VerificationResult.Rejected($"[{start}, {end}) is not a valid subtree");
        if (start == 0 && end == treeSize)
        {
            if (proof.Count != 0) return VerificationResult.Rejected("subtree is the whole tree, but the proof is not empty");
            return Rfc9162.HashEquals(subtreeHash, root)
                ? VerificationResult.Valid($"subtree [0, {end}) is the whole tree")
                : VerificationResult.Rejected("subtree is the whole tree, but its hash differs from the root");
        }
        return VerifyCore(start, end, treeSize, proof, subtreeHash, root);
    }

    /// <summary>
    /// The verification walk for a valid subtree 0 ≤ start &lt; end ≤ n: a top-down pass derives the proof's shape
    /// from the sizes alone, then a bottom-up pass recomputes both the subtree hash and the root.
    /// </summary>
    internal static VerificationResult VerifyCore(ulong start, ulong end, ulong treeSize, IReadOnlyList<byte[]> proof,
        ReadOnlySpan<byte> subtreeHash, ReadOnlySpan<byte> root)
    {
        if (subtreeHash.Length != Rfc9162.HashSize) return VerificationResult.Rejected($"first hash is {subtreeHash.Length} bytes, expected {Rfc9162.HashSize}");
        if (root.Length != Rfc9162.HashSize) return VerificationResult.Rejected($"second root is {root.Length} bytes, expected {Rfc9162.HashSize}");

        Span<byte> kinds = stackalloc byte[128];
        var levels = 0;
        ulong lo = 0, hi = treeSize, s = start, e = end;
        var known = true;
        while (!(s == lo && e == hi))
        {
            if (levels == kinds.Length) return VerificationResult.Rejected("tree too deep");
            var mid = lo + Rfc9162.LargestPowerOfTwoBelow(hi - lo);
            if (e <= mid)
            {
                kinds[levels++] = LeftChild;
                hi = mid;
            }
            else if (s >= mid)
            {
                kinds[levels++] = RightInside;
                lo = mid;
            }
            else
            {
                if (s != lo) return VerificationResult.Rejected($"[{start}, {end}) is not a valid subtree");
                kinds[levels++] = RightSpanning;
                lo = mid;
                s = mid;
                known = false;
            }
        }
        var expected = levels + (known ? 0 : 1);
        if (proof.Count != expected)
        {
            return VerificationResult.Rejected($"consistency proof has {proof.Count} hashes, expected {expected}");
        }
        for (var i = 0; i < proof.Count; i++)
        {
            if (proof[i] is not { Length: Rfc9162.HashSize })
            {
                return VerificationResult.Rejected($"proof hash {i} is {(proof[i] is null ? "null" : proof[i].Length + " bytes")}, expected {Rfc9162.HashSize} bytes");
            }
        }

        Span<byte> oldHash = stackalloc byte[Rfc9162.HashSize];
        Span<byte> newHash = stackalloc byte[Rfc9162.HashSize];
        var next = 0;
        if (known)
        {
            subtreeHash.CopyTo(oldHash);
        }
        else
        {
            proof[next++].CopyTo(oldHash);
        }
        oldHash.CopyTo(newHash);
        for (var level = levels - 1; level >= 0; level--)
        {
            var p = proof[next++];
            switch (kinds[level])
            {
                case LeftChild:
                    Rfc9162.HashChildren(newHash, p, newHash);
                    break;
                case RightInside:
                    Rfc9162.HashChildren(p, newHash, newHash);
                    break;
                default:
                    Rfc9162.HashChildren(p, newHash, newHash);
                    Rfc9162.HashChildren(p, oldHash, oldHash);
                    break;
            }
        }
        if (!Rfc9162.HashEquals(oldHash, subtreeHash))
        {
            return VerificationResult.Rejected("consistency proof does not lead to the first hash");
        }
        if (!Rfc9162.HashEquals(newHash, root))
        {
            return VerificationResult.Rejected("consistency proof does not lead to the second root");
        }
        return VerificationResult.Valid($"[{start}, {end}) is consistent with the tree of size {treeSize}");
    }
}
