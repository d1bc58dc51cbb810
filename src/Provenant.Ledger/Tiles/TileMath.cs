namespace Provenant.Ledger.Tiles;

/// <summary>
/// Tile arithmetic of c2sp.org/tlog-tiles ("Merkle Tree"): tiles have height 8; the hash at level <c>l</c>, index
/// <c>k</c> is <c>MTH(D[k·256^l : (k+1)·256^l])</c>; tile <c>n</c> of level <c>l</c> holds hashes <c>n·256 … n·256+255</c>.
/// </summary>
public static class TileMath
{
    /// <summary>Tile height in tree levels.</summary>
    public const int Height = 8;

    /// <summary>Number of level-<paramref name="level"/> hashes that exist in a tree of <paramref name="treeSize"/> leaves: ⌊s / 256^l⌋.</summary>
    public static ulong HashCount(int level, ulong treeSize) => level * Height >= 64 ? 0 : treeSize >> (level * Height);

    /// <summary>Width of the rightmost tile of <paramref name="level"/> for a tree of <paramref name="treeSize"/> leaves (0 when it is empty or full): ⌊s / 256^l⌋ mod 256.</summary>
    public static int PartialWidth(int level, ulong treeSize) => (int)(HashCount(level, treeSize) % TilePath.FullWidth);

    /// <summary>
    /// True when the tile resource <paramref name="tile"/> exists for a log whose published tree has
    /// <paramref name="treeSize"/> leaves: a full tile must be complete within the tree; a partial tile of width W must
    /// lie within it (any width up to the hashes present, since partial tiles of a growing log are prefixes of each other).
    /// </summary>
    public static bool Exists(TilePath tile, ulong treeSize)
    {
        var level = tile.IsEntryBundle ? 0 : tile.Level;
        var count = HashCount(level, treeSize);
        if (tile.Index > (ulong.MaxValue - (ulong)tile.Count) / TilePath.FullWidth) return false;
        return tile.Index * TilePath.FullWidth + (ulong)tile.Count <= count;
    }
}
