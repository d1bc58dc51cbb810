using System.Collections.Concurrent;
using Provenant.Ledger.Tiles;

namespace Provenant.Ledger.Client;

/// <summary>Tiles fetched (and length-checked) for one computation; null for any other tile.</summary>
internal sealed class FetchedTiles : ITileReader
{
    private readonly ConcurrentDictionary<(int Level, ulong Index), byte[]> _tiles = new();

    public void Add(int level, ulong index, byte[] hashes) => _tiles[(level, index)] = hashes;

    public byte[]? ReadTile(int level, ulong index) => _tiles.TryGetValue((level, index), out var t) ? t : null;
}
