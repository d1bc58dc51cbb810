namespace Provenant.Inference.Tensors;

/// <summary>Shape arithmetic: element counts, strides, numpy broadcasting, axis normalisation.</summary>
public static class TensorShape
{
    /// <summary>Product of the dimensions (1 for a scalar).</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the product exceeds <see cref="int.MaxValue"/>.</exception>
    public static int Size(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"negative dimension in {ToText(shape)}");
            }
            n *= d;
            if (n > int.MaxValue)
            {
                throw new ArgumentException($"shape {ToText(shape)} has more than {int.MaxValue} elements");
            }
        }
        return (int)n;
    }

    /// <summary>Row-major strides in elements.</summary>
    public static int[] Strides(ReadOnlySpan<int> shape)
    {
        var s = new int[shape.Length];
        var acc = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /// <summary>
    /// The numpy broadcast of two shapes (align trailing dimensions; sizes equal or one of them 1), or
    /// null when they are incompatible.
    /// </summary>
    public static int[]? Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var r = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da == db || db == 1)
            {
                r[i] = da;
            }
            else if (da == 1)
            {
                r[i] = db;
            }
            else
            {
                return null;
            }
        }
        return r;
    }

    /// <summary>Normalises a possibly negative axis into [0, rank); null when out of range.</summary>
    public static int? NormalizeAxis(long axis, int rank)
    {
        var a = axis < 0 ? axis + rank : axis;
        return a >= 0 && a < rank ? (int)a : null;
    }

    /// <summary>Shape as text, e.g. <c>[1,3,28,28]</c>.</summary>
    public static string ToText(ReadOnlySpan<int> shape)
    {
        var parts = new string[shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            parts[i] = shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return "[" + string.Join(",", parts) + "]";
    }

    /// <summary>Whether two shapes are equal.</summary>
    public static bool SameAs(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);
}
