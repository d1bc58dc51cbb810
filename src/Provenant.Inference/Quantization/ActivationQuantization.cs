namespace Provenant.Inference.Quantization;

/// <summary>
/// Per-tensor asymmetric int8 parameters of an activation: real ≈ (q − <see cref="ZeroPoint"/>) ·
/// <see cref="Scale"/>. From a calibrated range [min, max] (containing 0): scale = (max − min) / 255
/// (1 when the range is a point), zero point = clamp(round(−128 − min / scale), −128, 127).
/// </summary>
/// <param name="Scale">Real value of one step (float32, &gt; 0).</param>
/// <param name="ZeroPoint">The int8 value representing real 0.</param>
public readonly record struct ActivationQuantization(float Scale, int ZeroPoint)
{
    /// <summary>Parameters covering <paramref name="range"/>.</summary>
    public static ActivationQuantization FromRange(ValueRange range)
    {
        var span = range.Max - range.Min;
        var scale = span > 0 ? (float)(span / 255) : 1f;
        if (scale <= 0 || !float.IsFinite(scale))
        {
            scale = 1f;
        }
        var zp = (int)Math.Clamp(Math.Round(-128 - range.Min / scale, MidpointRounding.AwayFromZero), -128, 127);
        return new ActivationQuantization(scale, zp);
    }
}
