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

    /// <summary>The forged segment count for a forged fraction: ⌈fraction · segments⌉.</summary>
    public static int ForgedCount(double fraction, int segments) => (int)Math.Min(segments, Math.Ceiling(fraction * segments));
}
