using Provenant.Credentials.Embedding;
using Provenant.Credentials.Manifest;

namespace Provenant.Credentials.Validation;

/// <summary>
/// Computes the likely <c>c2pa.hash.data</c> digest of an asset while it is still being read, so verify makes no
/// second pass over the file. As soon as the bytes read so far hold the whole manifest store (the PNG <c>caBX</c>
/// chunk, the JPEG APP11 segments), a worker hashes SHA-256 of everything outside that range behind the reader
/// (<see cref="ChunkHasher"/>); an asset that is neither PNG nor JPEG (a sidecar's data hash covers the whole file) is
/// hashed whole from the first chunk. It is only a guess at the binding: <see cref="DigestFor"/> returns it only when the
/// manifest's exclusions are exactly that range (none for a sidecar) and its algorithm is <c>sha256</c>; for any other
/// binding the caller computes the hash as before (<see cref="DataHashCalculator"/>), so the outcome never depends on
/// the guess. The prefix is examined after the first chunk, then each time it has doubled, and at the end.
/// </summary>
internal sealed class ReadBehindDataHash
{
    private readonly ChunkHasher _hasher = new();
    private IAssetContainer? _container;
    private ExclusionRange? _range;
    private bool _started;
    private bool _gaveUp;
    private long _nextTry;

    /// <summary>The reader's callback: the first <paramref name="filled"/> bytes of <paramref name="asset"/> are read.</summary>
    public void OnFilled(byte[] asset, int filled)
    {
        if (!_started)
        {
            // Each try walks the prefix's chunk or segment headers: trying again only once the prefix has doubled keeps
            // the total walk within twice the file, even for a hostile file of tiny segments.
            if (_gaveUp || (filled < _nextTry && filled < asset.Length)) return;
            _nextTry = 2L * filled;
            var prefix = asset.AsMemory(0, filled);
            _container ??= AssetContainers.Detect(prefix.Span);
            var final = true;
            _range = _container switch
            {
                PngContainer => PngContainer.StoreChunkInPrefix(prefix.Span, out final),
                JpegContainer jpeg => jpeg.StoreInPrefix(prefix, out final),
                _ => null,
            };
            if (_range is null && _container is not null)
            {
                _gaveUp = final || filled == asset.Length;
                return;
            }
            _hasher.Start(asset, _range ?? default);
            _started = true;
        }
        _hasher.Publish(filled);
    }

    /// <summary>The digest when <paramref name="exclusions"/> and <paramref name="alg"/> are the ones hashed behind
    /// the reader (hashing what the worker has not reached on this thread), otherwise null.</summary>
    public byte[]? DigestFor(IReadOnlyList<ExclusionRange> exclusions, string? alg)
    {
        if (!_started || alg != "sha256") return null;
        var same = _range is { } range ? exclusions.Count == 1 && exclusions[0] == range : exclusions.Count == 0;
        return same ? _hasher.HelpAndWait() : null; // the rest hashed here if the worker is behind
    }

    /// <summary>Stops the worker if it is still hashing (the read failed, or the verdict was reached without the
    /// digest); nothing after it has finished.</summary>
    public void Abandon()
    {
        if (_started) _hasher.Abandon();
    }
}
