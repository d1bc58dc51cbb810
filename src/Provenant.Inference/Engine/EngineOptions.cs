namespace Provenant.Inference.Engine;

/// <summary>Execution settings. Results never depend on them: work is split only over independent outputs.</summary>
/// <param name="MaxThreads">Worker threads for large operators; 0 means <see cref="Environment.ProcessorCount"/>.</param>
public sealed record EngineOptions(int MaxThreads = 0)
{
    /// <summary>Default options (all processors).</summary>
    public static EngineOptions Default { get; } = new();

    /// <summary>The effective thread count (≥ 1).</summary>
    public int Threads => MaxThreads > 0 ? MaxThreads : Environment.ProcessorCount;
}
