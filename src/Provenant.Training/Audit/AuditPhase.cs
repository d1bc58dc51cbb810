namespace Provenant.Training.Audit;

/// <summary>Wall time of one phase of an audit (<see cref="AuditReport.Phases"/>).</summary>
/// <param name="Name">The phase: <c>dataset</c>, <c>log</c>, <c>training source</c>, <c>trainer</c>, <c>batches</c>, <c>record indices</c>,
/// <c>flops and checkpoint files</c>, <c>initial state</c>, <c>re-execution</c> or <c>final model</c>.</param>
/// <param name="Seconds">Elapsed wall-clock seconds.</param>
/// <param name="CpuSeconds">CPU seconds the process used meanwhile (all its threads, JIT and GC included): the cost on a
/// machine shared with other work, where wall time mostly measures waiting.</param>
public sealed record AuditPhase(string Name, double Seconds, double CpuSeconds);
