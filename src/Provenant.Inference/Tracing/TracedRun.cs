using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>The result of <see cref="TracedInference.Run"/>: the graph outputs in declared order and the trace.</summary>
/// <param name="Outputs">Graph outputs, in the graph's declared order.</param>
/// <param name="Trace">The execution trace (with tensors only when they were kept).</param>
public sealed record TracedRun(IReadOnlyList<KeyValuePair<string, Tensor>> Outputs, ExecutionTrace Trace);
