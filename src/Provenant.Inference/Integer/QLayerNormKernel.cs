using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Provenant.Core.Errors;
using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// QLayerNorm over the last axis of int8 X: inputs X, gamma (INT32 [n]), beta (INT32 [n]), epsilon (INT64 scalar E);
/// attributes <c>axis</c> (must be the last axis), <c>norm_shift</c> m and <c>scale_shift</c> k. Output INT32
/// A_i = G_i·Z_i + B_i with Z_i from <see cref="QLayerNormArithmetic.Row"/> (zero point 0; a Requantize follows).
/// Every bound is checked at load (<see cref="QLayerNormArithmetic.Check"/>), so the int64 arithmetic is exact.
/// </summary>
internal static class QLayerNormKernel
{
    public static void Register(Dictionary<string, Func<QuantParameters, Kernel>> r)
    {
        r[QuantDomain.QLayerNorm] = p =>
        {
            var gamma = p.Vector(1, "gamma", TensorDataType.Int32, int.MinValue, int.MaxValue);
            var beta = p.Vector(2, "beta", TensorDataType.Int32, int.MinValue, int.MaxValue);
            var epsilon = p.Scalar(3, "epsilon", TensorDataType.Int64);
            var m = p.Builder.Attr.Int("norm_shift", -1);
            var k = p.Builder.Attr.Int("scale_shift", -1);
            if (m is < 0 or > 60 || k is < 0 or > 62)
            {
                throw new ProvenantFormatException(p.Builder.Node.ToString(), "attributes norm_shift, scale_shift", "norm_shift in [0, 60] and scale_shift in [0, 62]", $"norm_shift {m}, scale_shift {k}");
            }
            if (QLayerNormArithmetic.Check(gamma.Length, epsilon, (int)m, (int)k, gamma, beta) is { } why)
            {
                throw new ProvenantFormatException(p.Builder.Node.ToString(), "gamma, beta, epsilon, norm_shift, scale_shift", why,
                    $"n = {gamma.Length}, epsilon {epsilon}, norm_shift {m}, scale_shift {k}");
            }
            var axis = p.Builder.Attr.Int("axis", -1);
            var gammaD = gamma.Select(v => (double)v).ToArray();
            var betaD = beta.Select(v => (double)v).ToArray();
            return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x) =>
            {
                var input = BoundaryKernels.Expect(p, x[0]!, TensorDataType.Int8);
                if (input.Rank == 0 || TensorShape.NormalizeAxis(axis, input.Rank) != input.Rank - 1 || input.Dims[^1] != gamma.Length)
                {
                    throw p.Builder.Fail($"axis {axis} must be the last axis of X {input.ShapeText}, of {gamma.Length} elements (gamma's length)");
                }
                var src = input.Array<sbyte>();
                var y = new int[src.Length];
                var centred = new double[gamma.Length];
                for (var start = 0; start < src.Length; start += gamma.Length)
                {
                    Row(src.AsSpan(start, gamma.Length), epsilon, (int)m, (int)k, gammaD, betaD, gamma, beta, centred, y.AsSpan(start, gamma.Length));
                }
                return [Tensor.FromTrusted(TensorDataType.Int32, y, input.Dims)];
            };
        };
    }

    /// <summary>
    /// One row of <see cref="QLayerNormArithmetic.Row"/> followed by A_i = G_i·Z_i + B_i, with the same integers. S, Q and s
    /// are exact int64; where AVX and FMA are available the quotients go four at a time in binary64: 2^k·C_i is exact
    /// (|C_i| &lt; 2^18, a power-of-two scale), the estimate ⌊2^k·C_i · (1/s)⌋ is within one of Z_i (|Z_i| &lt; 2^31),
    /// the remainder 2^k·C_i − q·s (|·| &lt; 2^33) is exact by one fused multiply-add and corrects it, and G·Z + B
    /// (|·| &lt; 2^31 by the load-time bound) is exact too; otherwise <see cref="QuantArithmetic.FloorDivide(long, long, double)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row(ReadOnlySpan<sbyte> x, long epsilon, int normShift, int scaleShift, double[] gammaD, double[] betaD, long[] gamma, long[] beta,
        double[] centred, Span<int> y)
    {
        long n = x.Length, sum = QMatMulKernel.RowSum(x), squares = 0;
        var vector = Avx.IsSupported && Fma.IsSupported;
        var scale = Math.ScaleB(1.0, scaleShift);
        for (var j = 0; j < x.Length; j++)
        {
            var c = n * x[j] - sum;
            squares += c * c;
            centred[j] = c * scale;
        }
        var root = QLayerNormArithmetic.IntegerSqrt((n * squares + epsilon) << normShift);
        var reciprocal = 1.0 / root;
        var i = 0;
        if (vector)
        {
            var vrec = Vector256.Create(reciprocal);
            var vroot = Vector256.Create((double)root);
            for (; i + 4 <= x.Length; i += 4)
            {
                var num = Vector256.Create(centred.AsSpan(i, 4));
                var q = Vector256.Floor(num * vrec);
                var r = Fma.MultiplyAddNegated(q, vroot, num);
                q += (Vector256.GreaterThanOrEqual(r, vroot) & Vector256<double>.One) - (Vector256.LessThan(r, Vector256<double>.Zero) & Vector256<double>.One);
                var a = q * Vector256.Create(gammaD.AsSpan(i, 4)) + Vector256.Create(betaD.AsSpan(i, 4));
                Avx.ConvertToVector128Int32WithTruncation(a).CopyTo(y[i..]);
            }
        }
        for (; i < x.Length; i++)
        {
            y[i] = (int)(gamma[i] * QuantArithmetic.FloorDivide((n * x[i] - sum) << scaleShift, root, reciprocal) + beta[i]);
        }
    }
}
