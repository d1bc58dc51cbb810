using System.Numerics;
using Provenant.Formats.Onnx;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Engine.Kernels;

/// <summary>
/// Cast and CastLike (ONNX Cast-6…25) between the supported types. Rules: float → integer truncates
/// toward zero (out-of-range saturates, which ONNX leaves undefined); integer → narrower integer wraps
/// (two's complement); x → bool is x ≠ 0; bool → number is 0/1; float → float16 rounds to nearest
/// even; float → bfloat16 rounds to nearest even with NaN → 0x7FC0. FLOAT8, 4-/2-bit and STRING
/// targets are rejected as unsupported when the kernel is built.
/// </summary>
internal static class CastKernels
{
    public static void Register(Dictionary<string, Func<KernelBuilder, Kernel>> r)
    {
        r["Cast"] = b =>
        {
            var to = b.Attr.Int("to", 0);
            if (!OnnxDataTypes.IsKnown((int)to))
            {
                throw b.Fail($"attribute 'to' = {to} is not a data type");
            }
            var target = TensorDataTypes.FromOnnx((OnnxDataType)to, b.Node.ToString());
            return x => [Convert(b.Node, x[0]!, target)];
        };
        r["CastLike"] = b => x => [Convert(b.Node, x[0]!, x[1]!.DataType)];
    }

    /// <summary>Converts <paramref name="t"/> to <paramref name="target"/> (returns <paramref name="t"/> when the types match).</summary>
    public static Tensor Convert(GraphNode node, Tensor t, TensorDataType target)
    {
        if (t.DataType == target)
        {
            return t;
        }
        if (t.DataType == TensorDataType.BFloat16)
        {
            var bits = t.Array<ushort>();
            var f = new float[bits.Length];
            for (var i = 0; i < f.Length; i++)
            {
                f[i] = BFloat16Bits.ToSingle(bits[i]);
            }
            return Convert(node, Tensor.FromTrusted(TensorDataType.Float32, f, t.Dims), target);
        }
        if (t.DataType == TensorDataType.Bool)
        {
            var bs = t.Array<bool>();
            var u = new byte[bs.Length];
            for (var i = 0; i < u.Length; i++)
            {
                u[i] = bs[i] ? (byte)1 : (byte)0;
            }
            return Convert(node, Tensor.FromTrusted(TensorDataType.UInt8, u, t.Dims), target);
        }
        if (target == TensorDataType.BFloat16)
        {
            var f = Convert(node, t, TensorDataType.Float32).Array<float>();
            var bits = new ushort[f.Length];
            for (var i = 0; i < f.Length; i++)
            {
                bits[i] = BFloat16Bits.FromSingle(f[i]);
            }
            return Tensor.FromTrusted(TensorDataType.BFloat16, bits, t.Dims);
        }
        if (target == TensorDataType.Bool)
        {
            var d = ToDouble(node, t, 0);
            var o = new bool[d.Length];
            for (var i = 0; i < o.Length; i++)
            {
                o[i] = d[i] != 0;
            }
            return Tensor.FromTrusted(TensorDataType.Bool, o, t.Dims);
        }
        return TypeDispatch.Numeric<FromVisitor, Tensor>(t.DataType, new FromVisitor(node, t, target), node, 0);
    }

    /// <summary>The elements as double (bool 0/1; bfloat16 and float16 widened exactly).</summary>
    public static double[] ToDouble(GraphNode node, Tensor t, int input)
    {
        if (t.DataType is TensorDataType.Bool or TensorDataType.BFloat16)
        {
            var d = new double[t.Length];
            for (var i = 0; i < d.Length; i++)
            {
                d[i] = t.GetDouble(i);
            }
            return d;
        }
        return Convert(node, t, TensorDataType.Float64).Array<double>();
    }

    /// <summary>A tensor of <paramref name="type"/> from doubles (integers truncate toward zero).</summary>
    public static Tensor FromDouble(GraphNode node, double[] values, int[] shape, TensorDataType type) =>
        Convert(node, Tensor.FromTrusted(TensorDataType.Float64, values, shape), type);

    private readonly struct FromVisitor(GraphNode node, Tensor t, TensorDataType target) : INumericVisitor<Tensor>
    {
        public Tensor Visit<TFrom>() where TFrom : unmanaged, INumber<TFrom>, IMinMaxValue<TFrom> =>
            TypeDispatch.Numeric<ToVisitor<TFrom>, Tensor>(target, new ToVisitor<TFrom>(t, target), node, 0);
    }

    private readonly struct ToVisitor<TFrom>(Tensor t, TensorDataType target) : INumericVisitor<Tensor>
        where TFrom : unmanaged, INumber<TFrom>
    {
        public Tensor Visit<TTo>() where TTo : unmanaged, INumber<TTo>, IMinMaxValue<TTo>
        {
            var s = t.Array<TFrom>();
            var o = new TTo[s.Length];
            var fromFloat = TensorDataTypes.IsFloat(t.DataType);
            var toFloat = TensorDataTypes.IsFloat(target);
            if (fromFloat && !toFloat)
            {
                for (var i = 0; i < s.Length; i++)
                {
                    // NaN has no integer value; ONNX leaves it undefined. Map it to 0 rather than an arbitrary bit pattern.
                    o[i] = TFrom.IsNaN(s[i]) ? TTo.Zero : TTo.CreateSaturating(s[i]);
                }
            }
            else
            {
                for (var i = 0; i < s.Length; i++)
                {
                    o[i] = TTo.CreateTruncating(s[i]);
                }
            }
            return Tensor.FromTrusted(target, o, t.Dims);
        }
    }
}
