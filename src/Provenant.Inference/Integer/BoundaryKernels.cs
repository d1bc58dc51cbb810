using System.Runtime.CompilerServices;
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
                for (var i = 0; i < src.Length; i++)
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
