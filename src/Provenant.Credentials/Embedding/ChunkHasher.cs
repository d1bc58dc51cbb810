using System.Security.Cryptography;
using Provenant.Credentials.Manifest;

namespace Provenant.Credentials.Embedding;

/// <summary>
/// SHA-256 over an array that a reader fills front to back, optionally leaving out one byte range (a
/// <c>c2pa.hash.data</c> exclusion): the reader publishes how many bytes are valid and a parked worker thread
/// (<see cref="WorkerThreads"/>) hashes up to that mark, so the digest is ready shortly after the last read instead of
/// one full pass later. The worker may be started after part of the array is filled; it catches up.
/// </summary>
internal sealed class ChunkHasher
{
    /// <summary>Bytes per read (and per hashing step).</summary>
    public const int ChunkBytes = 1 << 20;

    private readonly SemaphoreSlim _published = new(0);
    private readonly TaskCompletionSource<byte[]> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _buffer = [];
    private ExclusionRange _exclusion;
    private int _filled;
    private volatile bool _abandoned;

    /// <summary>Completes with the digest of the whole buffer (less the exclusion) once it is filled.</summary>
    public Task<byte[]> Completion => _done.Task;

    /// <summary>Starts the worker over <paramref name="buffer"/> (filled through <see cref="Publish"/>).</summary>
    public void Start(byte[] buffer) => Start(buffer, default);

    /// <summary>Starts the worker over <paramref name="buffer"/> less <paramref name="exclusion"/> (within the buffer;
    /// length 0 for none). Bytes published before the start are hashed first.</summary>
    public void Start(byte[] buffer, ExclusionRange exclusion)
    {
        if (exclusion.Start < 0 || exclusion.Length < 0 || exclusion.End > buffer.Length) throw new ArgumentOutOfRangeException(nameof(exclusion));
        _buffer = buffer;
        _exclusion = exclusion;
        if (buffer.Length == 0)
        {
            _done.SetResult(SHA256.HashData(buffer));
            return;
        }
        WorkerThreads.Run(Run);
    }

    /// <summary>Marks the first <paramref name="filled"/> bytes as valid.</summary>
    public void Publish(int filled)
    {
        Volatile.Write(ref _filled, filled);
        _published.Release();
    }

    /// <summary>Stops the worker after a failed read (or when the digest is no longer wanted); the completion faults.</summary>
    public void Abandon()
    {
        _abandoned = true;
        _published.Release();
    }

    private void Run()
    {
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var hashed = 0;
            while (hashed < _buffer.Length)
            {
                if (_abandoned) throw new OperationCanceledException("the read failed");
                var filled = (int)Math.Min(Volatile.Read(ref _filled), (long)hashed + ChunkBytes); // a chunk at a time, so Abandon stops it soon
                if (filled == hashed)
                {
                    _published.Wait();
                    continue;
                }
                // [hashed, filled) less the exclusion: the part before it, then the part after it.
                var before = (int)Math.Min(filled, Math.Max(hashed, _exclusion.Start));
                if (before > hashed) hash.AppendData(_buffer, hashed, before - hashed);
                var after = (int)Math.Max(hashed, Math.Min(filled, _exclusion.End));
                if (filled > after) hash.AppendData(_buffer, after, filled - after);
                hashed = filled;
            }
            _done.SetResult(hash.GetHashAndReset());
        }
        catch (Exception e)
        {
            _done.TrySetException(e);
        }
    }
}
