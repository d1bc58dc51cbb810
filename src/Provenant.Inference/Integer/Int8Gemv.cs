using System.Runtime.CompilerServices;
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

    /// <summary>Σ_i x[i]·w[i] in int32 (exact under the caller's bound).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Dot(ReadOnlySpan<short> x, ReadOnlySpan<sbyte> w)
    {
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && w.Length >= 16)
        {
            var acc = Vector256<int>.Zero;
            ref var xs = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
            ref var ws = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(w);
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
