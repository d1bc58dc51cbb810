using Provenant.Inference.Tracing;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// Where a format-3 opening may come from (docs/disputes.md §Format 3): values produced in segments before
/// <paramref name="Segment"/> are opened as exports against the claim's segment root; values produced in
/// <paramref name="Segment"/> itself as version-2 entries under <paramref name="FineRoot"/> (the claimant's root over
/// that segment's per-node leaves), or not at all when it is null.
/// </summary>
/// <param name="Segments">The claim's segmentation.</param>
/// <param name="Segment">The disputed segment (or <c>Segments.Count</c> for the graph outputs: every segment is earlier).</param>
/// <param name="FineRoot">The fine root of <paramref name="Segment"/> the bisection agreed on up to the disputed node, or null.</param>
/// <param name="ChunkBits">The claim's h: with h &gt; 0 values of <paramref name="Segment"/> are opened as chunks or whole slots of its chunked fine tree.</param>
internal sealed record SegmentScope(TraceSegments Segments, int Segment, byte[]? FineRoot, int ChunkBits = 0);
