namespace Provenant.Training;

/// <summary>How a run executes (never what it computes: results are identical for every value).</summary>
/// <param name="Threads">Worker threads, ≥ 1.</param>
public sealed record TrainingOptions(int Threads = 1);
