using Microsoft.Win32.SafeHandles;
using Provenant.Core.Errors;
using Provenant.Core.IO;

namespace Provenant.Credentials.Embedding;

/// <summary>
/// Writes a signed asset while the original is still being read and hashed. As soon as the bytes read so far fix the
/// insertion offset, a gap of the store's signature-independent size is reserved there, and a writer (a parked worker thread, <see cref="WorkerThreads"/>) writes
/// every chunk read to its final place behind the gap while the hash is computed. With direct I/O allowed and
/// accepted by the file system (<see cref="FileWriteback.TrySetDirect"/>), the output is laid out in an aligned
/// staging buffer, one copy of the asset, and the device reads it from there without a page-cache copy. Otherwise it
/// writes through the page cache straight from the asset array, with no copy, and starts write-back per piece
/// (<see cref="FileWriteback.Start"/>). Either way the device works while the hash is computed, and the final <c>fsync</c> only waits for
/// the last pages. <see cref="Finish"/> writes the head with the real store. When the offset guessed from a prefix or
/// the reserved size turns out wrong, it lays the whole file out again, so the result never depends on the guess.
/// </summary>
internal sealed unsafe class StreamingEmbedWriter : IDisposable
{
    private const int Align = FileWriteback.DirectAlignment;
    private const long MaxWrite = 4L << 20;

    private readonly IAssetContainer _container;
    private readonly SafeFileHandle _file;
    private readonly Func<long, int> _reserve;
    private readonly string _path;
    private readonly bool _allowDirect;
    private readonly SemaphoreSlim _staged = new(0);
    private volatile bool _direct;
    private long _offset = -1;
    private int _gap;
    private int _copied;
    private byte[] _asset = [];
    private AlignedBuffer? _buffer;
    private byte* _stage;
    private long _stageLength;
    private long _end;
    private long _headEnd;
    private long _stagedEnd;
    private long _signaledAt;
    private long _written;
    private volatile bool _closing;
    private volatile bool _abandoned;
    private TaskCompletionSource? _writerDone;
    private Exception? _failure;

    /// <param name="container">The asset's container.</param>
    /// <param name="file">The (temporary) output file, empty and writable.</param>
    /// <param name="reserve">The wrapped store's size for a given insertion offset.</param>
    /// <param name="path">The destination, for error messages.</param>
    /// <param name="allowDirect">Whether to try direct I/O (false: always through the page cache).</param>
    public StreamingEmbedWriter(IAssetContainer container, SafeFileHandle file, Func<long, int> reserve, string path, bool allowDirect)
    {
        _container = container;
        _file = file;
        _reserve = reserve;
        _path = path;
        _allowDirect = allowDirect;
    }

    /// <summary>The reserved gap in bytes (0 until the offset is known).</summary>
    public int Gap => _gap;

    /// <summary>Whether the pages are written with direct I/O.</summary>
    public bool Direct => _direct;

    /// <summary>After <see cref="Finish"/>: the complete output as written, when it was staged in memory (null when
    /// the file was laid out again from the asset). Valid until disposal.</summary>
    public ReadOnlyMemory<byte>? Output { get; private set; }

    /// <summary>Takes the first <paramref name="filled"/> bytes of <paramref name="asset"/> as read: places the gap once
    /// the prefix fixes the insertion offset and stages what is new for the writer.</summary>
    /// <exception cref="ProvenantException">The writer failed to write (exit code 4).</exception>
    public void Advance(byte[] asset, int filled)
    {
        ThrowIfFailed();
        if (_offset < 0)
        {
            var offset = GuessOffset(asset, filled);
            if (offset is null) return;
            Place(asset, offset.Value);
        }
        if (_stage == null)
        {
            _copied = filled; // page-cache mode: the writer reads the asset array itself
        }
        else
        {
            fixed (byte* source = asset)
            {
                Stage(source, filled);
            }
        }
        var stagedEnd = _copied == asset.Length ? _stageLength : _copied + (long)_gap;
        Volatile.Write(ref _stagedEnd, stagedEnd);
        // Wake the writer for the first pages (so the device starts at once), then per MaxWrite staged (fewer
        // wake-ups on a busy machine), and for the end.
        if (stagedEnd == _stageLength || stagedEnd - _signaledAt >= MaxWrite || _signaledAt == 0)
        {
            _signaledAt = stagedEnd;
            _staged.Release();
        }
    }

    /// <summary>Copies the new asset bytes up to <paramref name="filled"/> to their places in the staging buffer.</summary>
    private void Stage(byte* source, int filled)
    {
        if (_copied < _offset)
        {
            var head = (int)Math.Min(filled, _offset);
            Buffer.MemoryCopy(source + _copied, _stage + _copied, head - _copied, head - _copied);
            _copied = head;
        }
        if (_copied < filled)
        {
            Buffer.MemoryCopy(source + _copied, _stage + _copied + _gap, filled - _copied, filled - _copied);
            _copied = filled;
        }
    }

    /// <summary>Writes <paramref name="wrapped"/> at <paramref name="offset"/> of the complete output: into the reserved
    /// gap when the guess was right, otherwise by writing the whole file again. The file then holds exactly
    /// <c>asset.Length + wrapped.Length</c> bytes (not yet flushed to the device).</summary>
    /// <exception cref="ProvenantException">The output cannot be written (exit code 4).</exception>
    public void Finish(byte[] asset, long offset, byte[] wrapped)
    {
        ThrowIfFailed();
        var inPlace = offset == _offset && wrapped.Length == _gap && _copied == asset.Length;
        Guard(() =>
        {
            // The head (the bytes before the gap, the store, and the asset up to the next page boundary) is written
            // while the writer may still be writing the tail: the ranges are disjoint and every byte is staged.
            if (inPlace) WriteHead(asset, offset, wrapped);
            StopThread();
            ThrowIfFailed();
            if (inPlace)
            {
                WriteStaged(Math.Max(_written, _headEnd), _stageLength); // whatever the writer left
                if (_stage == null) return;
                RandomAccess.SetLength(_file, _end); // direct writes end on a page boundary
                Output = _buffer!.Memory[..(int)_end];
                return;
            }
            if (_direct) FileWriteback.TrySetDirect(_file, false);
            RandomAccess.SetLength(_file, 0);
            RandomAccess.Write(_file, asset.AsSpan(0, (int)offset), 0);
            RandomAccess.Write(_file, wrapped, offset);
            RandomAccess.Write(_file, asset.AsSpan((int)offset), offset + wrapped.Length);
        });
    }

    /// <summary>Writes <c>[0, head end)</c> of the output with the real store in the gap: from the staging buffer, or
    /// in page-cache mode straight from the asset and the store.</summary>
    private void WriteHead(byte[] asset, long offset, byte[] wrapped)
    {
        if (_stage == null)
        {
            var headAsset = (int)(Math.Min(_headEnd, _end) - _gap);
            RandomAccess.Write(_file, asset.AsSpan(0, (int)offset), 0);
            RandomAccess.Write(_file, wrapped, offset);
            RandomAccess.Write(_file, asset.AsSpan((int)offset, headAsset - (int)offset), offset + _gap);
            return;
        }
        wrapped.AsSpan().CopyTo(new Span<byte>(_stage + offset, wrapped.Length));
        WriteStaged(0, _headEnd);
    }

    /// <summary>Stops the writer (abandoning what is not written) and frees the staging buffer.</summary>
    public void Dispose()
    {
        _abandoned = true;
        StopThread();
        ((IDisposable?)_buffer)?.Dispose();
        _buffer = null;
        _stage = null;
        Output = null;
        _staged.Dispose();
    }

    private void Place(byte[] asset, long offset)
    {
        _asset = asset;
        _offset = offset;
        _gap = _reserve(offset);
        _end = asset.Length + (long)_gap;
        _stageLength = AlignUp(_end);
        if (_stageLength + Align > Array.MaxLength) throw new ProvenantException($"{_path}: the signed file would be {_end} bytes, more than can be staged in memory ({Array.MaxLength - 2 * Align})");
        _headEnd = AlignUp(offset + _gap);
        _written = _headEnd;
        _direct = _allowDirect && FileWriteback.TrySetDirect(_file, true);
        if (_direct)
        {
            _buffer = new AlignedBuffer(_stageLength, Align);
            _stage = _buffer.Pointer;
            new Span<byte>(_stage + _stageLength - Align, Align).Clear(); // the padding behind the end is written, then cut
        }
        _writerDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        WorkerThreads.Run(WriteBehind);
    }

    /// <summary>The writer (on a parked worker thread, <see cref="WorkerThreads"/>): writes staged pages from the
    /// head's end on, whole pages only (the last one once the asset is complete), until closed.</summary>
    private void WriteBehind()
    {
        try
        {
            while (true)
            {
                _staged.Wait();
                if (_abandoned) return;
                var closing = _closing;
                var ready = AlignDown(Volatile.Read(ref _stagedEnd));
                if (ready > _written)
                {
                    WriteStaged(_written, ready);
                    _written = ready;
                }
                if (closing) return;
            }
        }
        catch (Exception e)
        {
            _failure = e;
        }
        finally
        {
            _writerDone!.SetResult();
        }
    }

    /// <summary>Writes staged bytes <c>[from, to)</c> (page-aligned; in page-cache mode clipped to the output's end)
    /// in pieces of at most <see cref="MaxWrite"/>, starting write-back of each piece in page-cache mode.
    /// A direct write the file system refuses (an alignment it needs beyond <see cref="Align"/>, say) switches the file
    /// to page-cache writes and is repeated there.</summary>
    private void WriteStaged(long from, long to)
    {
        for (var at = from; !_abandoned;)
        {
            var limit = _direct ? to : Math.Min(to, _end);
            if (at >= limit) return;
            var length = (int)Math.Min(MaxWrite, limit - at);
            var piece = _stage != null ? new ReadOnlySpan<byte>(_stage + at, length) : _asset.AsSpan((int)(at - _gap), length);
            if (_direct)
            {
                try
                {
                    RandomAccess.Write(_file, piece, at);
                    at += piece.Length;
                    continue;
                }
                catch (IOException)
                {
                    _direct = false;
                    FileWriteback.TrySetDirect(_file, false);
                    continue; // the same piece again, through the page cache
                }
            }
            RandomAccess.Write(_file, piece, at);
            FileWriteback.Start(_file, at, piece.Length);
            at += piece.Length;
        }
    }

    private void StopThread()
    {
        if (_writerDone is null) return;
        _closing = true;
        _staged.Release();
        _writerDone.Task.Wait();
        _writerDone = null;
    }

    private void ThrowIfFailed()
    {
        if (_failure is null) return;
        if (_failure is IOException or UnauthorizedAccessException) throw new ProvenantException($"{_path}: cannot write: {_failure.Message}", ExitCodes.OutputError, _failure);
        throw new ProvenantException($"{_path}: internal error while writing: {_failure.Message}", ExitCodes.Internal, _failure);
    }

    /// <summary>The insertion offset as far as <paramref name="filled"/> bytes fix it: the container's answer on the
    /// whole file, or on a prefix when it ends at least one marker past the answer (a prefix that stops exactly at the
    /// answer could hide one more leading segment); null while unknown. <see cref="Finish"/> checks it against the
    /// answer on the whole file.</summary>
    private long? GuessOffset(byte[] asset, int filled)
    {
        try
        {
            var offset = _container.InsertionOffset(asset.AsSpan(0, filled), _path);
            return filled == asset.Length || offset + 2 <= filled ? offset : null;
        }
        catch (ProvenantFormatException)
        {
            return null;
        }
    }

    private void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvenantException($"{_path}: cannot write: {e.Message}", ExitCodes.OutputError, e);
        }
    }

    private static long AlignUp(long x) => (x + Align - 1) & ~(long)(Align - 1);

    private static long AlignDown(long x) => x & ~(long)(Align - 1);
}
