using Provenant.Ledger.Tiles;

namespace Provenant.Ledger.Client;

/// <summary>
/// A dry run of a tile computation: records which tiles it reads and answers with zero hashes of the width the tree
/// of <c>treeSize</c> leaves has at that position. Which tiles a proof needs depends only on indices and sizes, never
/// on hash values, so the same computation over fetched tiles then reads exactly these.
/// </summary>
internal sealed class TileFetchPlan(ulong treeSize) : ITileReader
{
    private readonly HashSet<(int Level, ulong Index)> _tiles = [];

    /// <summary>The tiles read, in first-read order.</summary>
    public List<(int Level, ulong Index)> Tiles { get; } = [];

    public byte[]? ReadTile(int level, ulong index)
    {
        if (!TileMath.Exists(new TilePath(level, index, 1), treeSize)) return null;
        if (_tiles.Add((level, index))) Tiles.Add((level, index));
        var full = TileMath.Exists(new TilePath(level, index, 0), treeSize);
        return new byte[(full ? TilePath.FullWidth : TileMath.PartialWidth(level, treeSize)) * 32];
    }
}
