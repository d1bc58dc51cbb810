using System.Globalization;
using Provenant.Formats.Datasets;

namespace Provenant.Inference.Quantization;

/// <summary>
/// Per-feature min–max scaling to [<see cref="Low"/>, <see cref="High"/>] (scikit-learn's MinMaxScaler),
/// for models trained on scaled features (the deep-prove Iris MLP takes iris features scaled to [−1, 1]):
/// x' = (x − min_f) / (max_f − min_f) · (High − Low) + Low in float32, min/max from a fitting dataset
/// (a constant feature maps to Low).
/// </summary>
public sealed class FeatureScaling
{
    private readonly float[] _min;
    private readonly float[] _range;

    private FeatureScaling(float[] min, float[] range, float low, float high)
    {
        _min = min;
        _range = range;
        Low = low;
        High = high;
    }

    /// <summary>Lower end of the target range.</summary>
    public float Low { get; }

    /// <summary>Upper end of the target range.</summary>
    public float High { get; }

    /// <summary>Fits per-feature min/max on <paramref name="data"/>.</summary>
    public static FeatureScaling Fit(LabelledDataset data, float low, float high)
    {
        var min = new float[data.FeatureCount];
        var max = new float[data.FeatureCount];
        Array.Fill(min, float.PositiveInfinity);
        Array.Fill(max, float.NegativeInfinity);
        var row = new float[data.FeatureCount];
        for (var i = 0; i < data.Count; i++)
        {
            data.CopyRow(i, row);
            for (var f = 0; f < row.Length; f++)
            {
                min[f] = Math.Min(min[f], row[f]);
                max[f] = Math.Max(max[f], row[f]);
            }
        }
        return new FeatureScaling(min, min.Select((m, f) => max[f] - m).ToArray(), low, high);
    }

    /// <summary>Parses <c>LO,HI</c> (e.g. <c>-1,1</c>); null when the text is malformed or LO ≥ HI.</summary>
    public static (float Low, float High)? ParseRange(string text)
    {
        var parts = text.Split(',');
        return parts.Length == 2
            && float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lo)
            && float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var hi)
            && float.IsFinite(lo) && float.IsFinite(hi) && lo < hi ? (lo, hi) : null;
    }

    /// <summary>Scales <paramref name="row"/> into <paramref name="destination"/> (same length; they may be the same span).</summary>
    public void Apply(ReadOnlySpan<float> row, Span<float> destination)
    {
        for (var f = 0; f < row.Length; f++)
        {
            destination[f] = _range[f] > 0 ? (row[f] - _min[f]) / _range[f] * (High - Low) + Low : Low;
        }
    }
}
