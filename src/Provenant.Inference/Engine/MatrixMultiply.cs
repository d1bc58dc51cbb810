using System.Runtime.CompilerServices;
using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Provenant.Inference.Engine;

/// <summary>
/// C = A·B for row-major float32 matrices (A: M×K, B: K×N, C: M×N, overwritten). Every C[i,j] is the
/// chain s ← fma(A[i,k], B[k,j], s) from s = 0 over ascending k (IEEE fused multiply-add, one rounding
/// per step): the same chain whichever vector lane, thread or partial strip computes it, and the same
/// on hardware without FMA, where <see cref="Vector256.FusedMultiplyAdd(Vector256{float}, Vector256{float}, Vector256{float})"/>
/// falls back to exact software fma. Threads split rows only. Micro-kernel: 4 rows × 16 columns in eight
/// 256-bit accumulators over the whole K range, or, where 512-bit vectors are hardware-accelerated and N ≥ 32,
/// 4 rows × 32 columns in eight 512-bit accumulators (lanes still hold different outputs, so the chains and
/// the results are the same); column strips are the outer loop so a strip of B stays in cache; a last strip
/// narrower than the strip width is packed, zero-padded, into a scratch strip.
/// </summary>
internal static unsafe class MatrixMultiply
{
    private const int RowBlock = 4;
    private const int MaxStrip = 32;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        var strip = Vector512.IsHardwareAccelerated && n >= 32 ? 32 : 16;
        ctx.For(blocks, (long)RowBlock * k * n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
        {
            // Scratch for a narrow last strip; every entry read is written first, so pooled memory is safe.
            var tail = n % strip == 0 ? null : ArrayPool<float>.Shared.Rent(k * strip);
            var tmp = stackalloc float[RowBlock * MaxStrip];
            try
            {
                fixed (float* pa = &a[aOffset], pb = &b[bOffset], pc = &c[cOffset], pt = tail)
                {
                    RowBlocks(pa, pb, pc, pt, tmp, m, k, n, strip, start, end);
                }
            }
            finally
            {
                if (tail is not null)
                {
                    ArrayPool<float>.Shared.Return(tail);
                }
            }
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowBlocks(float* a, float* b, float* c, float* tail, float* tmp, int m, int k, int n, int stripWidth, int blockStart, int blockEnd)
    {
        for (var j0 = 0; j0 < n; j0 += stripWidth)
        {
            if (stripWidth == 32 && n - j0 < 32)
            {
                stripWidth = 16; // the last columns: 16-wide strips waste less than a padded 32-wide one
            }
            var width = Math.Min(stripWidth, n - j0);
            if (width < stripWidth && blockEnd - blockStart == 1)
            {
                // One row block only: scalar chains for the last columns beat packing a K × 16 strip.
                ScalarColumns(a, b, c, m, k, n, blockStart * RowBlock, j0);
                break;
            }
            var strip = b + j0;
            var ldb = n;
            if (width < stripWidth)
            {
                for (var p = 0; p < k; p++)
                {
                    for (var j = 0; j < stripWidth; j++)
                    {
                        tail[p * stripWidth + j] = j < width ? b[(long)p * n + j0 + j] : 0f;
                    }
                }
                strip = tail;
                ldb = stripWidth;
            }
            for (var rb = blockStart; rb < blockEnd; rb++)
            {
                var r0 = rb * RowBlock;
                var rows = Math.Min(RowBlock, m - r0);
                var direct = width == stripWidth;
                var dst = direct ? c + (long)r0 * n + j0 : tmp;
                var ldc = direct ? n : stripWidth;
                var arows = a + (long)r0 * k;
                if (stripWidth == 32)
                {
                    if (rows == RowBlock && direct && rb + 1 < blockEnd && r0 + 2 * RowBlock <= m)
                    {
                        // Two full row blocks at once: 16 accumulators hide the fma latency better.
                        Kernel8x32(arows, strip, ldb, dst, ldc, k);
                        rb++;
                        continue;
                    }
                    if (rows == RowBlock)
                    {
                        Kernel4x32(arows, strip, ldb, dst, ldc, k);
                    }
                    else
                    {
                        for (var r = 0; r < rows; r++)
                        {
                            Kernel1x32(arows + (long)r * k, strip, ldb, dst + r * ldc, k);
                        }
                    }
                }
                else if (rows == RowBlock)
                {
                    Kernel4x16(arows, strip, ldb, dst, ldc, k);
                }
                else
                {
                    for (var r = 0; r < rows; r++)
                    {
                        Kernel1x16(arows + (long)r * k, strip, ldb, dst + r * ldc, k);
                    }
                }
                if (!direct)
                {
                    for (var r = 0; r < rows; r++)
                    {
                        new Span<float>(tmp + r * stripWidth, width).CopyTo(new Span<float>(c + (long)(r0 + r) * n + j0, width));
                    }
                }
            }
        }
    }

    /// <summary>
    /// C[r, j] for rows r0 … r0 + 3 (those &lt; m) and columns j ≥ j0 as scalar chains s ← fma(A[r,p], B[p,j], s)
    /// over ascending p: the same correctly rounded operations as a vector lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScalarColumns(float* a, float* b, float* c, int m, int k, int n, int r0, int j0)
    {
        for (var r = r0; r < Math.Min(m, r0 + RowBlock); r++)
        {
            var arow = a + (long)r * k;
            for (var j = j0; j < n; j++)
            {
                var s = 0f;
                for (var p = 0; p < k; p++)
                {
                    s = MathF.FusedMultiplyAdd(arow[p], b[(long)p * n + j], s);
                }
                c[(long)r * n + j] = s;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel8x32(float* a, float* b, int ldb, float* c, int ldc, int k)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        for (var p = 0; p < k; p++)
        {
            var brow = b + (long)p * ldb;
            var b0 = Vector512.Load(brow);
            var b1 = Vector512.Load(brow + 16);
            var ap = a + p;
            var x = Vector512.Create(ap[0]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(ap[k]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(ap[2 * k]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(ap[3 * k]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(ap[4 * k]);
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(ap[5 * k]);
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(ap[6 * k]);
            c60 = Vector512.FusedMultiplyAdd(x, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(ap[7 * k]);
            c70 = Vector512.FusedMultiplyAdd(x, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
        }
        Store2(c00, c01, c);
        Store2(c10, c11, c + ldc);
        Store2(c20, c21, c + 2 * ldc);
        Store2(c30, c31, c + 3 * ldc);
        Store2(c40, c41, c + 4 * ldc);
        Store2(c50, c51, c + 5 * ldc);
        Store2(c60, c61, c + 6 * ldc);
        Store2(c70, c71, c + 7 * ldc);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Store2(Vector512<float> lo, Vector512<float> hi, float* c)
    {
        lo.Store(c);
        hi.Store(c + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4x32(float* a, float* b, int ldb, float* c, int ldc, int k)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        var a1 = a + k;
        var a2 = a1 + k;
        var a3 = a2 + k;
        for (var p = 0; p < k; p++)
        {
            var brow = b + (long)p * ldb;
            var b0 = Vector512.Load(brow);
            var b1 = Vector512.Load(brow + 16);
            var x = Vector512.Create(a[p]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a1[p]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a2[p]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a3[p]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
        }
        c00.Store(c);
        c01.Store(c + 16);
        c10.Store(c + ldc);
        c11.Store(c + ldc + 16);
        c20.Store(c + 2 * ldc);
        c21.Store(c + 2 * ldc + 16);
        c30.Store(c + 3 * ldc);
        c31.Store(c + 3 * ldc + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel1x32(float* a, float* b, int ldb, float* c, int k)
    {
        Vector512<float> c0 = default, c1 = default;
        for (var p = 0; p < k; p++)
        {
            var brow = b + (long)p * ldb;
            var x = Vector512.Create(a[p]);
            c0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(brow), c0);
            c1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(brow + 16), c1);
        }
        c0.Store(c);
        c1.Store(c + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4x16(float* a, float* b, int ldb, float* c, int ldc, int k)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        var a1 = a + k;
        var a2 = a1 + k;
        var a3 = a2 + k;
        for (var p = 0; p < k; p++)
        {
            var brow = b + (long)p * ldb;
            var b0 = Vector256.Load(brow);
            var b1 = Vector256.Load(brow + 8);
            var x = Vector256.Create(a[p]);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(a1[p]);
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(a2[p]);
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(a3[p]);
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
        }
        c00.Store(c);
        c01.Store(c + 8);
        c10.Store(c + ldc);
        c11.Store(c + ldc + 8);
        c20.Store(c + 2 * ldc);
        c21.Store(c + 2 * ldc + 8);
        c30.Store(c + 3 * ldc);
        c31.Store(c + 3 * ldc + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel1x16(float* a, float* b, int ldb, float* c, int k)
    {
        Vector256<float> c0 = default, c1 = default;
        for (var p = 0; p < k; p++)
        {
            var brow = b + (long)p * ldb;
            var x = Vector256.Create(a[p]);
            c0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(brow), c0);
            c1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(brow + 8), c1);
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
