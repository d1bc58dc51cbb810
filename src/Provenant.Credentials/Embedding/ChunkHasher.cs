using System.Security.Cryptography;

namespace Provenant.Credentials.Embedding;

/// <summary>
/// SHA-256 over an array that a reader fills front to back: the reader publishes how many bytes are valid and a
/// worker hashes up to that mark, so the digest is ready shortly after the last read instead of one full pass later.
/// </summary>
internal sealed class ChunkHasher
{
    /// <summary>Bytes per read (and per hashing step).</summary>
    public const int ChunkBytes = 1 << 20;

    private readonly SemaphoreSlim _published = new(0);
    private readonly TaskCompletionSource<byte[]> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _buffer = [];
    private int _filled;
    private volatile bool _abandoned;

    /// <summary>Completes with the digest of the whole buffer once it is filled.</summary>
    public Task<byte[]> Completion => _done.Task;

    /// <summary>Starts the worker over <paramref name="buffer"/> (filled later through <see cref="Publish"/>).</summary>
    public void Start(byte[] buffer)
    {
        _buffer = buffer;
        if (buffer.Length == 0)
        {
            _done.SetResult(SHA256.HashData(buffer));
            return;
        }
        _ = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Marks the first <paramref name="filled"/> bytes as valid.</summary>
    public void Publish(int filled)
    {
        Volatile.Write(ref _filled, filled);
        _published.Release();
    }

    /// <summary>Stops the worker after a failed read; the completion faults.</summary>
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
                _published.Wait();
                if (_abandoned) throw new OperationCanceledException("the read failed");
                var filled = Volatile.Read(ref _filled);
                hash.AppendData(_buffer, hashed, filled - hashed);
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
