using System.Buffers;

namespace Provenant.Credentials.Embedding;

/// <summary>Memory aligned for direct I/O (<see cref="Core.IO.FileWriteback.DirectAlignment"/>), exposed as
/// <see cref="Memory{T}"/> so the container parsers can read it. It lives in a pinned managed array (the pinned object
/// heap), so repeated use recycles memory the process already has instead of faulting in fresh pages each time, as a
/// native allocation of this size would; one disposed array (up to <see cref="MaxSpareBytes"/>) is kept for the next
/// buffer. Not zeroed.</summary>
internal sealed unsafe class AlignedBuffer : MemoryManager<byte>
{
    /// <summary>The largest array kept for reuse (64 MiB).</summary>
    public const int MaxSpareBytes = 64 << 20;

    private static byte[]? s_spare;
    private byte[]? _array;
    private readonly byte* _pointer;

    /// <summary>Allocates <paramref name="length"/> bytes (at most <see cref="int.MaxValue"/> − <paramref name="alignment"/>)
    /// starting at a multiple of <paramref name="alignment"/> (a power of two).</summary>
    public AlignedBuffer(long length, int alignment)
    {
        Length = checked((int)length);
        var spare = Interlocked.Exchange(ref s_spare, null);
        _array = spare is not null && spare.Length >= Length + alignment && spare.Length <= 2L * (Length + alignment)
            ? spare
            : GC.AllocateUninitializedArray<byte>(checked(Length + alignment), pinned: true);
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
    /// <remarks>The array is kept for the next buffer of a similar size when it is at most
    /// <see cref="MaxSpareBytes"/>: a fresh array of tens of megabytes costs a page fault per 4 KiB once the collector
    /// has returned the last one's memory to the system.</remarks>
    protected override void Dispose(bool disposing)
    {
        if (_array is { Length: <= MaxSpareBytes }) Volatile.Write(ref s_spare, _array);
        _array = null;
    }
}
