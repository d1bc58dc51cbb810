using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Provenant.Inference.Integer;

/// <summary>
/// A few rows times int8 weights that are not packed: Y[m, n] = Σ_k (A[m, k] − za) · W[n, k] + bias[n] for int8 A
/// [rows, K], int8 W [N, K] row-major (as stored in the model), int32 bias [N]. This is what a kernel built for a single
/// run uses (<see cref="Engine.ExecutionContext.SingleRun"/>: a dispute referee re-executing one node), where packing the
/// weights (<see cref="Int8Gemm"/>) would cost more than the product itself.
/// <para>
/// Exactness. As for <see cref="Int8Gemm"/>, the caller has checked 255·Σ_k |W[n, k]| + |bias[n]| ≤ 2^31 − 1 for every n
/// (<see cref="QGemmKernel.CheckAccumulatorBound"/>). Each term (A − za)·W has |A − za| ≤ 255, so every partial sum, in
/// any order or grouping, stays within int32, and the result equals <see cref="Int8Gemm"/>'s integers bit for bit. With
/// AVX2 the terms are formed as int16 products summed in pairs (<c>vpmaddwd</c>) into eight int32 lanes; otherwise the
/// scalar loop forms them one by one.
/// </para>
/// </summary>
internal static class Int8Gemv
{
    /// <summary>The most rows worth multiplying unpacked; more rows amortize packing.</summary>
    public const int MaxRows = 4;

    /// <summary>Computes Y (see the type summary) into <paramref name="y"/> ([rows, N]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<sbyte> a, int rows, ReadOnlySpan<sbyte> w, int n, int k, ReadOnlySpan<int> bias, int za, Span<int> y)
    {
        var centered = k <= 2048 ? stackalloc short[k] : new short[k];
        for (var m = 0; m < rows; m++)
        {
            var row = a.Slice(m * k, k);
            for (var i = 0; i < k; i++)
            {
                centered[i] = (short)(row[i] - za);
            }
            for (var j = 0; j < n; j++)
            {
                y[m * n + j] = Dot(centered, w.Slice(j * k, k)) + bias[j];
            }
        }
    }

    /// <summary>
    /// Y[m, n] = Σ_k (A[m, k] − za)·(B[k, n] − zb) for int8 A [rows, K] and int8 B [K, N] row-major (QMatMul's right
    /// operand, not transposed) into <paramref name="y"/> ([rows, N]). Exact when 255²·K ≤ 2^31 − 1
    /// (<see cref="QMatMulKernel.MaxK"/>, checked by the caller): every term and partial sum is then within int32, so the
    /// integers equal the packed product's. Row m of Y is accumulated one k at a time, eight columns per step with AVX2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyKMajor(ReadOnlySpan<sbyte> a, int rows, ReadOnlySpan<sbyte> b, int k, int n, int za, int zb, Span<int> y)
    {
        for (var m = 0; m < rows; m++)
        {
            var acc = y.Slice(m * n, n);
            acc.Clear();
            for (var i = 0; i < k; i++)
            {
                var c = a[m * k + i] - za;
                if (c == 0)
                {
                    continue;
                }
                var row = b.Slice(i * n, n);
                var j = 0;
                if (Avx2.IsSupported)
                {
                    var vc = Vector256.Create(c);
                    var vz = Vector256.Create(zb);
                    ref var accRef = ref MemoryMarshal.GetReference(acc);
                    for (; j + 8 <= n; j += 8)
                    {
                        var bytes = Vector128.CreateScalar(MemoryMarshal.Read<long>(MemoryMarshal.AsBytes(row.Slice(j, 8)))).AsSByte();
                        var sum = Vector256.LoadUnsafe(ref accRef, (nuint)j) + vc * (Avx2.ConvertToVector256Int32(bytes) - vz);
                        sum.StoreUnsafe(ref accRef, (nuint)j);
                    }
                }
                for (; j < n; j++)
                {
                    acc[j] += c * (row[j] - zb);
                }
            }
        }
    }

    /// <summary>Σ_i x[i]·w[i] in int32 (exact under the caller's bound).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Dot(ReadOnlySpan<short> x, ReadOnlySpan<sbyte> w)
    {
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && w.Length >= 16)
        {
            var acc = Vector256<int>.Zero;
            ref var xs = ref MemoryMarshal.GetReference(x);
            ref var ws = ref MemoryMarshal.GetReference(w);
            for (; i <= w.Length - 16; i += 16)
            {
                var wv = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref ws, (nuint)i));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref xs, (nuint)i), wv));
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < w.Length; i++)
        {
            sum += x[i] * w[i];
        }
        return sum;
    }
}
