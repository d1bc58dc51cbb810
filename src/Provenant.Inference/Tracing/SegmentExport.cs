namespace Provenant.Inference.Tracing;

/// <summary>One value a trace segment exports (docs/execution-traces.md §Format 3): output <paramref name="Output"/> of node <paramref name="Node"/>.</summary>
/// <param name="Node">The producing node's id (topological position).</param>
/// <param name="Output">The output position on that node.</param>
public readonly record struct SegmentExport(int Node, int Output);
