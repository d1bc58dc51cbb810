using System.Security.Cryptography;
using Provenant.Core;
using Provenant.Core.Merkle;

namespace Provenant.Formats.Datasets;

/// <summary>
/// RFC 9162 §2.1.3 Merkle inclusion proofs (PATH generation §2.1.3.1, verification §2.1.3.2).
/// TEMPORARY: to be replaced by <c>Provenant.Core.Merkle.InclusionProof</c> once that branch is merged;
/// the two methods have the same signatures, so the swap is a rename at the call sites.
/// </summary>
internal static class RecordProofMath
{
    /// <summary>PATH(m, D[n]): the audit path for leaf <paramref name="leafIndex"/>, deepest sibling first.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not below the number of leaves.</exception>
    public static byte[][] Generate(IReadOnlyList<byte[]> leafHashes, ulong leafIndex)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        if (leafIndex >= (ulong)leafHashes.Count) throw new ArgumentOutOfRangeException(nameof(leafIndex), "leaf index must be below the tree size");
        var path = new List<byte[]>();
        Path((int)leafIndex, 0, leafHashes.Count, leafHashes, path);
        return [.. path];
    }

    private static void Path(int m, int start, int end, IReadOnlyList<byte[]> leaves, List<byte[]> path)
    {
        var n = end - start;
        if (n <= 1) return;
        var k = (int)Rfc9162.LargestPowerOfTwoBelow((ulong)n);
        if (m < k)
        {
            Path(m, start, start + k, leaves, path);
            path.Add(Rfc9162.RootFromLeafHashes(Slice(leaves, start + k, end)));
        }
        else
        {
            Path(m - k, start + k, end, leaves, path);
            path.Add(Rfc9162.RootFromLeafHashes(Slice(leaves, start, start + k)));
        }
    }

    private static IReadOnlyList<byte[]> Slice(IReadOnlyList<byte[]> leaves, int start, int end) =>
        leaves is byte[][] arr ? new ArraySegment<byte[]>(arr, start, end - start) : leaves.Skip(start).Take(end - start).ToArray();

    /// <summary>Verifies an inclusion proof as in RFC 9162 §2.1.3.2.</summary>
    public static VerificationResult Verify(ulong leafIndex, ulong treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (leafIndex >= treeSize) return VerificationResult.Rejected($"leaf index {leafIndex} is not below tree size {treeSize}");
        if (leafHash.Length != Rfc9162.HashSize || root.Length != Rfc9162.HashSize) return VerificationResult.Rejected("leaf hash and root must be 32 bytes");
        var fn = leafIndex;
        var sn = treeSize - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (p is null || p.Length != Rfc9162.HashSize) return VerificationResult.Rejected("proof hashes must be 32 bytes");
            if (sn == 0) return VerificationResult.Rejected("inclusion proof is longer than the tree allows");
            if ((fn & 1) == 1 || fn == sn)
            {
                r = Rfc9162.HashChildren(p, r);
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
                r = Rfc9162.HashChildren(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) return VerificationResult.Rejected("inclusion proof is shorter than the tree requires");
        return CryptographicOperations.FixedTimeEquals(r, root)
            ? VerificationResult.Valid($"leaf {leafIndex} is included in the tree of size {treeSize}")
            : VerificationResult.Rejected("inclusion proof does not lead to the root");
    }
}
