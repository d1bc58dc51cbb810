using System.Numerics;
using System.Runtime.Intrinsics;

namespace Provenant.Inference.Engine;

/// <summary>
/// C = A·B for row-major float32 matrices (A: M×K, B: K×N, C: M×N, overwritten). Every C[i,j] is
/// computed as ((0 + A[i,0]B[0,j]) + A[i,1]B[1,j]) + … in ascending k with separate multiply and add
/// (no fused multiply-add), so the result is bit-identical whether a lane of a 256-bit vector or the
/// scalar tail computes it, and whichever thread runs the row. Threads split rows only.
/// Micro-kernel: 4 rows × 16 columns held in eight 256-bit accumulators over the whole K range,
/// iterating column strips outside row blocks so a strip of B stays in cache.
/// </summary>
internal static unsafe class MatrixMultiply
{
    private const int RowBlock = 4;
    private const int Strip = 16;

    public static void Float32(float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset, int m, int k, int n, ExecutionContext ctx)
    {
        if (m == 0 || n == 0)
        {
            return;
        }
        if (k == 0)
        {
            Array.Clear(c, cOffset, m * n);
            return;
        }
        var blocks = (m + RowBlock - 1) / RowBlock;
        ctx.For(blocks, (long)RowBlock * k * n, (start, end) =>
        {
            fixed (float* pa = &a[aOffset], pb = &b[bOffset], pc = &c[cOffset])
            {
                RowBlocks(pa, pb, pc, m, k, n, start, end);
            }
        });
    }

    private static void RowBlocks(float* a, float* b, float* c, int m, int k, int n, int blockStart, int blockEnd)
    {
        var vectorCols = Vector256.IsHardwareAccelerated ? n / Strip * Strip : 0;
        for (var j0 = 0; j0 < vectorCols; j0 += Strip)
        {
            for (var rb = blockStart; rb < blockEnd; rb++)
            {
                var r0 = rb * RowBlock;
                if (r0 + RowBlock <= m)
                {
                    Kernel4x16(a + (long)r0 * k, b + j0, c + (long)r0 * n + j0, k, n);
                }
                else
                {
                    for (var r = r0; r < m; r++)
                    {
                        Kernel1x16(a + (long)r * k, b + j0, c + (long)r * n + j0, k, n);
                    }
                }
            }
        }
        for (var rb = blockStart; rb < blockEnd; rb++)
        {
            var rEnd = Math.Min(m, rb * RowBlock + RowBlock);
            for (var r = rb * RowBlock; r < rEnd; r++)
            {
                var arow = a + (long)r * k;
                var crow = c + (long)r * n;
                for (var j = vectorCols; j < n; j++)
                {
                    var s = 0f;
                    for (var p = 0; p < k; p++)
                    {
                        s += arow[p] * b[(long)p * n + j];
                    }
                    crow[j] = s;
                }
            }
        }
    }

    private static void Kernel4x16(float* a, float* b, float* c, int k, int n)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        var a1 = a + k;
        var a2 = a1 + k;
        var a3 = a2 + k;
        for (var p = 0; p < k; p++)
        {
            var brow = b + (long)p * n;
            var b0 = Vector256.Load(brow);
            var b1 = Vector256.Load(brow + 8);
            var x = Vector256.Create(a[p]);
            c00 += x * b0;
            c01 += x * b1;
            x = Vector256.Create(a1[p]);
            c10 += x * b0;
            c11 += x * b1;
            x = Vector256.Create(a2[p]);
            c20 += x * b0;
            c21 += x * b1;
            x = Vector256.Create(a3[p]);
            c30 += x * b0;
            c31 += x * b1;
        }
        c00.Store(c);
        c01.Store(c + 8);
        c10.Store(c + n);
        c11.Store(c + n + 8);
        c20.Store(c + 2 * n);
        c21.Store(c + 2 * n + 8);
        c30.Store(c + 3 * n);
        c31.Store(c + 3 * n + 8);
    }

    private static void Kernel1x16(float* a, float* b, float* c, int k, int n)
    {
        Vector256<float> c0 = default, c1 = default;
        for (var p = 0; p < k; p++)
        {
            var brow = b + (long)p * n;
            var x = Vector256.Create(a[p]);
            c0 += x * Vector256.Load(brow);
            c1 += x * Vector256.Load(brow + 8);
        }
        c0.Store(c);
        c1.Store(c + 8);
    }

    /// <summary>C = A·B for any numeric type, straightforward triple loop in ascending k (used for non-float32 types).</summary>
    public static void Generic<T>(T[] a, int aOffset, T[] b, int bOffset, T[] c, int cOffset, int m, int k, int n)
        where T : INumber<T>
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = T.Zero;
                for (var p = 0; p < k; p++)
                {
                    s += a[aOffset + i * k + p] * b[bOffset + p * n + j];
                }
                c[cOffset + i * n + j] = s;
            }
        }
    }

    /// <summary>Row-major transpose of an r×c matrix into a new c×r array.</summary>
    public static T[] Transpose<T>(T[] src, int offset, int rows, int cols)
    {
        var dst = new T[rows * cols];
        const int tile = 32;
        for (var i0 = 0; i0 < rows; i0 += tile)
        {
            for (var j0 = 0; j0 < cols; j0 += tile)
            {
                var iEnd = Math.Min(rows, i0 + tile);
                var jEnd = Math.Min(cols, j0 + tile);
                for (var i = i0; i < iEnd; i++)
                {
                    for (var j = j0; j < jEnd; j++)
                    {
                        dst[j * rows + i] = src[offset + i * cols + j];
                    }
                }
            }
        }
        return dst;
    }
}
