using System.Numerics;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Engine.Kernels;

/// <summary>
/// MatMul (numpy matmul: 1-D operands promoted and the added dimension removed, batch dimensions
/// broadcast) and Gemm (Y = alpha·A'·B' + beta·C with transA/transB, C broadcast to M×N, optional from
/// opset 11). float32 uses <see cref="MatrixMultiply.Float32"/>; other numeric types the plain loop.
/// </summary>
internal static class MatMulKernels
{
    public static void Register(Dictionary<string, Func<KernelBuilder, Kernel>> r)
    {
        r["MatMul"] = b => x => [MatMul(b, x[0]!, x[1]!)];
        r["Gemm"] = Gemm;
    }

    private static Tensor MatMul(KernelBuilder b, Tensor a, Tensor w)
    {
        if (a.DataType != w.DataType)
        {
            throw b.Fail("input types differ");
        }
        if (a.Rank == 0 || w.Rank == 0)
        {
            throw b.Fail("MatMul inputs must have rank ≥ 1");
        }
        var aShape = a.Rank == 1 ? [1, a.Dims[0]] : a.Dims;
        var wShape = w.Rank == 1 ? [w.Dims[0], 1] : w.Dims;
        int m = aShape[^2], k = aShape[^1], k2 = wShape[^2], n = wShape[^1];
        if (k != k2)
        {
            throw b.Fail($"inner dimensions differ: {a.ShapeText} × {w.ShapeText}");
        }
        var aBatch = aShape[..^2];
        var wBatch = wShape[..^2];
        var batch = TensorShape.Broadcast(aBatch, wBatch) ?? throw b.Fail($"batch dimensions of {a.ShapeText} and {w.ShapeText} do not broadcast");
        var outShape = new List<int>(batch);
        if (a.Rank > 1)
        {
            outShape.Add(m);
        }
        if (w.Rank > 1)
        {
            outShape.Add(n);
        }
        var batchCount = TensorShape.Size(batch);
        var visitor = new MatMulVisitor(b, a, w, m, k, n, batch, aBatch, wBatch, batchCount, [.. outShape]);
        return TypeDispatch.Numeric<MatMulVisitor, Tensor>(a.DataType, visitor, b.Node, 0);
    }

    private readonly struct MatMulVisitor(KernelBuilder b, Tensor a, Tensor w, int m, int k, int n, int[] batch,
        int[] aBatch, int[] wBatch, int batchCount, int[] outShape) : INumericVisitor<Tensor>
    {
        public Tensor Visit<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var o = GC.AllocateUninitializedArray<T>(batchCount * m * n);
            var (x, y) = (a.Array<T>(), w.Array<T>());
            if (TensorShape.Size(wBatch) == 1 && TensorShape.Size(aBatch) == batchCount)
            {
                // B is one matrix: fold A's batch into rows (one larger product, same per-element order).
                Multiply(x, 0, y, 0, o, 0, batchCount * m, k, n);
                return Tensor.FromTrusted(a.DataType, o, outShape);
            }
            var sa = Broadcast.AlignedStrides(aBatch, batch.Length);
            var sw = Broadcast.AlignedStrides(wBatch, batch.Length);
            var index = new int[batch.Length];
            for (var i = 0; i < batchCount; i++)
            {
                int offA = 0, offW = 0;
                for (var d = 0; d < batch.Length; d++)
                {
                    offA += index[d] * sa[d];
                    offW += index[d] * sw[d];
                }
                Multiply(x, offA * m * k, y, offW * k * n, o, i * m * n, m, k, n);
                for (var d = batch.Length - 1; d >= 0 && ++index[d] == batch[d]; d--)
                {
                    index[d] = 0;
                }
            }
            return Tensor.FromTrusted(a.DataType, o, outShape);
        }

        private void Multiply<T>(T[] x, int xo, T[] y, int yo, T[] o, int oo, int rows, int inner, int cols) where T : INumber<T>
        {
            if (x is float[] xf)
            {
                MatrixMultiply.Float32(xf, xo, (float[])(object)y, yo, (float[])(object)o, oo, rows, inner, cols, b.Context);
            }
            else
            {
                MatrixMultiply.Generic(x, xo, y, yo, o, oo, rows, inner, cols);
            }
        }
    }

    private static Kernel Gemm(KernelBuilder b)
    {
        var alpha = b.Attr.Float("alpha", 1f);
        var beta = b.Attr.Float("beta", 1f);
        var transA = b.Attr.Int("transA", 0) != 0;
        var transB = b.Attr.Int("transB", 0) != 0;
        var cache = new TransposeCache();
        return x =>
        {
            var (a, w, c) = (x[0]!, x[1]!, x.Length > 2 ? x[2] : null);
            if (a.DataType != TensorDataType.Float32 || w.DataType != TensorDataType.Float32 || c is { DataType: not TensorDataType.Float32 })
            {
                throw b.Unsupported("Gemm is implemented for FLOAT inputs only");
            }
            if (a.Rank != 2 || w.Rank != 2)
            {
                throw b.Fail($"Gemm needs 2-D A and B, got {a.ShapeText} and {w.ShapeText}");
            }
            int m = transA ? a.Dims[1] : a.Dims[0], k = transA ? a.Dims[0] : a.Dims[1];
            int kb = transB ? w.Dims[1] : w.Dims[0], n = transB ? w.Dims[0] : w.Dims[1];
            if (k != kb)
            {
                throw b.Fail($"inner dimensions differ: A {a.ShapeText} (transA={transA}) × B {w.ShapeText} (transB={transB})");
            }
            var am = transA ? MatrixMultiply.Transpose(a.Array<float>(), 0, a.Dims[0], a.Dims[1]) : a.Array<float>();
            var bm = transB ? cache.Get(w) : w.Array<float>();
            var y = GC.AllocateUninitializedArray<float>(m * n);
            MatrixMultiply.Float32(am, 0, bm, 0, y, 0, m, k, n, b.Context);
            if (alpha != 1f)
            {
                for (var i = 0; i < y.Length; i++)
                {
                    y[i] *= alpha;
                }
            }
            if (c is not null && beta != 0f)
            {
                int[] shape = [m, n];
                if (TensorShape.Broadcast(c.Dims, shape) is not { } bs || !TensorShape.SameAs(bs, shape))
                {
                    throw b.Fail($"C {c.ShapeText} does not broadcast to [{m},{n}]");
                }
                var cs = Broadcast.Expand(c.Array<float>(), c.Dims, shape);
                for (var i = 0; i < y.Length; i++)
                {
                    y[i] += beta * cs[i];
                }
            }
            return [Tensor.FromTrusted(TensorDataType.Float32, y, [m, n])];
        };
    }

    /// <summary>Keeps the transpose of the last B seen; weights are the same tensor object every run, so it is computed once.</summary>
    private sealed class TransposeCache
    {
        private Tensor? _source;
        private float[]? _transposed;

        public float[] Get(Tensor w)
        {
            if (!ReferenceEquals(_source, w))
            {
                _transposed = MatrixMultiply.Transpose(w.Array<float>(), 0, w.Dims[0], w.Dims[1]);
                _source = w;
            }
            return _transposed!;
        }
    }
}
