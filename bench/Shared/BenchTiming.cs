using System.Diagnostics;

namespace Provenant.Bench;

/// <summary>Timing helpers shared by the bench programs (linked into each project; not a library).</summary>
internal static class BenchTiming
{
    /// <summary>Runs <paramref name="action"/> once to warm up, then <paramref name="runs"/> times; the fastest run in milliseconds.</summary>
    public static double Best(int runs, Action action)
    {
        action();
        var best = double.MaxValue;
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
        }
        return best;
    }
}
