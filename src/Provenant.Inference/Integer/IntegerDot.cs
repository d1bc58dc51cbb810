using System.Runtime.CompilerServices;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// y[j, p] = bias[j] + Σ_r w[j, r] · col[r, p] for up to 4 rows j of <paramref name="weights"/> ([rows, patch])
    /// and all <paramref name="positions"/> columns of <paramref name="col"/> ([patch, positions]); y is
    /// [rows, positions]. Four accumulator vectors per column block stay in registers over the patch loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyRows(int[] col, int patch, int positions, ReadOnlySpan<int> weights, ReadOnlySpan<int> bias, Span<int> y)
    {
        var rows = bias.Length;
        var p = 0;
        if (Vector.IsHardwareAccelerated && rows == 4)
        {
            var width = Vector<int>.Count;
            for (; p <= positions - width; p += width)
            {
                Vector<int> a0 = new(bias[0]), a1 = new(bias[1]), a2 = new(bias[2]), a3 = new(bias[3]);
                for (var r = 0; r < patch; r++)
                {
                    var c = new Vector<int>(col, r * positions + p);
                    a0 += c * weights[r];
                    a1 += c * weights[patch + r];
                    a2 += c * weights[2 * patch + r];
                    a3 += c * weights[3 * patch + r];
                }
                a0.CopyTo(y[p..]);
                a1.CopyTo(y[(positions + p)..]);
                a2.CopyTo(y[(2 * positions + p)..]);
                a3.CopyTo(y[(3 * positions + p)..]);
            }
        }
        for (var j = 0; j < rows; j++)
        {
            for (var q = p; q < positions; q++)
            {
                var s = bias[j];
                for (var r = 0; r < patch; r++)
                {
                    s += weights[j * patch + r] * col[r * positions + q];
                }
                y[j * positions + q] = s;
            }
        }
    }
}
