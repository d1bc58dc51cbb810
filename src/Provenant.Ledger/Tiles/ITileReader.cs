namespace Provenant.Ledger.Tiles;

/// <summary>Reads Merkle tree tiles (c2sp.org/tlog-tiles) by level and index.</summary>
public interface ITileReader
{
    /// <summary>
    /// The hashes of tile <paramref name="index"/> at <paramref name="level"/> (a multiple of 32 bytes, at most 8,192),
    /// at least as wide as any checkpoint published so far requires; null when the tile does not exist yet.
    /// Partial tiles of a growing log are prefixes of each other, so a wider copy may always stand in for a narrower one.
    /// </summary>
    byte[]? ReadTile(int level, ulong index);
}
