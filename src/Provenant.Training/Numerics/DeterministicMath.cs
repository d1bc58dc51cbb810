using System.Runtime.CompilerServices;
namespace Provenant.Training.Numerics;

/// <summary>
/// exp and log in double built from IEEE-754 +, −, ×, ÷ only (no runtime or C library calls), so the loss
/// and its gradient are bit-identical on every machine, not just on one. Accuracy is a few ulp of double,
/// far below the float32 rounding the results feed.
/// </summary>
internal static class DeterministicMath
{
    private const double Ln2 = 0.6931471805599453094;
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;

    /// <summary>e^x for finite x; 0 below −745, +∞ above 709.7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Exp(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }
        if (x < -745.0)
        {
            return 0.0;
        }
        if (x > 709.7)
        {
            return double.PositiveInfinity;
        }
        // x = k·ln2 + r with |r| ≤ ln2/2 (Cody–Waite split of ln2 keeps r exact to ~2^-60).
        var k = Math.Round(x / Ln2, MidpointRounding.ToEven);
        var r = (x - k * Ln2Hi) - k * Ln2Lo;
        // Taylor series of e^r to degree 17 (|r|^18/18! < 2^-70), Horner form.
        var p = 1.0;
        for (var n = 17; n >= 1; n--)
        {
            p = 1.0 + r * p / n;
        }
        return Scale(p, (int)k);
    }

    /// <summary>ln x for x &gt; 0 (−∞ at 0, NaN below).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Log(double x)
    {
        if (double.IsNaN(x) || x < 0)
        {
            return double.NaN;
        }
        if (x == 0)
        {
            return double.NegativeInfinity;
        }
        if (double.IsPositiveInfinity(x))
        {
            return x;
        }
        // x = m·2^e with m in [√½, √2); ln m = 2·atanh(z), z = (m−1)/(m+1), |z| ≤ 0.1716.
        var e = 0;
        var m = x;
        while (m < 1.0)
        {
            m *= 2.0;
            e--;
        }
        while (m >= 2.0)
        {
            m *= 0.5;
            e++;
        }
        if (m >= 1.4142135623730951)
        {
            m *= 0.5;
            e++;
        }
        var z = (m - 1.0) / (m + 1.0);
        var z2 = z * z;
        var s = 0.0;
        for (var n = 29; n >= 1; n -= 2)
        {
            s = 1.0 / n + z2 * s;
        }
        return (e * Ln2Hi + 2.0 * z * s) + e * Ln2Lo;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Scale(double v, int k)
    {
        // Multiply by 2^k in steps that stay normal, each exact.
        while (k > 1000)
        {
            v *= BitConverter.Int64BitsToDouble((long)(1023 + 1000) << 52);
            k -= 1000;
        }
        while (k < -1000)
        {
            v *= BitConverter.Int64BitsToDouble((long)(1023 - 1000) << 52);
            k += 1000;
        }
        return v * BitConverter.Int64BitsToDouble((long)(1023 + k) << 52);
    }
}
