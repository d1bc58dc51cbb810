using System.Runtime.CompilerServices;
using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// Requantize: int32 X → Y of y_zero_point's type (int8 or int16):
/// Y = clamp(y_zero_point + RoundingShift(X · multiplier[c], shift[c]), lo, hi), where c is the index along
/// attribute <c>axis</c> (default 1) when multiplier/shift have C &gt; 1 elements, [lo, hi] is the output
/// type's range, and with <c>relu</c> = 1 lo = max(type minimum, y_zero_point). multiplier ∈ [0, 2^31 − 1],
/// shift ∈ [1, 62] (checked at load), so |X · multiplier| &lt; 2^62 and the int64 arithmetic is exact.
/// </summary>
internal static class RequantizeKernel
{
    public static void Register(Dictionary<string, Func<QuantParameters, Kernel>> r)
    {
        r[QuantDomain.Requantize] = p =>
        {
            var multiplier = p.Vector(1, "multiplier", TensorDataType.Int32, 0, int.MaxValue);
            var shift = p.Vector(2, "shift", TensorDataType.Int8, QuantArithmetic.MinShift, QuantArithmetic.MaxShift);
            if (multiplier.Length != shift.Length)
            {
                throw p.Bad(2, "shift", $"{multiplier.Length} element(s), as many as multiplier", $"{shift.Length}");
            }
            var (zp, type) = p.ZeroPoint(3, "y_zero_point", allowInt16: true);
            long lo = type == TensorDataType.Int8 ? sbyte.MinValue : short.MinValue;
            long hi = type == TensorDataType.Int8 ? sbyte.MaxValue : short.MaxValue;
            if (p.Flag("relu"))
            {
                lo = Math.Max(lo, zp);
            }
            var axis = p.Builder.Attr.Int("axis", 1);
            return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x) =>
            {
                var t = BoundaryKernels.Expect(p, x[0]!, TensorDataType.Int32);
                var src = t.Array<int>();
                var inner = Math.Max(1, src.Length);
                var channels = 1;
                if (multiplier.Length > 1)
                {
                    var a = TensorShape.NormalizeAxis(axis, t.Rank) ?? throw p.Builder.Fail($"axis {axis} is out of range for X {t.ShapeText}");
                    channels = t.Dims[a];
                    if (channels != multiplier.Length)
                    {
                        throw p.Builder.Fail($"X {t.ShapeText} has {channels} channels on axis {a}, multiplier has {multiplier.Length}");
                    }
                    inner = Math.Max(1, TensorShape.Size(t.Dims.AsSpan(a + 1)));
                }
                var y = new long[src.Length];
                for (var start = 0; start < src.Length; start += inner)
                {
                    var ch = start / inner % channels;
                    long mult = multiplier[ch], z = zp;
                    var s = (int)shift[ch];
                    var end = Math.Min(src.Length, start + inner);
                    for (var i = start; i < end; i++)
                    {
                        var v = z + QuantArithmetic.RoundingShift(src[i] * mult, s);
                        y[i] = v < lo ? lo : v > hi ? hi : v;
                    }
                }
                return [Narrow(y, type, t.Dims)];
            };
        };
    }

    /// <summary>Values already clamped to <paramref name="type"/>'s range, stored as that type.</summary>
    public static Tensor Narrow(long[] values, TensorDataType type, int[] shape)
    {
        if (type == TensorDataType.Int8)
        {
            var b = new sbyte[values.Length];
            for (var i = 0; i < b.Length; i++)
            {
                b[i] = (sbyte)values[i];
            }
            return Tensor.FromTrusted(type, b, shape);
        }
        var s = new short[values.Length];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = (short)values[i];
        }
        return Tensor.FromTrusted(TensorDataType.Int16, s, shape);
    }
}
