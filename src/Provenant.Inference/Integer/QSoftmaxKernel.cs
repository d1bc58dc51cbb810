using System.Runtime.CompilerServices;
using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// QSoftmax over the last axis of int8 X with an int32 exp table T [256] (T[d] ≈ 2^16 · exp(−d · s_x),
/// 0 ≤ T[d] ≤ 2^24, T[0] ≥ 1; checked at load): for each row, d_i = max(X) − X_i ∈ [0, 255], e_i = T[d_i],
/// S = Σ e_i (int64, ≥ 1 since the maximum contributes T[0]), Y_i = RoundingDivide(32767 · e_i, S) ∈
/// [0, 32767] as int16. Y / 32767 approximates softmax(X · s_x) (zero point 0).
/// </summary>
internal static class QSoftmaxKernel
{
    /// <summary>The output value representing probability 1.</summary>
    public const int One = 32767;

    /// <summary>Largest table entry allowed (keeps 32767 · e and row sums far inside int64 for rows up to 2^30).</summary>
    public const int MaxEntry = 1 << 24;

    public static void Register(Dictionary<string, Func<QuantParameters, Kernel>> r)
    {
        r[QuantDomain.QSoftmax] = p =>
        {
            var t = p.Constant(1, "table", TensorDataType.Int32);
            if (t.Rank != 1 || t.Length != QLookupKernel.TableLength)
            {
                throw p.Bad(1, "table", $"shape [{QLookupKernel.TableLength}]", $"shape {t.ShapeText}");
            }
            var table = t.Array<int>();
            if (table[0] < 1 || table.Any(v => v is < 0 or > MaxEntry))
            {
                throw p.Bad(1, "table", $"entries in [0, {MaxEntry}] with table[0] ≥ 1", $"[{table.Min()}, {table.Max()}], table[0] = {table[0]}");
            }
            var axis = p.Builder.Attr.Int("axis", -1);
            return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x) =>
            {
                var input = BoundaryKernels.Expect(p, x[0]!, TensorDataType.Int8);
                if (input.Rank == 0 || TensorShape.NormalizeAxis(axis, input.Rank) != input.Rank - 1)
                {
                    throw p.Builder.Fail($"axis {axis} must be the last axis of X {input.ShapeText}");
                }
                var src = input.Array<sbyte>();
                var len = input.Dims[^1];
                var y = new short[src.Length];
                var e = new long[len];
                for (var row = 0; row + len <= src.Length && len > 0; row += len)
                {
                    var max = (int)sbyte.MinValue;
                    for (var i = 0; i < len; i++)
                    {
                        max = Math.Max(max, src[row + i]);
                    }
                    long sum = 0;
                    for (var i = 0; i < len; i++)
                    {
                        e[i] = table[max - src[row + i]];
                        sum += e[i];
                    }
                    for (var i = 0; i < len; i++)
                    {
                        y[row + i] = (short)QuantArithmetic.RoundingDivide(One * e[i], sum);
                    }
                }
                return [Tensor.FromTrusted(TensorDataType.Int16, y, input.Dims)];
            };
        };
    }
}
