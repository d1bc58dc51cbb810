using System.Numerics;

namespace Provenant.Inference.Integer;

/// <summary>
/// int32 dot products. Integer addition is associative, and callers bound every partial sum below 2^31
/// at load, so the result is the same for any vector width (including none, with hardware intrinsics
/// disabled) and any lane order.
/// </summary>
internal static class IntegerDot
{
    /// <summary>Σ a[i] · b[i] over the common length.</summary>
    public static int Dot(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var n = a.Length;
        var i = 0;
        var s = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<int>.Count)
        {
            var acc = Vector<int>.Zero;
            for (; i <= n - Vector<int>.Count; i += Vector<int>.Count)
            {
                acc += new Vector<int>(a[i..]) * new Vector<int>(b[i..]);
            }
            s = Vector.Sum(acc);
        }
        for (; i < n; i++)
        {
            s += a[i] * b[i];
        }
        return s;
    }
}
