using Provenant.Ledger.Client;
using Provenant.Ledger.Tiles;

namespace Provenant.Ledger.Tests.Client;

/// <summary>Serves a tlog-tiles log laid out as static files (the tessera test log); the checkpoint file is chosen per poll.</summary>
internal sealed class DirectoryFetcher(string directory) : ITileFetcher
{
    public string Source => directory;

    /// <summary>File name served as <c>/checkpoint</c>.</summary>
    public string CheckpointFile { get; set; } = "checkpoint";

    public List<TilePath> Requests { get; } = [];

    public Task<byte[]> FetchCheckpointAsync(CancellationToken cancellationToken) =>
        Task.FromResult(File.ReadAllBytes(Path.Combine(directory, CheckpointFile)));

    public Task<byte[]?> FetchTileAsync(TilePath path, CancellationToken cancellationToken)
    {
        lock (Requests) Requests.Add(path);
        var file = Path.Combine(directory, path.ToString());
        return Task.FromResult(File.Exists(file) ? File.ReadAllBytes(file) : null);
    }
}
