using System.Collections.Concurrent;
using Provenant.Ledger.Storage;
using Provenant.Ledger.Tiles;

namespace Provenant.Ledger.Log;

/// <summary>
/// An <see cref="ITileReader"/> over a store that keeps tiles in memory: full (immutable) tiles up to a bound, and the
/// newest version of every partial tile the sequencer has written (at most one per level: the right edge of the
/// tree). A partial tile only ever grows and its first hashes never change, so the newest version serves proofs and
/// tile reads for every smaller published size too (callers cut it to the width they need).
/// </summary>
internal sealed class TileCache(ILogStore store, int capacity) : ITileReader
{
    private readonly ConcurrentDictionary<(int, ulong), byte[]> _full = new();
    private readonly ConcurrentDictionary<(int, ulong), byte[]> _partial = new();

    public byte[]? ReadTile(int level, ulong index)
    {
        if (_full.TryGetValue((level, index), out var t)) return t;
        if (_partial.TryGetValue((level, index), out t)) return t;
        var tile = store.ReadTile(level, index);
        if (tile is { Length: TilePath.FullWidth * 32 })
        {
            if (_full.Count >= capacity) _full.Clear();
            _full[(level, index)] = tile;
        }
        return tile;
    }

    /// <summary>Remembers tiles just committed to the store: full ones (bounded) and the right-edge partial ones.</summary>
    public void Add(IEnumerable<(int Level, ulong Index, byte[] Hashes)> tiles)
    {
        foreach (var (level, index, hashes) in tiles)
        {
            if (hashes.Length != TilePath.FullWidth * 32)
            {
                _partial.AddOrUpdate((level, index), hashes, (_, old) => old.Length >= hashes.Length ? old : hashes);
                continue;
            }
            if (_full.Count >= capacity) _full.Clear();
            _full[(level, index)] = hashes;
            _partial.TryRemove((level, index), out _);
        }
    }
}
