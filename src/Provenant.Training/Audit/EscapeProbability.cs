namespace Provenant.Training.Audit;

/// <summary>
/// How likely a run with forged segments escapes a uniform sample: with M segments of which F are forged and n
/// sampled without replacement, P(no forged segment sampled) = C(M−F, n) / C(M, n) = Π_{i&lt;n} (M−F−i)/(M−i)
/// (the zero term of the hypergeometric distribution). Exact re-execution catches every forged segment it samples,
/// so this is the escape probability of the audit (top-Q segments are extra and only lower it).
/// </summary>
public static class EscapeProbability
{
    /// <summary>P(no forged segment among <paramref name="sampled"/>) for <paramref name="forged"/> of <paramref name="segments"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Counts negative or larger than the segment count.</exception>
    public static double Of(int segments, int forged, int sampled)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(segments);
        ArgumentOutOfRangeException.ThrowIfNegative(forged);
        ArgumentOutOfRangeException.ThrowIfNegative(sampled);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(forged, segments);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampled, segments);
        var p = 1.0;
        for (var i = 0; i < sampled; i++)
        {
            p *= (double)(segments - forged - i) / (segments - i);
            if (p <= 0) return 0;
        }
        return p;
    }

    /// <summary>
    /// The fewest segments to sample so that <see cref="Of"/>(<paramref name="segments"/>, <paramref name="forged"/>, n) ≤
    /// <paramref name="maxEscape"/>; all segments when even that does not reach it (then the escape probability is 0
    /// if any segment is forged). 0 when no segment is forged.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Counts as for <see cref="Of"/>; <paramref name="maxEscape"/> outside (0, 1).</exception>
    public static int SampleSizeFor(int segments, int forged, double maxEscape)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(segments);
        ArgumentOutOfRangeException.ThrowIfNegative(forged);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(forged, segments);
        if (!(maxEscape > 0 && maxEscape < 1)) throw new ArgumentOutOfRangeException(nameof(maxEscape), "the escape probability bound lies in (0, 1)");
        if (forged == 0) return 0;
        var p = 1.0;
        for (var n = 0; n < segments; n++)
        {
            if (p <= maxEscape) return n;
            p *= (double)(segments - forged - n) / (segments - n);
        }
        return segments;
    }

    /// <summary>The forged segment count for a forged fraction: ⌈fraction · segments⌉.</summary>
    public static int ForgedCount(double fraction, int segments) => (int)Math.Min(segments, Math.Ceiling(fraction * segments));
}
