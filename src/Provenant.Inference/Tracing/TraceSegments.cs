using Provenant.Inference.Graph;

namespace Provenant.Inference.Tracing;

/// <summary>
/// How a format-3 commitment cuts a graph's n nodes (topological order) into m = ⌈n / 2^g⌉ segments of 2^g consecutive
/// nodes (the last may be shorter), and what each segment exports: every output of one of its nodes that a node of
/// another segment reads, or that is a graph output, in node order then output order (docs/execution-traces.md
/// §Format 3). A node reads only values of its own segment, exports of earlier segments, graph inputs and weights, so
/// the exports of segments before j and the inputs are the whole state segment j starts from, whatever the graph's
/// skip connections. Derived from the structure alone: claimant, challenger and referee compute the same.
/// </summary>
public sealed class TraceSegments
{
    private readonly SegmentExport[][] _exports;
    private readonly Dictionary<string, (int Node, int Output)> _producer;

    private readonly int[] _outputCounts;

    private TraceSegments(int nodeCount, int segmentBits, SegmentExport[][] exports, Dictionary<string, (int Node, int Output)> producer, int[] outputCounts)
    {
        _outputCounts = outputCounts;
        NodeCount = nodeCount;
        SegmentBits = segmentBits;
        _exports = exports;
        _producer = producer;
        var exporting = new bool[nodeCount];
        foreach (var e in exports.SelectMany(x => x)) exporting[e.Node] = true;
        ExportingNodes = exporting;
    }

    /// <summary>Segments the nodes given by their input and output value names.</summary>
    /// <param name="nodeInputs">Per node (topological order) the value names it reads ("" for an omitted input).</param>
    /// <param name="nodeOutputs">Per node the value names it produces ("" for an omitted output).</param>
    /// <param name="graphOutputs">The graph's output names.</param>
    /// <param name="segmentBits">g: segments hold 2^g nodes; 0 to <see cref="TraceFormat.MaxSegmentBits"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">No nodes, more than <see cref="TraceFormat.MaxNodes"/>, or g out of range.</exception>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static TraceSegments Create(IReadOnlyList<IReadOnlyList<string>> nodeInputs, IReadOnlyList<IReadOnlyList<string>> nodeOutputs,
        IReadOnlyList<string> graphOutputs, int segmentBits)
    {
        ArgumentNullException.ThrowIfNull(nodeInputs);
        ArgumentNullException.ThrowIfNull(nodeOutputs);
        ArgumentNullException.ThrowIfNull(graphOutputs);
        var n = nodeOutputs.Count;
        if (nodeInputs.Count != n) throw new ArgumentException("one input list and one output list per node are needed", nameof(nodeInputs));
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1, nameof(nodeOutputs));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, TraceFormat.MaxNodes, nameof(nodeOutputs));
        ArgumentOutOfRangeException.ThrowIfNegative(segmentBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(segmentBits, TraceFormat.MaxSegmentBits);
        var producer = new Dictionary<string, (int Node, int Output)>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < nodeOutputs[i].Count; j++)
            {
                if (nodeOutputs[i][j].Length > 0) producer[nodeOutputs[i][j]] = (i, j);
            }
        }
        var exported = new HashSet<(int Node, int Output)>();
        for (var i = 0; i < n; i++)
        {
            foreach (var name in nodeInputs[i])
            {
                if (name.Length > 0 && producer.TryGetValue(name, out var p) && p.Node >> segmentBits != i >> segmentBits) exported.Add(p);
            }
        }
        foreach (var name in graphOutputs)
        {
            if (producer.TryGetValue(name, out var p)) exported.Add(p);
        }
        var m = (int)(((long)n + (1L << segmentBits) - 1) >> segmentBits);
        var exports = new SegmentExport[m][];
        for (var s = 0; s < m; s++)
        {
            exports[s] = exported.Where(p => p.Node >> segmentBits == s).OrderBy(p => p.Node).ThenBy(p => p.Output)
                .Select(p => new SegmentExport(p.Node, p.Output)).ToArray();
        }
        return new TraceSegments(n, segmentBits, exports, producer, nodeOutputs.Select(o => o.Count).ToArray());
    }

    /// <summary>Segments a model graph's nodes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Create(IReadOnlyList{IReadOnlyList{string}}, IReadOnlyList{IReadOnlyList{string}}, IReadOnlyList{string}, int)"/>.</exception>
    public static TraceSegments Create(ModelGraph graph, int segmentBits)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return Create(graph.Nodes.Select(x => x.Inputs).ToArray(), graph.Nodes.Select(x => x.Outputs).ToArray(),
            graph.Outputs.Select(v => v.Name).ToArray(), segmentBits);
    }

    /// <summary>
    /// The default segment-size exponent for n nodes: g = ⌈log2 n⌉ − 1 (0 for n ≤ 2), i.e. two segments, the first of
    /// 2^g nodes (docs/disputes.md §Choosing g). Segment boundaries for g + 1 are a subset of those for g, so the
    /// exports a claim hashes only shrink as g grows; what a larger g costs is dispute-time work of the parties (each
    /// computes one segment's per-node leaves, at most 2^g nodes, once) and nothing of the referee's. Two segments
    /// rather than one keep the graph's middle state committed in the claim.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 1.</exception>
    public static int DefaultSegmentBits(int nodeCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 1);
        var log = nodeCount <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(nodeCount - 1));
        return Math.Max(0, log - 1);
    }

    /// <summary>Per node, whether it exports any output (its outputs are kept by a trace made with a re-executor).</summary>
    public IReadOnlyList<bool> ExportingNodes { get; }

    /// <summary>The node and output position producing <paramref name="valueName"/>, or null for inputs and weights.</summary>
    public (int Node, int Output)? Producer(string valueName) => _producer.TryGetValue(valueName, out var p) ? p : null;

    /// <summary>n: nodes segmented.</summary>
    public int NodeCount { get; }

    /// <summary>g: a segment holds 2^g nodes.</summary>
    public int SegmentBits { get; }

    /// <summary>m = ⌈n / 2^g⌉.</summary>
    public int Count => _exports.Length;

    /// <summary>The first node of segment <paramref name="segment"/>.</summary>
    public int Start(int segment) => segment << SegmentBits;

    /// <summary>Nodes in segment <paramref name="segment"/> (2^g, or fewer for the last).</summary>
    public int Size(int segment) => Math.Min(NodeCount - Start(segment), 1 << SegmentBits);

    /// <summary>The segment node <paramref name="node"/> belongs to.</summary>
    public int SegmentOf(int node) => node >> SegmentBits;

    /// <summary>Output slots of node <paramref name="node"/> (omitted outputs included).</summary>
    public int OutputCount(int node) => _outputCounts[node];

    /// <summary>
    /// Leaves of segment <paramref name="segment"/>'s fine tree: one version-2 leaf per node when
    /// <paramref name="chunkBits"/> is 0; otherwise 2^h chunk leaves per output slot, slots in node then output order
    /// (docs/execution-traces.md §Chunked node leaves).
    /// </summary>
    public int FineLeafCount(int segment, int chunkBits)
    {
        if (chunkBits == 0) return Size(segment);
        var slots = 0;
        for (var k = Start(segment); k < Start(segment) + Size(segment); k++) slots += _outputCounts[k];
        return slots << chunkBits;
    }

    /// <summary>
    /// Chunked fine tree (h &gt; 0): the fan-out F of segment <paramref name="segment"/>'s bisection — once the disputed
    /// subtree has at most F leaves both parties reveal all of them in one round. F = 2^(h + k) with k the fewest extra
    /// halvings saved so that the whole game takes at most ⌈log2 n⌉ rounds: ⌈log2 m⌉ rounds over segments, then
    /// ⌈log2(S · 2^h)⌉ − (h + k) halvings and one reveal, for S output slots; k = max(0, ⌈log2 m⌉ + ⌈log2 S⌉ + 1 − ⌈log2 n⌉).
    /// 0 when <paramref name="chunkBits"/> is 0.
    /// </summary>
    public int FineFanOut(int segment, int chunkBits)
    {
        if (chunkBits == 0) return 0;
        var slots = FineLeafCount(segment, chunkBits) >> chunkBits;
        var k = Math.Max(0, CeilLog2(Count) + CeilLog2(slots) + 1 - CeilLog2(NodeCount));
        return 1 << Math.Min(30, chunkBits + k);
    }

    private static int CeilLog2(int x) => x <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(x - 1));

    /// <summary>Chunked fine tree (h &gt; 0): the output slot of segment <paramref name="segment"/> at slot index <paramref name="slot"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such slot.</exception>
    public (int Node, int Output) Slot(int segment, int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        for (var k = Start(segment); k < Start(segment) + Size(segment); k++)
        {
            if (slot < _outputCounts[k]) return (k, slot);
            slot -= _outputCounts[k];
        }
        throw new ArgumentOutOfRangeException(nameof(slot), "past the segment's output slots");
    }

    /// <summary>Chunked fine tree: the slot index of output <paramref name="output"/> of <paramref name="node"/> within its segment.</summary>
    public int SlotIndex(int node, int output)
    {
        var slot = output;
        for (var k = Start(SegmentOf(node)); k < node; k++) slot += _outputCounts[k];
        return slot;
    }

    /// <summary>What segment <paramref name="segment"/> exports, in node then output order.</summary>
    public IReadOnlyList<SegmentExport> Exports(int segment) => _exports[segment];
}
