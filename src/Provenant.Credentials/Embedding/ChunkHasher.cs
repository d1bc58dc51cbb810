using System.Security.Cryptography;
using Provenant.Credentials.Manifest;

namespace Provenant.Credentials.Embedding;

/// <summary>
/// SHA-256 over an array that a reader fills front to back, optionally leaving out one byte range (a
/// <c>c2pa.hash.data</c> exclusion): the reader publishes how many bytes are valid and a parked worker thread
/// (<see cref="WorkerThreads"/>) hashes up to that mark, one chunk at a time, so the digest is ready shortly after the
/// last read instead of one full pass later. The worker may be started after part of the array is filled; it catches
/// up. A caller that needs the digest (<see cref="HelpAndWait"/>) hashes the chunks that are left itself instead of
/// waiting for the worker to get a CPU: the hash state is shared under a lock, so whichever thread runs does the work,
/// and on a busy machine the result comes no later than a plain hash after the read.
/// </summary>
internal sealed class ChunkHasher
{
    /// <summary>Bytes per read (and per hashing step).</summary>
    public const int ChunkBytes = 1 << 20;

    private readonly SemaphoreSlim _published = new(0);
    private readonly TaskCompletionSource<byte[]> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private IncrementalHash? _hash;
    private byte[] _buffer = [];
    private ExclusionRange _exclusion;
    private int _filled;
    private int _hashed;
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
        _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        WorkerThreads.Run(Run);
    }

    /// <summary>Marks the first <paramref name="filled"/> bytes as valid.</summary>
    public void Publish(int filled)
    {
        Volatile.Write(ref _filled, filled);
        _published.Release();
    }

    /// <summary>Stops the worker after a failed read (or when the digest is no longer wanted); the completion faults
    /// unless it had already completed.</summary>
    public void Abandon()
    {
        _abandoned = true;
        _published.Release();
    }

    /// <summary>Hashes on the calling thread whatever is published and not yet hashed, then waits for the digest (which
    /// needs every byte published, by this thread before the call or by another).</summary>
    /// <exception cref="OperationCanceledException">The hasher was abandoned.</exception>
    public byte[] HelpAndWait()
    {
        while (Step())
        {
        }
        return _done.Task.GetAwaiter().GetResult();
    }

    private void Run()
    {
        try
        {
            while (!_done.Task.IsCompleted)
            {
                if (!Step() && !_done.Task.IsCompleted) _published.Wait();
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    /// <summary>Hashes the next published chunk, if any, under the lock; false when there is none now (or the digest
    /// is done).</summary>
    private bool Step()
    {
        lock (_gate)
        {
            if (_done.Task.IsCompleted) return false;
            if (_abandoned)
            {
                Fail(new OperationCanceledException("the read failed"));
                return false;
            }
            var hashed = _hashed;
            var filled = (int)Math.Min(Volatile.Read(ref _filled), (long)hashed + ChunkBytes); // a chunk at a time, so Abandon stops it soon
            if (filled == hashed) return false;
            // [hashed, filled) less the exclusion: the part before it, then the part after it.
            var before = (int)Math.Min(filled, Math.Max(hashed, _exclusion.Start));
            if (before > hashed) _hash!.AppendData(_buffer, hashed, before - hashed);
            var after = (int)Math.Max(hashed, Math.Min(filled, _exclusion.End));
            if (filled > after) _hash!.AppendData(_buffer, after, filled - after);
            _hashed = filled;
            if (filled == _buffer.Length)
            {
                _done.SetResult(_hash!.GetHashAndReset());
                _hash.Dispose();
                _published.Release(); // the worker may be waiting for a chunk that a helper hashed: let it see the end
            }
            return true;
        }
    }

    private void Fail(Exception e)
    {
        lock (_gate)
        {
            if (_done.TrySetException(e)) _hash?.Dispose();
            _published.Release();
        }
    }
}
