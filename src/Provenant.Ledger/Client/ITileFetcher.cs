using Provenant.Ledger.Tiles;

namespace Provenant.Ledger.Client;

/// <summary>
/// Fetches the read side of a c2sp.org/tlog-tiles log (<c>/checkpoint</c>, <c>/tile/…</c>) over some transport.
/// </summary>
/// <remarks>
/// Contract: an implementation only moves bytes; it is not trusted. Everything it returns is checked by
/// <see cref="TileClient"/> (checkpoint signatures, tile lengths, hashes against a verified root) before use.
/// Implementations bound response sizes (checkpoint ≤ <see cref="MaxCheckpointBytes"/>, tile ≤
/// <see cref="MaxTileBytes"/>, entry bundle ≤ <see cref="MaxEntryBundleBytes"/>) and throw
/// <see cref="LogUnavailableException"/> for transport failures, timeouts and oversized responses.
/// </remarks>
public interface ITileFetcher
{
    /// <summary>Largest checkpoint note accepted, in bytes (64 KiB).</summary>
    public const int MaxCheckpointBytes = 64 << 10;

    /// <summary>Largest Merkle tree tile: 256 hashes of 32 bytes.</summary>
    public const int MaxTileBytes = TilePath.FullWidth * 32;

    /// <summary>Largest entry bundle: 256 entries of a 2-byte length and at most 65,535 bytes.</summary>
    public const int MaxEntryBundleBytes = TilePath.FullWidth * (2 + EntryBundle.MaxEntrySize);

    /// <summary>Where the log is (a base URL or a directory), for messages.</summary>
    string Source { get; }

    /// <summary>The bytes served at <c>/checkpoint</c> (a signed note, unverified).</summary>
    /// <exception cref="LogUnavailableException">Not served, transport failure, or larger than the limit.</exception>
    Task<byte[]> FetchCheckpointAsync(CancellationToken cancellationToken);

    /// <summary>The bytes served at <paramref name="path"/>, or null when the log answers "not found" (HTTP 404).</summary>
    /// <exception cref="LogUnavailableException">Transport failure, another error status, or larger than the limit.</exception>
    Task<byte[]?> FetchTileAsync(TilePath path, CancellationToken cancellationToken);
}
