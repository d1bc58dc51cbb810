using System.Collections.Concurrent;
using Provenant.Ledger.Storage;
using Provenant.Ledger.Tiles;

namespace Provenant.Ledger.Log;

/// <summary>
/// An <see cref="ITileReader"/> over a store that keeps full (immutable) tiles in memory, up to a bound; partial tiles
/// are always read from the store, since they grow.
/// </summary>
internal sealed class TileCache(ILogStore store, int capacity) : ITileReader
{
    private readonly ConcurrentDictionary<(int, ulong), byte[]> _full = new();

    public byte[]? ReadTile(int level, ulong index)
    {
        if (_full.TryGetValue((level, index), out var t)) return t;
        var tile = store.ReadTile(level, index);
        if (tile is { Length: TilePath.FullWidth * 32 })
        {
            if (_full.Count >= capacity) _full.Clear();
            _full[(level, index)] = tile;
        }
        return tile;
    }

    /// <summary>Remembers tiles just written (full ones only).</summary>
    public void Add(IEnumerable<(int Level, ulong Index, byte[] Hashes)> tiles)
    {
        foreach (var (level, index, hashes) in tiles)
        {
            if (hashes.Length != TilePath.FullWidth * 32) continue;
            if (_full.Count >= capacity) _full.Clear();
            _full[(level, index)] = hashes;
        }
    }
}
