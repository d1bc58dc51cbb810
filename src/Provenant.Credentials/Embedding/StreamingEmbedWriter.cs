using Microsoft.Win32.SafeHandles;
using Provenant.Core.Errors;
using Provenant.Core.IO;

namespace Provenant.Credentials.Embedding;

/// <summary>
/// Writes a signed asset while the original is still being read and hashed: as soon as the bytes read so far fix the
/// insertion offset, a gap of the store's (signature-independent) size is reserved there and every further chunk is
/// copied to its final place behind the gap, with the kernel's write-back of each finished page range started at once
/// (<see cref="FileWriteback"/>), so the device works while the hash is computed and the final <c>fsync</c> only waits
/// for the tail. <see cref="Finish"/> fills the gap with the real store; when the offset guessed from a prefix or the
/// reserved size turns out wrong, it lays the whole file out again, so the result never depends on the guess.
/// </summary>
internal sealed class StreamingEmbedWriter
{
    private const int PageBytes = 4096;
    private const long WritebackStep = ChunkHasher.ChunkBytes;

    private readonly IAssetContainer _container;
    private readonly SafeFileHandle _file;
    private readonly Func<long, int> _reserve;
    private readonly string _path;
    private long _offset = -1;
    private int _gap;
    private int _copied;
    private long _writebackFrom;

    /// <param name="container">The asset's container.</param>
    /// <param name="file">The (temporary) output file, empty and writable.</param>
    /// <param name="reserve">The wrapped store's size for a given insertion offset.</param>
    /// <param name="path">The destination, for error messages.</param>
    public StreamingEmbedWriter(IAssetContainer container, SafeFileHandle file, Func<long, int> reserve, string path)
    {
        _container = container;
        _file = file;
        _reserve = reserve;
        _path = path;
    }

    /// <summary>The reserved gap in bytes (0 until the offset is known).</summary>
    public int Gap => _gap;

    /// <summary>Takes the first <paramref name="filled"/> bytes of <paramref name="asset"/> as read: places the gap once
    /// the prefix fixes the insertion offset and writes what is new.</summary>
    /// <exception cref="ProvenantException">The output cannot be written (exit code 4).</exception>
    public void Advance(byte[] asset, int filled)
    {
        if (_offset < 0)
        {
            var offset = GuessOffset(asset, filled);
            if (offset is null) return;
            _offset = offset.Value;
            _gap = _reserve(_offset);
            _writebackFrom = AlignUp(_offset + _gap);
        }
        Guard(() =>
        {
            if (_copied < _offset)
            {
                var head = (int)Math.Min(filled, _offset);
                RandomAccess.Write(_file, asset.AsSpan(_copied, head - _copied), _copied);
                _copied = head;
            }
            if (_copied < filled)
            {
                RandomAccess.Write(_file, asset.AsSpan(_copied, filled - _copied), _copied + (long)_gap);
                _copied = filled;
            }
        });
        var done = AlignDown(_copied + (long)_gap);
        if (done - _writebackFrom >= WritebackStep || (filled == asset.Length && done > _writebackFrom))
        {
            FileWriteback.Start(_file, _writebackFrom, done - _writebackFrom);
            _writebackFrom = done;
        }
    }

    /// <summary>Writes <paramref name="wrapped"/> at <paramref name="offset"/> of the complete output: into the reserved
    /// gap when the guess was right, otherwise by writing the whole file again.</summary>
    /// <exception cref="ProvenantException">The output cannot be written (exit code 4).</exception>
    public void Finish(byte[] asset, long offset, byte[] wrapped) => Guard(() =>
    {
        if (offset == _offset && wrapped.Length == _gap && _copied == asset.Length)
        {
            RandomAccess.Write(_file, wrapped, offset);
            return;
        }
        RandomAccess.SetLength(_file, 0);
        RandomAccess.Write(_file, asset.AsSpan(0, (int)offset), 0);
        RandomAccess.Write(_file, wrapped, offset);
        RandomAccess.Write(_file, asset.AsSpan((int)offset), offset + wrapped.Length);
    });

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

    private static long AlignUp(long x) => (x + PageBytes - 1) & ~(long)(PageBytes - 1);

    private static long AlignDown(long x) => x & ~(long)(PageBytes - 1);
}
