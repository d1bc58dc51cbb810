using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
            var halves = new long[shift.Length];
            var shifts = new ulong[shift.Length];
            for (var c = 0; c < shift.Length; c++)
            {
                halves[c] = 1L << (int)(shift[c] - 1);
                shifts[c] = (ulong)shift[c];
            }
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
                var y8 = type == TensorDataType.Int8 ? GC.AllocateUninitializedArray<sbyte>(src.Length) : null;
                var y16 = y8 is null ? GC.AllocateUninitializedArray<short>(src.Length) : null;
                if (inner == 1 && y8 is not null)
                {
                    // Channels on the last axis (QGemm outputs): one element per channel, no per-block set-up.
                    for (var row = 0; row < src.Length; row += channels)
                    {
                        var ch = Avx2.IsSupported ? LastAxisBlocks(src, y8, row, channels, multiplier, halves, shifts, zp, lo, hi) : 0;
                        for (; ch < channels; ch++)
                        {
                            y8[row + ch] = (sbyte)Math.Clamp(zp + RoundingShift(src[row + ch] * (long)multiplier[ch], (int)shift[ch]), lo, hi);
                        }
                    }
                    return [Tensor.FromTrusted(TensorDataType.Int8, y8, t.Dims)];
                }
                for (int start = 0, ch = 0; start < src.Length; start += inner, ch = ch + 1 == channels ? 0 : ch + 1)
                {
                    long mult = multiplier[ch], z = zp;
                    var s = (int)shift[ch];
                    var end = Math.Min(src.Length, start + inner);
                    var i = start;
                    if (y8 is not null && end - start >= 8)
                    {
                        i = Int8Block(src, y8, i, end, mult, s, z, lo, hi);
                    }
                    for (; i < end; i++)
                    {
                        var v = Math.Clamp(z + RoundingShift(src[i] * mult, s), lo, hi);
                        if (y8 is not null)
                        {
                            y8[i] = (sbyte)v;
                        }
                        else
                        {
                            y16![i] = (short)v;
                        }
                    }
                }
                return [y8 is not null ? Tensor.FromTrusted(TensorDataType.Int8, y8, t.Dims) : Tensor.FromTrusted(TensorDataType.Int16, y16!, t.Dims)];
            };
        };
    }

    /// <summary><see cref="QuantArithmetic.RoundingShift"/> without a branch on the sign: sign-magnitude, round, sign back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long RoundingShift(long product, int s)
    {
        var sign = product >> 63;
        return ((((product ^ sign) - sign) + (1L << (s - 1))) >> s ^ sign) - sign;
    }

    /// <summary>
    /// The int8 form of the element loop, 8 elements at a time in 64-bit lanes: the same exact integer steps
    /// (product, sign-magnitude rounding shift, zero point, clamp), so the same bytes on any vector width.
    /// Returns the first index not done (a tail shorter than 8 is left to the scalar loop).
    /// </summary>
    private static int Int8Block(int[] src, sbyte[] y, int i, int end, long mult, int s, long z, long lo, long hi)
    {
        var vm = Vector256.Create(mult);
        var vh = Vector256.Create(1L << (s - 1));
        var vz = Vector256.Create(z);
        var vlo = Vector256.Create(lo);
        var vhi = Vector256.Create(hi);
        for (; i + 8 <= end; i += 8)
        {
            var (a, b) = Vector256.Widen(Vector256.Create(src.AsSpan(i, 8)));
            // Clamped to int8's range, so each narrowing (long → int → short → sbyte, element order kept) is exact.
            var ints = Vector256.Narrow(Lane(a, vm, vh, s, vz, vlo, vhi), Lane(b, vm, vh, s, vz, vlo, vhi));
            var shorts = Vector256.Narrow(ints, ints);
            var bytes = Vector256.Narrow(shorts, shorts);
            MemoryMarshal.Write(MemoryMarshal.AsBytes(y.AsSpan(i, 8)), bytes.AsInt64().GetElement(0));
        }
        return i;
    }

    /// <summary>
    /// The last-axis int8 form, 8 channels at a time: each lane has its channel's multiplier, rounding half and shift
    /// (<c>vpsrlvq</c>), then the same exact integer steps as the scalar loop. Returns the first channel not done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int LastAxisBlocks(int[] src, sbyte[] y, int row, int channels, long[] mult, long[] half, ulong[] shift, long z, long lo, long hi)
    {
        var ch = 0;
        var vz = Vector256.Create(z);
        var vlo = Vector256.Create(lo);
        var vhi = Vector256.Create(hi);
        for (; ch + 8 <= channels; ch += 8)
        {
            var (a, b) = Vector256.Widen(Vector256.Create(src.AsSpan(row + ch, 8)));
            var ints = Vector256.Narrow(
                LaneVariable(a, Vector256.Create(mult.AsSpan(ch, 4)), Vector256.Create(half.AsSpan(ch, 4)), Vector256.Create(shift.AsSpan(ch, 4)), vz, vlo, vhi),
                LaneVariable(b, Vector256.Create(mult.AsSpan(ch + 4, 4)), Vector256.Create(half.AsSpan(ch + 4, 4)), Vector256.Create(shift.AsSpan(ch + 4, 4)), vz, vlo, vhi));
            var shorts = Vector256.Narrow(ints, ints);
            var bytes = Vector256.Narrow(shorts, shorts);
            MemoryMarshal.Write(MemoryMarshal.AsBytes(y.AsSpan(row + ch, 8)), bytes.AsInt64().GetElement(0));
        }
        return ch;
    }

    /// <summary>
    /// x·mult per 64-bit lane for x an int32 sign-extended and 0 ≤ mult &lt; 2^31: <c>vpmuldq</c> multiplies the low signed
    /// 32 bits of each lane into the exact 64-bit product (AVX2 has no 64-bit multiply); the generic product otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> Product(Vector256<long> x, Vector256<long> mult) =>
        Avx2.IsSupported ? Avx2.Multiply(x.AsInt32(), mult.AsInt32()) : x * mult;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> LaneVariable(Vector256<long> x, Vector256<long> mult, Vector256<long> half, Vector256<ulong> s, Vector256<long> z, Vector256<long> lo, Vector256<long> hi)
    {
        var product = Product(x, mult);
        var sign = Vector256.ShiftRightArithmetic(product, 63);
        var rounded = (Avx2.ShiftRightLogicalVariable(((product ^ sign) - sign) + half, s) ^ sign) - sign;
        return Vector256.Min(Vector256.Max(z + rounded, lo), hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> Lane(Vector256<long> x, Vector256<long> mult, Vector256<long> half, int s, Vector256<long> z, Vector256<long> lo, Vector256<long> hi)
    {
        var product = Product(x, mult);
        var sign = Vector256.ShiftRightArithmetic(product, 63);
        var rounded = (Vector256.ShiftRightLogical(((product ^ sign) - sign) + half, s) ^ sign) - sign;
        return Vector256.Min(Vector256.Max(z + rounded, lo), hi);
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
