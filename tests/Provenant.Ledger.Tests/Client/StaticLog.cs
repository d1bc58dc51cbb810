using System.Text;
using Provenant.Core.Merkle;
using Provenant.Ledger.Checkpoints;
using Provenant.Ledger.Client;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Tiles;

namespace Provenant.Ledger.Tests.Client;

/// <summary>
/// A tlog-tiles log as a set of static files in memory (the layout Tessera's POSIX driver writes): every full tile,
/// the partial tiles of the final size and a signed checkpoint. Fast to build with tens of thousands of entries.
/// </summary>
internal sealed class StaticLog : ITileFetcher
{
    private readonly Dictionary<string, byte[]> _files = [];

    public StaticLog(IReadOnlyList<byte[]> entries)
    {
        var edge = TreeEdge.Empty();
        var leaves = entries.Select(e => Rfc9162.HashLeaf(e)).ToList();
        foreach (var (level, index, hashes) in edge.Append(leaves))
        {
            _files[new TilePath(level, index, hashes.Length == TilePath.FullWidth * 32 ? 0 : hashes.Length / 32).ToString()] = hashes;
        }
        for (var b = 0; b * TilePath.FullWidth < entries.Count; b++)
        {
            var chunk = entries.Skip(b * TilePath.FullWidth).Take(TilePath.FullWidth).ToList();
            _files[new TilePath(-1, (ulong)b, chunk.Count == TilePath.FullWidth ? 0 : chunk.Count).ToString()] = EntryBundle.Encode(chunk);
        }
        Root = Rfc9162.RootFromLeafHashes(leaves);
        Note = SignedNote.Sign(new Checkpoint(TestLog.Signer.Name, (ulong)entries.Count, Root).Format(), TestLog.Signer).ToString();
    }

    public byte[] Root { get; }

    public string Note { get; }

    public List<TilePath> Requests { get; } = [];

    public string Source => "static";

    /// <summary>Replaces one served file (to make the log lie).</summary>
    public void Replace(TilePath path, Func<byte[], byte[]> change) => _files[path.ToString()] = change(_files[path.ToString()]);

    public Task<byte[]> FetchCheckpointAsync(CancellationToken cancellationToken) => Task.FromResult(Encoding.UTF8.GetBytes(Note));

    public Task<byte[]?> FetchTileAsync(TilePath path, CancellationToken cancellationToken)
    {
        lock (Requests) Requests.Add(path);
        return Task.FromResult(_files.TryGetValue(path.ToString(), out var b) ? b : null);
    }
}
