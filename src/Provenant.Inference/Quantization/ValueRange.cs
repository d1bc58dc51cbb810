namespace Provenant.Inference.Quantization;

/// <summary>The observed [min, max] of a float value over calibration runs, widened to contain 0 (so real 0 is exactly representable).</summary>
/// <param name="Min">Smallest observed value, ≤ 0.</param>
/// <param name="Max">Largest observed value, ≥ 0.</param>
public readonly record struct ValueRange(double Min, double Max)
{
    /// <summary>The range of a single point (0 included).</summary>
    public static ValueRange Empty => new(0, 0);

    /// <summary>This range widened by the finite elements of <paramref name="values"/>.</summary>
    public ValueRange Include(ReadOnlySpan<float> values)
    {
        double lo = Min, hi = Max;
        foreach (var v in values)
        {
            if (float.IsFinite(v))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }
        return new ValueRange(lo, hi);
    }
}
