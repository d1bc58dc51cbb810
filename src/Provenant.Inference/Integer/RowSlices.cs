using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Inference.Integer;

/// <summary>Row slices and blocks of tensors for <see cref="RowLocalExecution"/>, in <see cref="TraceChunks"/>' row layout.</summary>
internal static class RowSlices
{
    /// <summary>The shape <see cref="TraceChunks.FromRows"/> gives rows [start, end) of a tensor of <paramref name="dims"/>.</summary>
    public static int[] Shape(int[] dims, long start, long end)
    {
        if (dims.Length < 2)
        {
            return end > start ? dims : [0];
        }
        var shape = Enumerable.Repeat(1, dims.Length).ToArray();
        shape[^2] = (int)(end - start);
        shape[^1] = dims[^1];
        return shape;
    }

    /// <summary>Rows [start, end) of <paramref name="t"/> (rows of its own dims).</summary>
    public static Tensor Rows(Tensor t, long start, long end)
    {
        var rowBytes = (long)TraceChunks.RowWidth(t.Dims) * TensorDataTypes.Size(t.DataType);
        return TraceChunks.FromRows(t.DataType, t.Dims, t.RawBytes().Slice((int)(start * rowBytes), (int)((end - start) * rowBytes)), start, end);
    }

    /// <summary>Rows [start, end) of zeros for a tensor of <paramref name="dims"/>.</summary>
    public static Tensor Zeros(TensorDataType type, int[] dims, long start, long end) =>
        Tensor.FromBuffer(type, TensorDataTypes.Allocate(type, TensorShape.Size(Shape(dims, start, end))), Shape(dims, start, end));

    /// <summary>Block <paramref name="batch"/> [K, N] of a tensor [..., K, N], as [1, …, 1, K, N] (rank kept).</summary>
    public static Tensor Block(Tensor t, long batch, int k, int n)
    {
        var size = k * n;
        var data = TensorDataTypes.Allocate(t.DataType, size);
        Array.Copy(t.Buffer, batch * size, data, 0, size);
        var shape = Enumerable.Repeat(1, t.Rank).ToArray();
        shape[^2] = k;
        shape[^1] = n;
        return Tensor.FromBuffer(t.DataType, data, shape);
    }

    /// <summary>
    /// The rows of <paramref name="mask"/> (numpy-broadcastable to X of <paramref name="x"/>) that X's rows [start, end)
    /// see, as [1, …, 1, end − start, mask's last dim] of X's rank; the mask itself when it is the same for every row.
    /// </summary>
    public static Tensor MaskRows(Tensor mask, int[] x, long start, long end)
    {
        if (TraceChunks.Rows(mask.Dims) == 1)
        {
            return mask;
        }
        var strides = Engine.Broadcast.AlignedStrides(mask.Dims, x.Length);
        var width = mask.Dims[^1];
        var src = mask.Array<bool>();
        var rows = new bool[(end - start) * width];
        for (var r = start; r < end; r++)
        {
            long rest = r, offset = 0;
            for (var i = x.Length - 2; i >= 0; i--)
            {
                offset += rest % x[i] * strides[i];
                rest /= x[i];
            }
            Array.Copy(src, offset, rows, (r - start) * width, width);
        }
        return Tensor.FromBuffer(TensorDataType.Bool, rows, Shape([.. Enumerable.Repeat(1, x.Length - 1), width], start, end));
    }
}
