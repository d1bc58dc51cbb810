using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// QMatMul, the product of two int8 activations (attention's Q·Kᵀ and A·V): inputs A INT8 [..., M, K],
/// a_zero_point INT8 scalar (initializer), B INT8 [..., K, N], b_zero_point INT8 scalar (initializer), with equal
/// leading (batch) dimensions; output INT32 [..., M, N], Y[…, m, n] = Σ_k (A[…, m, k] − za)·(B[…, k, n] − zb).
/// <para>
/// Exactness. K·255² ≤ 2^31 − 1 (K ≤ 33,025) is checked on every call; then |Y| ≤ 255²·K fits int32. Per batch, B is
/// packed as the weights of an <see cref="Int8Gemm"/> (read as [N, K], its raw int8 values, zero point folded for A), which
/// gives P[m, n] = Σ_k (A − za)·B exactly (255·128·K &lt; 2^31, the GEMM's bound), and
/// Y = P − zb·Σ_k (A[m, k] − za), where |zb·Σ_k (A − za)| ≤ 128·255·K: every int32 step is exact, so the result is the
/// same for every GEMM path and thread count. A kernel built for a single run (a referee's chunk of rows) multiplies at
/// most <see cref="Int8Gemv.MaxRows"/> rows per batch by B unpacked (<see cref="Int8Gemv.MultiplyKMajor"/>), giving the same integers.
/// </para>
/// </summary>
internal static class QMatMulKernel
{
    /// <summary>Largest reduction length: 255²·K ≤ 2^31 − 1.</summary>
    public const int MaxK = int.MaxValue / (255 * 255);

    public static void Register(Dictionary<string, Func<QuantParameters, Kernel>> r)
    {
        r[QuantDomain.QMatMul] = p =>
        {
            var za = (int)p.ZeroPoint(1, "a_zero_point", allowInt16: false).Value;
            var zb = (int)p.ZeroPoint(3, "b_zero_point", allowInt16: false).Value;
            var context = p.Builder.Context;
            return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x) =>
            {
                var a = BoundaryKernels.Expect(p, x[0]!, TensorDataType.Int8);
                var b = BoundaryKernels.Expect(p, x[2]!, TensorDataType.Int8);
                if (a.Rank < 2 || b.Rank != a.Rank || !a.Dims.AsSpan(0, a.Rank - 2).SequenceEqual(b.Dims.AsSpan(0, b.Rank - 2)) || a.Dims[^1] != b.Dims[^2])
                {
                    throw p.Builder.Fail($"A {a.ShapeText} and B {b.ShapeText} must be [..., M, K] and [..., K, N] with the same leading dimensions");
                }
                int m = a.Dims[^2], k = a.Dims[^1], n = b.Dims[^1];
                if (k > MaxK)
                {
                    throw p.Builder.Fail($"K = {k} exceeds {MaxK} (255²·K must fit an int32 accumulator)");
                }
                var batches = TensorShape.Size(a.Dims.AsSpan(0, a.Rank - 2));
                var y = GC.AllocateUninitializedArray<int>(batches * m * n);
                Multiply(a.Array<sbyte>(), b.Array<sbyte>(), za, zb, batches, m, k, n, y, context);
                int[] shape = [.. a.Dims[..^1], n];
                return [Tensor.FromTrusted(TensorDataType.Int32, y, shape)];
            };
        };
    }

    /// <summary>Σ v over int8 values (|Σ| ≤ 128·K, exact in int32), 32 at a time where 256-bit vectors are accelerated.</summary>
    internal static int RowSum(ReadOnlySpan<sbyte> v)
    {
        var sum = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && v.Length >= 32)
        {
            var acc = Vector256<int>.Zero;
            for (; i + 32 <= v.Length; i += 32)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Create(v.Slice(i, 32)));
                var (a, b) = Vector256.Widen(lo + hi);
                acc += a + b;
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < v.Length; i++)
        {
            sum += v[i];
        }
        return sum;
    }

    /// <summary>Y = (A − za)·(B − zb) per batch (see the type summary); <paramref name="y"/> holds batches·M·N values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(sbyte[] a, sbyte[] b, int za, int zb, int batches, int m, int k, int n, int[] y, Engine.ExecutionContext context)
    {
        if (context.SingleRun && m <= Int8Gemv.MaxRows)
        {
            // Built for one run (a referee's chunk of rows): a few rows times B unpacked, the same integers.
            for (var batch = 0; batch < batches; batch++)
            {
                Int8Gemv.MultiplyKMajor(a.AsSpan(batch * m * k, m * k), m, b.AsSpan(batch * k * n, k * n), k, n, za, zb, y.AsSpan(batch * m * n, m * n));
            }
            return;
        }
        var bias = new int[n];
        for (var batch = 0; batch < batches; batch++)
        {
            var gemm = new Int8Gemm(b.AsSpan(batch * k * n, k * n), n, k, bias, za, weightRows: false, kMajor: true);
            var rows = a.AsSpan(batch * m * k, m * k);
            var yStart = batch * m * n;
            gemm.Multiply(gemm.ToUnsigned(rows, m), m, y, context, yStart);
            if (zb == 0)
            {
                continue;
            }
            for (var i = 0; i < m; i++)
            {
                var correction = zb * (RowSum(rows.Slice(i * k, k)) - za * k);
                var yRow = y.AsSpan(yStart + i * n, n);
                var j = 0;
                if (Vector256.IsHardwareAccelerated)
                {
                    var c = Vector256.Create(correction);
                    for (; j + 8 <= n; j += 8)
                    {
                        (Vector256.Create(yRow.Slice(j, 8)) - c).CopyTo(yRow[j..]);
                    }
                }
                for (; j < n; j++)
                {
                    yRow[j] -= correction;
                }
            }
        }
    }
}
