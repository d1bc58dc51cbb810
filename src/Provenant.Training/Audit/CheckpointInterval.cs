namespace Provenant.Training.Audit;

/// <summary>
/// The checkpoint interval K that lets a sampled audit reach a detection target within a re-execution budget
/// (docs/training.md, "Choosing the checkpoint interval"). With N steps and M = ⌈N/K⌉ segments of which F = ⌈φM⌉ are
/// forged, the audit needs n = <see cref="EscapeProbability.SampleSizeFor"/>(M, F, 1 − detection) segments, about
/// ln(1 − detection)/ln(1 − φ) ≈ 44 for φ = 0.1 and 0.99 whatever M is, and re-executes about n·K steps. K is the
/// largest interval with n·K ≤ budget · N; for a run too short for that even at K = 1 it is 1 (the most segments,
/// the best detection a budget allows).
/// </summary>
public static class CheckpointInterval
{
    /// <summary>The largest K ≥ 1 meeting the target (1 when none does).</summary>
    /// <param name="totalSteps">Steps in the run, N ≥ 1.</param>
    /// <param name="forgedFraction">φ in (0, 1], the forged fraction of segments to catch (default 0.1).</param>
    /// <param name="detection">Probability of catching such a run, in (0, 1) (default 0.99).</param>
    /// <param name="stepBudget">Largest fraction of the steps the audit may re-execute, in (0, 1] (default 0.05).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument out of its range.</exception>
    public static int For(long totalSteps, double forgedFraction = 0.1, double detection = 0.99, double stepBudget = 0.05)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        if (!(forgedFraction > 0 && forgedFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(forgedFraction), "the forged fraction lies in (0, 1]");
        if (!(detection > 0 && detection < 1)) throw new ArgumentOutOfRangeException(nameof(detection), "the detection probability lies in (0, 1)");
        if (!(stepBudget > 0 && stepBudget <= 1)) throw new ArgumentOutOfRangeException(nameof(stepBudget), "the step budget lies in (0, 1]");
        var best = 1;
        var max = (int)Math.Min(totalSteps, int.MaxValue);
        for (var k = 1; k <= max; k++)
        {
            if (ReExecutedSteps(totalSteps, k, forgedFraction, detection) > stepBudget * totalSteps) break;
            best = k;
        }
        return best;
    }

    /// <summary>
    /// Steps a detection-targeted audit re-executes at interval <paramref name="interval"/>: n·K for the n segments it
    /// samples, taken as full K-step segments (an upper bound: the last segment may be shorter). n is every segment when
    /// no smaller sample reaches the target.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An argument out of its range.</exception>
    public static long ReExecutedSteps(long totalSteps, int interval, double forgedFraction = 0.1, double detection = 0.99)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, 1);
        var segments = (int)Math.Min((totalSteps + interval - 1) / interval, int.MaxValue);
        var forged = EscapeProbability.ForgedCount(forgedFraction, segments);
        var n = EscapeProbability.SampleSizeFor(segments, forged, 1 - detection);
        return (long)n * interval;
    }
}
