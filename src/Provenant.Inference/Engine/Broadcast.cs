using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Engine;

/// <summary>A binary element function, specialised per struct so the JIT inlines it into the loops.</summary>
internal interface IBinaryOp<T, TOut>
{
    TOut Apply(T a, T b);
}

/// <summary>numpy-style broadcasting loops (ONNX "Broadcasting in ONNX", multidirectional).</summary>
internal static class Broadcast
{
    /// <summary>The broadcast output shape of two inputs, or a node error naming both shapes.</summary>
    public static int[] Shape(GraphNode node, Tensor a, Tensor b) =>
        TensorShape.Broadcast(a.Dims, b.Dims)
        ?? throw KernelErrors.Fail(node, $"shapes {a.ShapeText} and {b.ShapeText} cannot be broadcast together");

    /// <summary>Strides of <paramref name="shape"/> aligned right to <paramref name="rank"/> dims, 0 where broadcast.</summary>
    public static int[] AlignedStrides(int[] shape, int rank)
    {
        var strides = TensorShape.Strides(shape);
        var r = new int[rank];
        var off = rank - shape.Length;
        for (var i = 0; i < shape.Length; i++)
        {
            r[off + i] = shape[i] == 1 ? 0 : strides[i];
        }
        return r;
    }

    /// <summary>o[i] = op(a[ia], b[ib]) over the broadcast index space <paramref name="outShape"/>.</summary>
    public static void Binary<T, TOut, TOp>(T[] a, int[] aShape, T[] b, int[] bShape, TOut[] o, int[] outShape, TOp op)
        where TOp : struct, IBinaryOp<T, TOut>
    {
        if (o.Length == 0)
        {
            return;
        }
        if (a.Length == o.Length && b.Length == o.Length)
        {
            for (var i = 0; i < o.Length; i++)
            {
                o[i] = op.Apply(a[i], b[i]);
            }
            return;
        }
        if (b.Length == 1 && a.Length == o.Length)
        {
            var s = b[0];
            for (var i = 0; i < o.Length; i++)
            {
                o[i] = op.Apply(a[i], s);
            }
            return;
        }
        if (a.Length == 1 && b.Length == o.Length)
        {
            var s = a[0];
            for (var i = 0; i < o.Length; i++)
            {
                o[i] = op.Apply(s, b[i]);
            }
            return;
        }
        var rank = outShape.Length;
        var sa = AlignedStrides(aShape, rank);
        var sb = AlignedStrides(bShape, rank);
        var inner = outShape[rank - 1];
        var stepA = sa[rank - 1];
        var stepB = sb[rank - 1];
        var index = new int[rank];
        int offA = 0, offB = 0;
        for (var start = 0; start < o.Length; start += inner)
        {
            for (int j = 0, ia = offA, ib = offB; j < inner; j++, ia += stepA, ib += stepB)
            {
                o[start + j] = op.Apply(a[ia], b[ib]);
            }
            NextRow(index, outShape, sa, sb, ref offA, ref offB);
        }
    }

    /// <summary>
    /// Steps the row-major odometer <paramref name="index"/> over all but the innermost dimension of
    /// <paramref name="outShape"/>, keeping the two inputs' offsets (strides <paramref name="sa"/>, <paramref name="sb"/>) in step.
    /// </summary>
    public static void NextRow(int[] index, int[] outShape, int[] sa, int[] sb, ref int offA, ref int offB)
    {
        for (var d = outShape.Length - 2; d >= 0; d--)
        {
            index[d]++;
            offA += sa[d];
            offB += sb[d];
            if (index[d] < outShape[d])
            {
                return;
            }
            offA -= sa[d] * index[d];
            offB -= sb[d] * index[d];
            index[d] = 0;
        }
    }

    /// <summary>Copies <paramref name="src"/> broadcast to <paramref name="outShape"/> (which must be a valid broadcast target).</summary>
    public static T[] Expand<T>(T[] src, int[] srcShape, int[] outShape)
    {
        if (src.Length == TensorShape.Size(outShape))
        {
            return (T[])src.Clone();
        }
        return StridedCopy(src, AlignedStrides(srcShape, outShape.Length), outShape);
    }

    /// <summary>
    /// o[i₀…iₙ] = src[Σ iₖ·strides[k]] over <paramref name="outShape"/> in row-major order: broadcasting
    /// (stride 0) and transposition (permuted strides) are both this copy.
    /// </summary>
    public static T[] StridedCopy<T>(T[] src, int[] strides, int[] outShape)
    {
        var o = GC.AllocateUninitializedArray<T>(TensorShape.Size(outShape));
        var rank = outShape.Length;
        if (o.Length == 0 || rank == 0)
        {
            Array.Copy(src, o, o.Length);
            return o;
        }
        var inner = outShape[rank - 1];
        var step = strides[rank - 1];
        var index = new int[rank];
        var off = 0;
        for (var start = 0; start < o.Length; start += inner)
        {
            for (int j = 0, i = off; j < inner; j++, i += step)
            {
                o[start + j] = src[i];
            }
            for (var d = rank - 2; d >= 0; d--)
            {
                index[d]++;
                off += strides[d];
                if (index[d] < outShape[d])
                {
                    break;
                }
                off -= strides[d] * index[d];
                index[d] = 0;
            }
        }
        return o;
    }
}
