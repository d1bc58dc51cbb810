using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Provenant.Core.Errors;
using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// QGemm: Y[..., n] = Σ_k (A[..., k] − a_zero_point) · B[n, k] + bias[n] in int32 (A int8 [..., K], B int8
/// [N, K] initializer, bias int32 [N] optional initializer). Overflow is ruled out at load: for every n,
/// 255 · Σ_k |B[n, k]| + |bias[n]| ≤ 2^31 − 1, which bounds every partial sum too, so the int32 lane sums
/// are exact in any order. Computed by <see cref="Int8Gemm"/> (weights packed once at load; VNNI, AVX2 or
/// scalar, all giving the same integers); a kernel built for a single run (<see cref="Engine.ExecutionContext.SingleRun"/>)
/// multiplies up to <see cref="Int8Gemv.MaxRows"/> rows by the unpacked weights instead (<see cref="Int8Gemv"/>, the
/// same integers).
/// </summary>
internal static class QGemmKernel
{
    public static void Register(Dictionary<string, Func<QuantParameters, Kernel>> r)
    {
        r[QuantDomain.QGemm] = p =>
        {
            var zp = (int)p.ZeroPoint(1, "a_zero_point", allowInt16: false).Value;
            var b = p.Constant(2, "b", TensorDataType.Int8);
            if (b.Rank != 2)
            {
                throw p.Bad(2, "b", "an [N, K] matrix", $"shape {b.ShapeText}");
            }
            int n = b.Dims[0], k = b.Dims[1];
            var bias = Bias(p, 3, n);
            CheckAccumulatorBound(p, b.Array<sbyte>(), bias, n, k);
            var context = p.Builder.Context;
            // Built for one run (a referee's re-execution): few rows are multiplied by the unpacked weights, more pack them then.
            var gemm = context.SingleRun ? null : new Int8Gemm(b.Array<sbyte>(), n, k, bias, zp, weightRows: false);
            return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x) =>
            {
                var a = BoundaryKernels.Expect(p, x[0]!, TensorDataType.Int8);
                if (a.Rank < 1 || a.Dims[^1] != k)
                {
                    throw p.Builder.Fail($"A {a.ShapeText} must end in K = {k} (B is [{n},{k}])");
                }
                var rows = TensorShape.Size(a.Dims.AsSpan(0, a.Rank - 1));
                var y = GC.AllocateUninitializedArray<int>(rows * n);
                if (gemm is null && rows <= Int8Gemv.MaxRows)
                {
                    Int8Gemv.Multiply(a.Array<sbyte>(), rows, b.Array<sbyte>(), n, k, bias, zp, y);
                }
                else
                {
                    gemm ??= new Int8Gemm(b.Array<sbyte>(), n, k, bias, zp, weightRows: false);
                    gemm.Multiply(gemm.ToUnsigned(a.Array<sbyte>(), rows), rows, y, context);
                }
                int[] shape = [.. a.Dims[..^1], n];
                return [Tensor.FromTrusted(TensorDataType.Int32, y, shape)];
            };
        };
    }

    /// <summary>The optional int32 bias of length <paramref name="channels"/> (zeros when omitted).</summary>
    public static int[] Bias(QuantParameters p, int index, int channels)
    {
        var t = p.Optional(index, "bias", TensorDataType.Int32);
        if (t is null)
        {
            return new int[channels];
        }
        if (t.Rank != 1 || t.Length != channels)
        {
            throw p.Bad(index, "bias", $"shape [{channels}]", $"shape {t.ShapeText}");
        }
        return t.Array<int>();
    }

    /// <summary>
    /// Σ |w| of int8 values. With AVX2, 32 at a time by <c>vpsadbw</c>: w XOR 0x80 is w + 128 as an unsigned byte, and its
    /// absolute difference from 128 is |w|, summed per 8 bytes into 64-bit lanes (at most 8 · 128 each, so no lane can
    /// overflow). Otherwise |w| ≤ 128 is widened to int16, then to int32 lanes, which stay below 2^31 for fewer than
    /// 2^23 elements. Both give the exact sum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long AbsSum(ReadOnlySpan<sbyte> w)
    {
        long sum = 0;
        var i = 0;
        if (Avx2.IsSupported)
        {
            var bias = Vector256.Create((byte)0x80);
            var acc = Vector256<ulong>.Zero;
            ref var start = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(w));
            for (; i <= w.Length - 32; i += 32)
            {
                acc += Avx2.SumAbsoluteDifferences(Vector256.LoadUnsafe(ref start, (nuint)i) ^ bias, bias).AsUInt64();
            }
            sum = (long)Vector256.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && w.Length < 1 << 23)
        {
            var acc = Vector256<int>.Zero;
            for (; i <= w.Length - 32; i += 32)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Create(w.Slice(i, 32)));
                var (a, b) = Vector256.Widen(Vector256.Abs(lo) + Vector256.Abs(hi));
                acc += a + b;
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < w.Length; i++)
        {
            sum += Math.Abs((int)w[i]);
        }
        return sum;
    }

    /// <summary>Rejects weights whose worst-case accumulator could leave int32 (see the type summary).</summary>
    /// <exception cref="ProvenantFormatException">255 · Σ|w| + |bias| exceeds 2^31 − 1 for some output channel.</exception>
    public static void CheckAccumulatorBound(QuantParameters p, ReadOnlySpan<sbyte> weights, int[] bias, int channels, int perChannel)
    {
        for (var c = 0; c < channels; c++)
        {
            long sum = Math.Abs((long)bias[c]) + 255L * AbsSum(weights.Slice(c * perChannel, perChannel));
            if (sum > int.MaxValue)
            {
                throw new ProvenantFormatException(p.Builder.Node.ToString(), $"output channel {c}",
                    "255 · Σ|weight| + |bias| ≤ 2^31 − 1 (no int32 accumulator overflow)", sum.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
