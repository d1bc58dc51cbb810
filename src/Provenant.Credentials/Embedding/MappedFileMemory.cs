using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Provenant.Credentials.Embedding;

/// <summary>
/// A read-only memory-mapped view of an open file exposed as <see cref="Memory{T}"/>, so a container parser can
/// re-read a just-written file through the page cache without copying it. The memory is valid until disposal.
/// </summary>
internal sealed unsafe class MappedFileMemory : MemoryManager<byte>
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private readonly int _length;

    /// <summary>Maps the first <paramref name="length"/> bytes of <paramref name="stream"/> (flushed first).</summary>
    public MappedFileMemory(FileStream stream, int length)
    {
        stream.Flush();
        _length = length;
        _file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        _view = _file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _pointer = p + _view.PointerOffset;
    }

    /// <inheritdoc />
    public override Span<byte> GetSpan() => new(_pointer, _length);

    /// <inheritdoc />
    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    /// <inheritdoc />
    public override void Unpin()
    {
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
