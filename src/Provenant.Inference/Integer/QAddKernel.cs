using System.Runtime.CompilerServices;
using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// QAdd: int8 A and B (numpy broadcasting) →
/// Y = clamp(y_zp + RoundingShift(a_multiplier · (A − a_zp) + b_multiplier · (B − b_zp), shift), lo, 127)
/// with lo = −128, or max(−128, y_zp) when <c>relu</c> = 1. Multipliers ∈ [0, 2^31 − 1], shift ∈ [1, 62]
/// (checked at load); |sum| &lt; 2^40, so int64 is exact. Inputs: A, a_zero_point, B, b_zero_point,
/// a_multiplier, b_multiplier, shift, y_zero_point.
/// </summary>
internal static class QAddKernel
{
    /// <summary>The rule above, tabulated once at load for every (a, b) pair: Y = table[(a + 128)·256 + b + 128].</summary>
    private readonly struct AddOp(sbyte[] table) : IBinaryOp<sbyte, sbyte>
    {
        public sbyte Apply(sbyte a, sbyte b) => table[((a + 128) << 8) | (b + 128)];

        public static sbyte[] Tabulate(long za, long zb, long ma, long mb, int shift, long zy, long lo)
        {
            var table = new sbyte[256 * 256];
            for (var a = -128; a <= 127; a++)
            {
                for (var b = -128; b <= 127; b++)
                {
                    table[((a + 128) << 8) | (b + 128)] =
                        (sbyte)QuantArithmetic.Clamp(zy + QuantArithmetic.RoundingShift(ma * (a - za) + mb * (b - zb), shift), lo, sbyte.MaxValue);
                }
            }
            return table;
        }
    }

    public static void Register(Dictionary<string, Func<QuantParameters, Kernel>> r)
    {
        r[QuantDomain.QAdd] = p =>
        {
            var za = p.ZeroPoint(1, "a_zero_point", allowInt16: false).Value;
            var zb = p.ZeroPoint(3, "b_zero_point", allowInt16: false).Value;
            var ma = p.Vector(4, "a_multiplier", TensorDataType.Int32, 0, int.MaxValue);
            var mb = p.Vector(5, "b_multiplier", TensorDataType.Int32, 0, int.MaxValue);
            var shift = p.Vector(6, "shift", TensorDataType.Int8, QuantArithmetic.MinShift, QuantArithmetic.MaxShift);
            if (ma.Length != 1 || mb.Length != 1 || shift.Length != 1)
            {
                throw p.Bad(4, "a_multiplier", "scalar multipliers and shift", $"{ma.Length}, {mb.Length} and {shift.Length} elements");
            }
            var zy = p.ZeroPoint(7, "y_zero_point", allowInt16: false).Value;
            var table = AddOp.Tabulate(za, zb, ma[0], mb[0], (int)shift[0], zy, p.Flag("relu") ? Math.Max(zy, sbyte.MinValue) : sbyte.MinValue);
            var op = new AddOp(table);
            return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x) =>
            {
                var a = BoundaryKernels.Expect(p, x[0]!, TensorDataType.Int8);
                var b = BoundaryKernels.Expect(p, x[2]!, TensorDataType.Int8);
                var shape = Broadcast.Shape(p.Builder.Node, a, b);
                var y = new sbyte[TensorShape.Size(shape)];
                if (a.Length == y.Length && b.Length == y.Length)
                {
                    var (sa, sb) = (a.Array<sbyte>(), b.Array<sbyte>());
                    for (var i = 0; i < y.Length; i++)
                    {
                        y[i] = table[((sa[i] + 128) << 8) | (sb[i] + 128)];
                    }
                    return [Tensor.FromTrusted(TensorDataType.Int8, y, shape)];
                }
                Broadcast.Binary(a.Array<sbyte>(), a.Dims, b.Array<sbyte>(), b.Dims, y, shape, op);
                return [Tensor.FromTrusted(TensorDataType.Int8, y, shape)];
            };
        };
    }
}
