using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// QAdd: int8 A and B (numpy broadcasting) →
/// Y = clamp(y_zp + RoundingShift(a_multiplier · (A − a_zp) + b_multiplier · (B − b_zp), shift), lo, 127)
/// with lo = −128, or max(−128, y_zp) when <c>relu</c> = 1. Multipliers ∈ [0, 2^31 − 1], shift ∈ [1, 62]
/// (checked at load); |sum| &lt; 2^40, so int64 is exact. Inputs: A, a_zero_point, B, b_zero_point,
/// a_multiplier, b_multiplier, shift, y_zero_point. The rule is tabulated at load for all 65,536 (a, b) pairs; a kernel
/// built for a single run (<see cref="Engine.ExecutionContext.SingleRun"/>) of fewer elements computes it per element
/// instead (<see cref="DirectOp"/>; 8 at a time in 64-bit lanes with AVX2), the same integers.
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

    /// <summary>The rule above computed per element (the table's entries are exactly these values).</summary>
    private readonly struct DirectOp(long za, long zb, long ma, long mb, int shift, long zy, long lo) : IBinaryOp<sbyte, sbyte>
    {
        public sbyte Apply(sbyte a, sbyte b) =>
            (sbyte)QuantArithmetic.Clamp(zy + QuantArithmetic.RoundingShift(ma * (a - za) + mb * (b - zb), shift), lo, sbyte.MaxValue);

        /// <summary>Same-shape A and B, 8 elements at a time in 64-bit lanes with AVX2 (the same exact steps: products, sign-magnitude rounding shift, zero point, clamp), the tail by <see cref="Apply"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void ApplyAll(sbyte[] a, sbyte[] b, sbyte[] y)
        {
            var i = 0;
            if (Avx2.IsSupported)
            {
                var (vza, vzb, vma, vmb) = (Vector256.Create(za), Vector256.Create(zb), Vector256.Create(ma), Vector256.Create(mb));
                var (half, vzy, vlo, vhi) = (Vector256.Create(1L << (shift - 1)), Vector256.Create(zy), Vector256.Create(lo), Vector256.Create((long)sbyte.MaxValue));
                for (; i + 8 <= y.Length; i += 8)
                {
                    var ints = Vector256.Narrow(
                        Lanes(Quad(a, i) - vza, Quad(b, i) - vzb, vma, vmb, half, shift, vzy, vlo, vhi),
                        Lanes(Quad(a, i + 4) - vza, Quad(b, i + 4) - vzb, vma, vmb, half, shift, vzy, vlo, vhi));
                    var shorts = Vector256.Narrow(ints, ints);
                    var bytes = Vector256.Narrow(shorts, shorts);
                    MemoryMarshal.Write(MemoryMarshal.AsBytes(y.AsSpan(i, 8)), bytes.AsInt64().GetElement(0));
                }
            }
            for (; i < y.Length; i++)
            {
                y[i] = Apply(a[i], b[i]);
            }
        }

        // Four int8 values at `i` sign-extended to 64-bit lanes.
        private static Vector256<long> Quad(sbyte[] v, int i) =>
            Avx2.ConvertToVector256Int64(Vector128.CreateScalar(MemoryMarshal.Read<int>(MemoryMarshal.AsBytes(v.AsSpan(i, 4)))).AsSByte());

        // clamp(zy + RoundingShift(ma·da + mb·db, s), lo, hi) per lane; |da|, |db| ≤ 255 and 0 ≤ m < 2^31, so vpmuldq's products of the low 32 bits are exact.
        private static Vector256<long> Lanes(Vector256<long> da, Vector256<long> db, Vector256<long> ma, Vector256<long> mb, Vector256<long> half, int s,
            Vector256<long> zy, Vector256<long> lo, Vector256<long> hi)
        {
            var sum = Avx2.Multiply(da.AsInt32(), ma.AsInt32()) + Avx2.Multiply(db.AsInt32(), mb.AsInt32());
            var sign = Vector256.ShiftRightArithmetic(sum, 63);
            var rounded = (Vector256.ShiftRightLogical(((sum ^ sign) - sign) + half, s) ^ sign) - sign;
            return Vector256.Min(Vector256.Max(zy + rounded, lo), hi);
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
            var lo = p.Flag("relu") ? Math.Max(zy, sbyte.MinValue) : sbyte.MinValue;
            var direct = new DirectOp(za, zb, ma[0], mb[0], (int)shift[0], zy, lo);
            // Built for one run (a referee's re-execution): the table is made only if the output has as many elements.
            sbyte[]? table = p.Builder.Context.SingleRun ? null : AddOp.Tabulate(za, zb, ma[0], mb[0], (int)shift[0], zy, lo);
            return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x) =>
            {
                var a = BoundaryKernels.Expect(p, x[0]!, TensorDataType.Int8);
                var b = BoundaryKernels.Expect(p, x[2]!, TensorDataType.Int8);
                var shape = Broadcast.Shape(p.Builder.Node, a, b);
                var y = new sbyte[TensorShape.Size(shape)];
                if (table is null && y.Length < 256 * 256)
                {
                    if (a.Length == y.Length && b.Length == y.Length)
                    {
                        direct.ApplyAll(a.Array<sbyte>(), b.Array<sbyte>(), y);
                    }
                    else
                    {
                        Broadcast.Binary(a.Array<sbyte>(), a.Dims, b.Array<sbyte>(), b.Dims, y, shape, direct);
                    }
                    return [Tensor.FromTrusted(TensorDataType.Int8, y, shape)];
                }
                table ??= AddOp.Tabulate(za, zb, ma[0], mb[0], (int)shift[0], zy, lo);
                var op = new AddOp(table);
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
