using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// The row layout of chunked format-3 fine trees (docs/execution-traces.md §Chunked node leaves): a tensor's
/// <b>rows</b> are its elements grouped by the last axis — rows = the product of all dims but the last (1 for a
/// scalar or a vector), row width = the last dim (1 for a scalar) — and chunk c of C covers rows
/// [⌊c·R/C⌋, ⌊(c+1)·R/C⌋), so chunks are as even as possible and may be empty when R &lt; C. Row-local operators
/// (an output row depends on one row of some inputs and on other inputs whole) can be re-executed on one chunk.
/// </summary>
public static class TraceChunks
{
    /// <summary>Rows of a tensor of <paramref name="dims"/>: the product of all dims but the last; 1 for rank 0 or 1.</summary>
    public static long Rows(IReadOnlyList<int> dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        long rows = 1;
        for (var i = 0; i < dims.Count - 1; i++) rows *= dims[i];
        return rows;
    }

    /// <summary>
    /// The chunk exponent a format-3 claim gets when none is asked for, from the most rows R that a segment export has
    /// (<see cref="SegmentedTrace.ExportRows"/>, the activations that cross segments): min(⌊log2 R⌋,
    /// <see cref="TraceFormat.MaxDefaultChunkBits"/>), so 0 (whole-node leaves) for a model whose activations are single
    /// rows, where chunks cannot shrink the referee's step and only add bytes and work, and at most one row per chunk
    /// of such an export otherwise.
    /// </summary>
    /// <param name="rows">R ≥ 1.</param>
    /// <returns>h, 0 to <see cref="TraceFormat.MaxDefaultChunkBits"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> &lt; 1.</exception>
    public static int DefaultChunkBits(long rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        return Math.Min(System.Numerics.BitOperations.Log2((ulong)rows), TraceFormat.MaxDefaultChunkBits);
    }

    /// <summary>Elements per row: the last dim; 1 for rank 0.</summary>
    public static int RowWidth(IReadOnlyList<int> dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        return dims.Count == 0 ? 1 : dims[^1];
    }

    /// <summary>Rows [start, end) of chunk <paramref name="chunk"/> of <paramref name="chunkCount"/> over <paramref name="rows"/> rows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">chunk outside [0, chunkCount) or chunkCount &lt; 1.</exception>
    public static (long Start, long End) ChunkRows(long rows, int chunk, int chunkCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(chunk);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(chunk, chunkCount);
        return (rows * chunk / chunkCount, rows * (chunk + 1) / chunkCount);
    }

    /// <summary>The bytes of chunk <paramref name="chunk"/>'s rows of <paramref name="tensor"/> (row-major, a view).</summary>
    public static ReadOnlySpan<byte> RowBytes(Tensor tensor, int chunk, int chunkCount)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var (start, end) = ChunkRows(Rows(tensor.Dims), chunk, chunkCount);
        var rowBytes = (long)RowWidth(tensor.Dims) * TensorDataTypes.Size(tensor.DataType);
        return tensor.RawBytes().Slice((int)(start * rowBytes), (int)((end - start) * rowBytes));
    }

    /// <summary>
    /// Rows [start, end) of a tensor of <paramref name="dims"/> as a tensor of the same rank: shape
    /// [1, …, 1, end − start, width] for rank ≥ 2 (so an operator over the last axis sees the same axis); a rank-0 or
    /// rank-1 tensor has one row, returned whole (or as shape [0] when start = end: a rank-0 shape cannot be empty).
    /// </summary>
    /// <param name="type">Element type.</param>
    /// <param name="dims">The whole tensor's dims.</param>
    /// <param name="rows">The rows' bytes.</param>
    /// <param name="start">First row.</param>
    /// <param name="end">End row.</param>
    /// <exception cref="ArgumentException">The byte count is not (end − start) rows.</exception>
    public static Tensor FromRows(TensorDataType type, IReadOnlyList<int> dims, ReadOnlySpan<byte> rows, long start, long end)
    {
        ArgumentNullException.ThrowIfNull(dims);
        var width = RowWidth(dims);
        var size = TensorDataTypes.Size(type);
        if (rows.Length != (end - start) * width * size) throw new ArgumentException($"rows {start} to {end} of {width} elements are {(end - start) * width * size} bytes, not {rows.Length}", nameof(rows));
        int[] shape;
        if (dims.Count >= 2)
        {
            shape = new int[dims.Count];
            Array.Fill(shape, 1);
            shape[^2] = (int)(end - start);
            shape[^1] = width;
        }
        else
        {
            shape = end > start ? [.. dims] : [0];
        }
        var data = TensorDataTypes.Allocate(type, (int)((end - start) * width));
        var t = Tensor.FromBuffer(type, data, shape);
        rows.CopyTo(t.RawBytes());
        return t;
    }

    /// <summary>Rows [start, end) of <paramref name="tensor"/> as <see cref="FromRows"/> lays them out (a copy).</summary>
    public static Tensor SliceRows(Tensor tensor, long start, long end)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var rowBytes = (long)RowWidth(tensor.Dims) * TensorDataTypes.Size(tensor.DataType);
        return FromRows(tensor.DataType, tensor.Dims, tensor.RawBytes().Slice((int)(start * rowBytes), (int)((end - start) * rowBytes)), start, end);
    }
}
