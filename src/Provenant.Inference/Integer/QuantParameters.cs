using Provenant.Core.Errors;
using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// Reads a quantized node's parameter inputs (zero points, multipliers, shifts, tables, weights) at load.
/// Parameters must be initializers of the documented type and shape; anything else is a
/// <see cref="ProvenantFormatException"/> naming the node and input, so a bad model fails before it runs.
/// </summary>
internal sealed class QuantParameters(KernelBuilder builder)
{
    public KernelBuilder Builder { get; } = builder;

    /// <summary>A format error for input <paramref name="index"/> (<paramref name="name"/>).</summary>
    public ProvenantFormatException Bad(int index, string name, string expected, string found) =>
        new(Builder.Node.ToString(), $"input {index} '{name}'", expected, found);

    /// <summary>The initializer at input <paramref name="index"/> with element type <paramref name="type"/>.</summary>
    public Tensor Constant(int index, string name, TensorDataType type)
    {
        if (!Builder.Node.HasInput(index))
        {
            throw Bad(index, name, $"a {TensorDataTypes.Name(type)} initializer", "no input");
        }
        var t = Builder.Constant(index) ?? throw Bad(index, name, $"a {TensorDataTypes.Name(type)} initializer", $"computed value '{Builder.Node.Inputs[index]}'");
        if (t.DataType != type)
        {
            throw Bad(index, name, TensorDataTypes.Name(type), TensorDataTypes.Name(t.DataType));
        }
        return t;
    }

    /// <summary>The optional initializer at input <paramref name="index"/>, or null when omitted.</summary>
    public Tensor? Optional(int index, string name, TensorDataType type) =>
        Builder.Node.HasInput(index) ? Constant(index, name, type) : null;

    /// <summary>A one-element initializer's value (a scalar or shape [1]).</summary>
    public long Scalar(int index, string name, TensorDataType type)
    {
        var t = Constant(index, name, type);
        if (t.Length != 1)
        {
            throw Bad(index, name, "one element (a scalar or shape [1])", $"shape {t.ShapeText}");
        }
        return ToInt64(t)[0];
    }

    /// <summary>A scalar zero point of int8 or int16 (whichever it is), with its type.</summary>
    public (long Value, TensorDataType Type) ZeroPoint(int index, string name, bool allowInt16)
    {
        var t = Builder.Node.HasInput(index) ? Builder.Constant(index) : null;
        var type = t?.DataType ?? TensorDataType.Int8;
        if (type != TensorDataType.Int8 && !(allowInt16 && type == TensorDataType.Int16))
        {
            throw Bad(index, name, allowInt16 ? "INT8 or INT16" : "INT8", TensorDataTypes.Name(type));
        }
        return (Scalar(index, name, type), type);
    }

    /// <summary>A float32 scale: one finite element &gt; 0.</summary>
    public float Scale(int index, string name)
    {
        var t = Constant(index, name, TensorDataType.Float32);
        var s = t.Length == 1 ? t.AsSpan<float>()[0] : throw Bad(index, name, "one element", $"shape {t.ShapeText}");
        if (!float.IsFinite(s) || s <= 0)
        {
            throw Bad(index, name, "a finite scale > 0", s.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return s;
    }

    /// <summary>Per-channel (or single) integer parameters, each in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long[] Vector(int index, string name, TensorDataType type, long min, long max)
    {
        var t = Constant(index, name, type);
        if (t.Rank > 1 || t.Length == 0)
        {
            throw Bad(index, name, "a scalar or a non-empty 1-D tensor", $"shape {t.ShapeText}");
        }
        var v = ToInt64(t);
        for (var i = 0; i < v.Length; i++)
        {
            if (v[i] < min || v[i] > max)
            {
                throw Bad(index, name, $"values in [{min}, {max}]", $"{v[i]} at element {i}");
            }
        }
        return v;
    }

    /// <summary>Elements of an integer tensor as int64.</summary>
    public static long[] ToInt64(Tensor t)
    {
        var r = GC.AllocateUninitializedArray<long>(t.Length);
        switch (t.Buffer)
        {
            case sbyte[] a:
                for (var i = 0; i < r.Length; i++) r[i] = a[i];
                break;
            case short[] a:
                for (var i = 0; i < r.Length; i++) r[i] = a[i];
                break;
            case int[] a:
                for (var i = 0; i < r.Length; i++) r[i] = a[i];
                break;
            case long[] a:
                a.AsSpan(0, r.Length).CopyTo(r);
                break;
            default:
                for (var i = 0; i < r.Length; i++) r[i] = (long)t.GetDouble(i);
                break;
        }
        return r;
    }

    /// <summary>An INT attribute restricted to 0 or 1.</summary>
    public bool Flag(string name)
    {
        var v = Builder.Attr.Int(name, 0);
        return v switch
        {
            0 => false,
            1 => true,
            _ => throw new ProvenantFormatException(Builder.Node.ToString(), $"attribute '{name}'", "0 or 1", v.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
    }
}
