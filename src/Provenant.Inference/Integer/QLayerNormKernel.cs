using System.Runtime.CompilerServices;
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
            return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x) =>
            {
                var input = BoundaryKernels.Expect(p, x[0]!, TensorDataType.Int8);
                if (input.Rank == 0 || TensorShape.NormalizeAxis(axis, input.Rank) != input.Rank - 1 || input.Dims[^1] != gamma.Length)
                {
                    throw p.Builder.Fail($"axis {axis} must be the last axis of X {input.ShapeText}, of {gamma.Length} elements (gamma's length)");
                }
                var src = input.Array<sbyte>();
                var n = gamma.Length;
                var y = new int[src.Length];
                var row = new long[n];
                var z = new long[n];
                for (var start = 0; start < src.Length; start += n)
                {
                    for (var i = 0; i < n; i++) row[i] = src[start + i];
                    QLayerNormArithmetic.Row(row, epsilon, (int)m, (int)k, z);
                    for (var i = 0; i < n; i++) y[start + i] = (int)(gamma[i] * z[i] + beta[i]);
                }
                return [Tensor.FromTrusted(TensorDataType.Int32, y, input.Dims)];
            };
        };
    }
}
