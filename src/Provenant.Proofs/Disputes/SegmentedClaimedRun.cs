using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Proofs.Disputes;

/// <summary>A format-3 claim and what its maker keeps to defend it: the segmented trace with every node's outputs.</summary>
/// <param name="Claim">The claim (unsigned).</param>
/// <param name="Trace">The segmented trace.</param>
/// <param name="Outputs">The graph outputs in declared order.</param>
public sealed record SegmentedClaimedRun(InferenceClaim Claim, SegmentedTrace Trace, IReadOnlyList<KeyValuePair<string, Tensor>> Outputs);
