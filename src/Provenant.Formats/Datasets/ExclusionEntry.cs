using Provenant.Core;
using Provenant.Core.Hashing;
using Provenant.Core.Merkle;

namespace Provenant.Formats.Datasets;

/// <summary>The proof that one content hash is absent from a dataset's exclusion index: its neighbouring leaves.</summary>
/// <param name="Hash">The absent content hash (32 bytes).</param>
/// <param name="Neighbours">The leaves at positions p and p + 1 with left &lt; hash &lt; right; only the first leaf when hash
/// is below every leaf, only the last when above every leaf, none for an empty index.</param>
public sealed record ExclusionEntry(byte[] Hash, IReadOnlyList<ExclusionNeighbour> Neighbours)
{
    /// <summary>
    /// Checks the entry against a trusted index root and leaf count (RFC 9162 §2.1.3.2 for each neighbour; adjacency
    /// from the bound positions; strict order). Never throws; returns the reason on rejection.
    /// </summary>
    public VerificationResult Verify(ExclusionIndexRoot trusted)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        var h = Hex.Encode(Hash);
        if (Hash.Length != 32) return VerificationResult.Rejected("a content hash is 32 bytes");
        var n = trusted.LeafCount;
        foreach (var nb in Neighbours)
        {
            var l = nb.Leaf;
            if (l.Position < 0 || l.Position >= n || l.Count < 1 || l.ContentHash.Length != 32)
            {
                return VerificationResult.Rejected($"{h}: neighbour at position {l.Position} is outside the index's {n} leaves or malformed");
            }
            var r = InclusionProof.Verify((ulong)l.Position, (ulong)n, l.Hash(), nb.Proof, trusted.Root);
            if (!r.IsValid) return VerificationResult.Rejected($"{h}: neighbour at position {l.Position}: {r.Reason}");
        }
        var ok = Neighbours.Count switch
        {
            0 => n == 0,
            1 => (Neighbours[0].Leaf.Position == 0 && ExclusionIndex.Compare(Hash, Neighbours[0].Leaf.ContentHash) < 0)
                 || (Neighbours[0].Leaf.Position == n - 1 && ExclusionIndex.Compare(Hash, Neighbours[0].Leaf.ContentHash) > 0),
            2 => Neighbours[1].Leaf.Position == Neighbours[0].Leaf.Position + 1
                 && ExclusionIndex.Compare(Neighbours[0].Leaf.ContentHash, Hash) < 0
                 && ExclusionIndex.Compare(Hash, Neighbours[1].Leaf.ContentHash) < 0,
            _ => false,
        };
        return ok
            ? VerificationResult.Valid($"{h} is not a record content hash of the dataset")
            : VerificationResult.Rejected($"{h}: the neighbouring leaves do not bracket it (not adjacent, not the first/last leaf, or not strictly ordered)");
    }
}
