using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Proofs.Disputes;

/// <summary>A claim and what its maker keeps to defend it: the trace with every node's output tensors.</summary>
/// <param name="Claim">The claim (unsigned).</param>
/// <param name="Trace">The execution trace with tensors (<see cref="ExecutionTrace.Tensors"/> not null).</param>
/// <param name="Outputs">The graph outputs in declared order.</param>
public sealed record ClaimedRun(InferenceClaim Claim, ExecutionTrace Trace, IReadOnlyList<KeyValuePair<string, Tensor>> Outputs);
