using Provenant.Core.Merkle;

namespace Provenant.Formats.Datasets;

/// <summary>
/// A sorted Merkle index over a dataset's record content hashes, for proofs that a hash is <b>not</b> in the dataset:
/// the distinct hashes in ascending byte order, each an <see cref="ExclusionLeaf"/>; root = RFC 9162 Merkle Tree Hash
/// over the leaves. A hash h is absent when two adjacent leaves (positions p, p + 1) satisfy left &lt; h &lt; right,
/// or the first leaf is greater than h, or the last leaf is less than h — each shown by inclusion proofs of those
/// leaves. This is exact-hash exclusion: a re-encoded, cropped or otherwise altered copy of an item has another hash
/// and is not detected.
/// </summary>
public sealed class ExclusionIndex
{
    private readonly ExclusionLeaf[] _leaves;
    private readonly byte[][] _leafHashes;
    private readonly byte[][] _keys;

    private ExclusionIndex(ExclusionLeaf[] leaves)
    {
        _leaves = leaves;
        _leafHashes = leaves.Select(l => l.Hash()).ToArray();
        _keys = leaves.Select(l => l.ContentHash).ToArray();
        Root = new ExclusionIndexRoot(Rfc9162.RootFromLeafHashes(_leafHashes), leaves.Length);
    }

    /// <summary>The root and leaf count.</summary>
    public ExclusionIndexRoot Root { get; }

    /// <summary>The leaves in ascending hash order.</summary>
    public IReadOnlyList<ExclusionLeaf> Leaves => _leaves;

    /// <summary>Builds the index of <paramref name="contentHashes"/> (one 32-byte hash per record, any order, repeats counted).</summary>
    /// <exception cref="ArgumentException">A hash is not 32 bytes.</exception>
    public static ExclusionIndex Build(IEnumerable<byte[]> contentHashes)
    {
        ArgumentNullException.ThrowIfNull(contentHashes);
        var sorted = contentHashes.Select(h => h.Length == 32 ? h : throw new ArgumentException("content hashes are 32 bytes", nameof(contentHashes))).ToArray();
        Array.Sort(sorted, Compare);
        var leaves = new List<ExclusionLeaf>(sorted.Length);
        for (var i = 0; i < sorted.Length;)
        {
            var j = i + 1;
            while (j < sorted.Length && Compare(sorted[i], sorted[j]) == 0) j++;
            leaves.Add(new ExclusionLeaf(sorted[i], leaves.Count, j - i));
            i = j;
        }
        return new ExclusionIndex([.. leaves]);
    }

    /// <summary>Unsigned lexicographic order of two hashes.</summary>
    public static int Compare(byte[]? a, byte[]? b) => a.AsSpan().SequenceCompareTo(b);

    /// <summary>
    /// The non-membership proof of <paramref name="hash"/>, or null when the dataset holds a record with that hash
    /// (<paramref name="found"/> is then its leaf).
    /// </summary>
    /// <exception cref="ArgumentException">The hash is not 32 bytes.</exception>
    public ExclusionEntry? Prove(byte[] hash, out ExclusionLeaf? found)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (hash.Length != 32) throw new ArgumentException("a content hash is 32 bytes", nameof(hash));
        found = null;
        var i = Array.BinarySearch(_keys, hash, Comparer<byte[]>.Create(Compare));
        if (i >= 0)
        {
            found = _leaves[i];
            return null;
        }
        var next = ~i;
        var neighbours = new List<ExclusionNeighbour>(2);
        if (next > 0) neighbours.Add(Neighbour(next - 1));
        if (next < _leaves.Length) neighbours.Add(Neighbour(next));
        return new ExclusionEntry(hash, neighbours);
    }

    private ExclusionNeighbour Neighbour(int i) => new(_leaves[i], InclusionProof.Generate(_leafHashes, (ulong)i));
}
