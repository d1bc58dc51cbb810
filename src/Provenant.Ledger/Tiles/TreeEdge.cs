using Provenant.Core.Merkle;

namespace Provenant.Ledger.Tiles;

/// <summary>
/// The right edge of a tiled tree: the partial (rightmost, not yet full) tile of every level, which is all that is
/// needed to append leaf hashes and to compute the root. Appending returns every tile that changed, full or partial,
/// ready to store. Not thread-safe; the sequencer owns it.
/// </summary>
public sealed class TreeEdge : ITileReader
{
    private readonly List<byte[]> _edge = []; // per level: the partial tile's hashes (count % 256 of them)
    private readonly List<int> _count = [];

    private TreeEdge(ulong size) => Size = size;

    /// <summary>Number of leaves.</summary>
    public ulong Size { get; private set; }

    /// <summary>An empty tree.</summary>
    public static TreeEdge Empty() => new(0);

    /// <summary>Loads the edge of a tree of <paramref name="size"/> leaves from stored tiles.</summary>
    /// <exception cref="InvalidDataException">A stored partial tile is missing or too narrow.</exception>
    public static TreeEdge Load(ITileReader tiles, ulong size)
    {
        var edge = new TreeEdge(size);
        for (var level = 0; TileMath.HashCount(level, size) > 0; level++)
        {
            var width = TileMath.PartialWidth(level, size);
            var buf = new byte[TilePath.FullWidth * 32];
            if (width > 0)
            {
                var index = TileMath.HashCount(level, size) / TilePath.FullWidth;
                var stored = tiles.ReadTile(level, index);
                if (stored is null || stored.Length < width * 32) throw new InvalidDataException($"tile {level}/{index} has {(stored?.Length ?? 0) / 32} hashes, the tree of size {size} needs {width}");
                stored.AsSpan(0, width * 32).CopyTo(buf);
            }
            edge._edge.Add(buf);
            edge._count.Add(width);
        }
        return edge;
    }

    /// <summary>
    /// Appends leaf hashes (32 bytes each) and returns the tiles that changed: every tile that became full and the
    /// new partial tile of each level that changed.
    /// </summary>
    public IReadOnlyList<(int Level, ulong Index, byte[] Hashes)> Append(IReadOnlyList<byte[]> leafHashes)
    {
        var changed = new Dictionary<(int, ulong), byte[]>();
        var touched = new HashSet<int>();
        foreach (var h in leafHashes)
        {
            if (h.Length != 32) throw new ArgumentException("leaf hashes are 32 bytes");
            Add(0, h, changed, touched);
            Size++;
        }
        foreach (var level in touched)
        {
            var w = _count[level];
            if (w == 0) continue;
            var index = TileMath.HashCount(level, Size) / TilePath.FullWidth;
            changed[(level, index)] = _edge[level].AsSpan(0, w * 32).ToArray();
        }
        return changed.Select(kv => (kv.Key.Item1, kv.Key.Item2, kv.Value)).OrderBy(t => t.Item1).ThenBy(t => t.Item2).ToList();
    }

    private void Add(int level, byte[] hash, Dictionary<(int, ulong), byte[]> changed, HashSet<int> touched)
    {
        while (_edge.Count <= level)
        {
            _edge.Add(new byte[TilePath.FullWidth * 32]);
            _count.Add(0);
        }
        touched.Add(level);
        hash.CopyTo(_edge[level], _count[level] * 32);
        _count[level]++;
        if (_count[level] < TilePath.FullWidth) return;
        // The tile is full: it is written out and its root becomes one hash of the level above.
        var full = (byte[])_edge[level].Clone();
        // Index of the full tile: hashes at this level before this one, / 256. Size has not been incremented for the current leaf.
        var index = (TileMath.HashCount(level, Size + 1) - 1) / TilePath.FullWidth;
        changed[(level, index)] = full;
        _count[level] = 0;
        Add(level + 1, TiledHashSource.PerfectRoot(full), changed, touched);
    }

    /// <summary>The root hash MTH(D[0:Size]); the empty-tree hash when Size is 0.</summary>
    public byte[] Root() => Size == 0 ? Rfc9162.EmptyRoot() : new TiledHashSource(this).SubtreeHash(0, Size);

    /// <summary>Serves only the edge tiles; null for any other tile.</summary>
    public byte[]? ReadTile(int level, ulong index)
    {
        if (level >= _edge.Count || _count[level] == 0) return null;
        if (index != TileMath.HashCount(level, Size) / TilePath.FullWidth) return null;
        return _edge[level].AsSpan(0, _count[level] * 32).ToArray();
    }
}
