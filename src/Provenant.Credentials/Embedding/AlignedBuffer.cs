using System.Buffers;

namespace Provenant.Credentials.Embedding;

/// <summary>Memory aligned for direct I/O (<see cref="Core.IO.FileWriteback.DirectAlignment"/>), exposed as
/// <see cref="Memory{T}"/> so the container parsers can read it. It lives in a pinned managed array (the pinned object
/// heap), so repeated use recycles memory the process already has instead of faulting in fresh pages each time, as a
/// native allocation of this size would. Not zeroed.</summary>
internal sealed unsafe class AlignedBuffer : MemoryManager<byte>
{
    private byte[]? _array;
    private readonly byte* _pointer;

    /// <summary>Allocates <paramref name="length"/> bytes (at most <see cref="int.MaxValue"/> − <paramref name="alignment"/>)
    /// starting at a multiple of <paramref name="alignment"/> (a power of two).</summary>
    public AlignedBuffer(long length, int alignment)
    {
        Length = checked((int)length);
        _array = GC.AllocateUninitializedArray<byte>(checked(Length + alignment), pinned: true);
        fixed (byte* start = _array)
        {
            var misalignment = (int)((nuint)start & (nuint)(alignment - 1));
            _pointer = start + (misalignment == 0 ? 0 : alignment - misalignment);
        }
    }

    /// <summary>Size in bytes.</summary>
    public int Length { get; }

    /// <summary>The first byte (valid until disposal).</summary>
    public byte* Pointer => _array is null ? throw new ObjectDisposedException(nameof(AlignedBuffer)) : _pointer;

    /// <inheritdoc />
    public override Span<byte> GetSpan() => new(Pointer, Length);

    /// <inheritdoc />
    public override MemoryHandle Pin(int elementIndex = 0) => new(Pointer + elementIndex);

    /// <inheritdoc />
    public override void Unpin()
    {
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing) => _array = null;
}
