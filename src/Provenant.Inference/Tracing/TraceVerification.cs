using Provenant.Core;

namespace Provenant.Inference.Tracing;

/// <summary>The outcome of <see cref="TraceVerifier.Verify"/>.</summary>
/// <param name="Result">Valid, or rejected with the reason (naming the first divergent node when there is one).</param>
/// <param name="DivergentNodeId">The first node whose recomputed entry differs from the trace's, or null (valid, or rejected before re-execution, or only the output digest differs).</param>
/// <param name="Claimed">The trace's entry for that node, or null.</param>
/// <param name="Recomputed">The re-executed entry for that node, or null.</param>
public sealed record TraceVerification(VerificationResult Result, int? DivergentNodeId = null, TraceNode? Claimed = null, TraceNode? Recomputed = null)
{
    /// <summary>Shorthand for <c>Result.IsValid</c>.</summary>
    public bool IsValid => Result.IsValid;
}
