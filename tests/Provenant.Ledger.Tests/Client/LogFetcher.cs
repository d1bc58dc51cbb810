using System.Collections.Concurrent;
using System.Text;
using Provenant.Ledger.Client;
using Provenant.Ledger.Log;
using Provenant.Ledger.Tiles;

namespace Provenant.Ledger.Tests.Client;

/// <summary>
/// An in-memory <see cref="ITileFetcher"/> over a real <see cref="TransparencyLog"/> (what LogEndpoints serves), which
/// records every request and can tamper with responses.
/// </summary>
internal sealed class LogFetcher(TransparencyLog log) : ITileFetcher
{
    public string Source => "mem:" + log.Origin;

    /// <summary>Every tile path requested, with the published tree size at the time.</summary>
    public ConcurrentQueue<(TilePath Path, ulong PublishedSize)> Requests { get; } = new();

    /// <summary>Rewrites a tile response (or returns it unchanged).</summary>
    public Func<TilePath, byte[]?, byte[]?> TamperTile { get; set; } = (_, b) => b;

    /// <summary>Rewrites the checkpoint note.</summary>
    public Func<byte[], byte[]> TamperCheckpoint { get; set; } = b => b;

    public Task<byte[]> FetchCheckpointAsync(CancellationToken cancellationToken) =>
        Task.FromResult(TamperCheckpoint(Encoding.UTF8.GetBytes(log.Published.Note)));

    public Task<byte[]?> FetchTileAsync(TilePath path, CancellationToken cancellationToken)
    {
        Requests.Enqueue((path, log.Published.Checkpoint.TreeSize));
        return Task.FromResult(TamperTile(path, log.ReadTile(path)));
    }
}
