using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// The boundary operators: Quantize (float32 → int8, <see cref="QuantArithmetic.QuantizeInput"/>) and
/// Dequantize (int8/int16/int32 → float32, <see cref="QuantArithmetic.DequantizeOutput"/>), each one
/// scalar pass in element order.
/// </summary>
internal static class BoundaryKernels
{
    /// <summary>
    /// <see cref="QuantArithmetic.QuantizeInput"/> for whole blocks of 8 with the same exact steps: one binary32
    /// division, saturation (|v| ≥ 1024 saturates either way, so v is clamped there first), round half away from
    /// zero as truncation plus a unit step when the exact fraction v − trunc(v) is at least ½, the zero point and
    /// the int8 clamp, all on exact small integers. Stops before a block holding a NaN (the scalar loop reports
    /// it); returns the first index not done.
    /// </summary>
    internal static int QuantizeBlocks(float[] src, sbyte[] dst, float scale, int zp)
    {
        var i = 0;
        var vscale = Vector256.Create(scale);
        var vzp = Vector256.Create((float)zp);
        var limit = Vector256.Create(1024f);
        var half = Vector256.Create(0.5f);
        var sign = Vector256.Create(int.MinValue).AsSingle();
        for (; i + 8 <= src.Length; i += 8)
        {
            var x = Vector256.Create(src.AsSpan(i, 8));
            if (!Vector256.EqualsAll(x, x))
            {
                break;
            }
            var v = Vector256.Min(Vector256.Max(x / vscale, -limit), limit);
            var t = Vector256.Truncate(v);
            var step = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(Vector256.Abs(v - t), half),
                Vector256.ConditionalSelect(sign, v, Vector256<float>.One), Vector256<float>.Zero);
            var r = Vector256.Min(Vector256.Max(t + step + vzp, Vector256.Create(-128f)), Vector256.Create(127f));
            var ints = Vector256.ConvertToInt32(r);
            var shorts = Vector256.Narrow(ints, ints);
            var bytes = Vector256.Narrow(shorts, shorts);
            MemoryMarshal.Write(MemoryMarshal.AsBytes(dst.AsSpan(i, 8)), bytes.AsInt64().GetElement(0));
        }
        return i;
    }

    public static void Register(Dictionary<string, Func<QuantParameters, Kernel>> r)
    {
        r[QuantDomain.Quantize] = p =>
        {
            var scale = p.Scale(1, "scale");
            var zp = (int)p.ZeroPoint(2, "zero_point", allowInt16: false).Value;
            return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x) =>
            {
                var t = Expect(p, x[0]!, TensorDataType.Float32);
                var src = t.Array<float>();
                var dst = new sbyte[src.Length];
                for (var i = QuantizeBlocks(src, dst, scale, zp); i < src.Length; i++)
                {
                    if (float.IsNaN(src[i]))
                    {
                        throw p.Builder.Fail($"input element {i} is NaN (a quantized model takes finite inputs)");
                    }
                    dst[i] = QuantArithmetic.QuantizeInput(src[i], scale, zp);
                }
                return [Tensor.FromTrusted(TensorDataType.Int8, dst, t.Dims)];
            };
        };
        r[QuantDomain.Dequantize] = p =>
        {
            var scale = p.Scale(1, "scale");
            var zpTensor = p.Builder.Constant(2) ?? throw p.Bad(2, "zero_point", "an initializer", "none");
            var zp = p.Scalar(2, "zero_point", zpTensor.DataType);
            if (zpTensor.DataType is not (TensorDataType.Int8 or TensorDataType.Int16 or TensorDataType.Int32))
            {
                throw p.Bad(2, "zero_point", "INT8, INT16 or INT32", TensorDataTypes.Name(zpTensor.DataType));
            }
            return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x) =>
            {
                var t = Expect(p, x[0]!, zpTensor.DataType);
                var dst = new float[t.Length];
                switch (t.Buffer)
                {
                    case sbyte[] a:
                        for (var i = 0; i < dst.Length; i++)
                        {
                            dst[i] = QuantArithmetic.DequantizeOutput(a[i], zp, scale);
                        }
                        break;
                    default:
                        for (var i = 0; i < dst.Length; i++)
                        {
                            dst[i] = QuantArithmetic.DequantizeOutput((long)t.GetDouble(i), zp, scale);
                        }
                        break;
                }
                return [Tensor.FromTrusted(TensorDataType.Float32, dst, t.Dims)];
            };
        };
    }

    /// <summary><paramref name="t"/> when it has element type <paramref name="type"/>, else a node error.</summary>
    public static Tensor Expect(QuantParameters p, Tensor t, TensorDataType type) =>
        t.DataType == type ? t : throw p.Builder.Fail($"expected a {TensorDataTypes.Name(type)} input, got {TensorDataTypes.Name(t.DataType)} {t.ShapeText}");
}
