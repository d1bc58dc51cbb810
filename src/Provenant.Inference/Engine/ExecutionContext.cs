namespace Provenant.Inference.Engine;

/// <summary>
/// Parallelism policy shared by kernels. <see cref="For"/> splits a range of independent output rows
/// into contiguous chunks; each row is computed entirely by one thread in a fixed order, so results are
/// identical for every thread count.
/// </summary>
internal sealed class ExecutionContext
{
    /// <summary>Below this many multiply-adds a range runs on the calling thread (Parallel.For costs several µs).</summary>
    private const long ParallelThreshold = 1 << 18;

    private readonly ParallelOptions _parallel;

    public ExecutionContext(EngineOptions options, bool singleRun = false)
    {
        Threads = options.Threads;
        SingleRun = singleRun;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = Threads };
    }

    public int Threads { get; }

    /// <summary>
    /// True when each kernel built in this context runs once (a single node re-executed alone, e.g. by a dispute
    /// referee): factories then skip precomputation that pays off only over many runs (packed weights, whole-domain
    /// tables) and compute the same integers directly. The results are bit-identical either way.
    /// </summary>
    public bool SingleRun { get; }

    /// <summary>True when <see cref="For"/> would run the whole range on the calling thread (callers can then skip building its delegate).</summary>
    public bool RunsInline(int count, long costPerItem) => Threads <= 1 || count < 2 || count * Math.Max(1, costPerItem) < ParallelThreshold;

    /// <summary>Runs <paramref name="body"/>(start, end) over [0, count) in chunks; <paramref name="costPerItem"/> sizes the decision.</summary>
    public void For(int count, long costPerItem, Action<int, int> body)
    {
        if (RunsInline(count, costPerItem))
        {
            body(0, count);
            return;
        }
        var chunks = Math.Min(count, Threads * 4);
        Parallel.For(0, chunks, _parallel, c =>
        {
            var start = (int)((long)count * c / chunks);
            var end = (int)((long)count * (c + 1) / chunks);
            if (end > start)
            {
                body(start, end);
            }
        });
    }
}
