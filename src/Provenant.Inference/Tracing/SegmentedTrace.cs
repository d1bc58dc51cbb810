using Provenant.Core.Merkle;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// A format-3 (segmented) trace commitment with what its maker keeps to defend it (docs/execution-traces.md §Format 3):
/// one leaf per segment over the segment's exports (<see cref="TraceSegments"/>), the RFC 9162 root over those leaves,
/// and node outputs: every node's, or — when made with a node re-executor — only the exports and the inputs, a
/// segment's other outputs being recomputed by re-running its nodes from that state when a dispute asks for them
/// (<see cref="Outputs"/>). Making it hashes only the exports; a segment's per-node version-2 leaves
/// (<see cref="FineLeaves"/>) are computed on demand too. Not thread-safe.
/// </summary>
public sealed class SegmentedTrace
{
    private readonly ModelGraph _graph;
    private readonly byte[]?[][] _fine;
    private readonly IReadOnlyList<Tensor?>?[] _tensors;
    private readonly IReadOnlyDictionary<string, Tensor>? _inputs;
    private readonly NodeRerun? _rerun;

    private SegmentedTrace(ModelGraph graph, TraceSegments segments, byte[] modelDigest, byte[] inputDigest, byte[] outputDigest,
        IReadOnlyList<Tensor?>?[] tensors, TraceNodeHasher hasher, IReadOnlyDictionary<string, Tensor>? inputs = null, NodeRerun? rerun = null)
    {
        _graph = graph;
        Segments = segments;
        ModelDigest = modelDigest;
        InputDigest = inputDigest;
        OutputDigest = outputDigest;
        _tensors = tensors;
        _inputs = inputs;
        _rerun = rerun;
        var m = segments.Count;
        var leaves = new byte[m][];
        var packed = new byte[m * Rfc9162.HashSize];
        for (var s = 0; s < m; s++)
        {
            leaves[s] = hasher.SegmentLeaf(s, segments.Exports(s), Export);
            leaves[s].CopyTo(packed, s * Rfc9162.HashSize);
        }
        SegmentLeaves = leaves;
        Root = hasher.Root(packed, m);
        _fine = new byte[]?[m][];
    }

    /// <summary>
    /// Runs <paramref name="execute"/> on <paramref name="inputs"/>, keeping each node's outputs, and commits to the
    /// run in format 3: input digest, output digest (graph outputs in declared order), segment leaves and root.
    /// </summary>
    /// <param name="execute">The engine's run method.</param>
    /// <param name="graph">The graph it runs.</param>
    /// <param name="segments">The graph's segmentation (<see cref="TraceSegments.Create(ModelGraph, int)"/>).</param>
    /// <param name="modelDigest">SHA-256 of the model file, 32 bytes.</param>
    /// <param name="inputs">Input tensors by name.</param>
    /// <param name="cancellationToken">Passed to the engine.</param>
    /// <param name="rerun">Null: keep every node's outputs. Otherwise keep only the outputs of nodes that export
    /// something, and recompute a segment's other outputs with it when asked; it must compute exactly what
    /// <paramref name="execute"/> does for one node (the integer engine's single-node run does).</param>
    /// <returns>The graph outputs in declared order and the trace.</returns>
    /// <exception cref="Provenant.Core.Errors.ProvenantException">The engine rejects the inputs.</exception>
    /// <exception cref="InvalidOperationException">The engine skipped a node or left an exported output without a tensor.</exception>
    public static (IReadOnlyList<KeyValuePair<string, Tensor>> Outputs, SegmentedTrace Trace) Run(TraceExecutor execute, ModelGraph graph,
        TraceSegments segments, byte[] modelDigest, IReadOnlyDictionary<string, Tensor> inputs, CancellationToken cancellationToken = default,
        NodeRerun? rerun = null)
    {
        ArgumentNullException.ThrowIfNull(execute);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(inputs);
        var hasher = TraceNodeHasher.ForCurrentThread;
        var inputDigest = hasher.InputDigest(inputs);
        var tensors = new IReadOnlyList<Tensor?>?[graph.Nodes.Count];
        var seen = 0;
        // An array, not the interface: the callback runs once per node inside the timed claim.
        var exporting = rerun is null ? null : segments.ExportingNodes as bool[] ?? [.. segments.ExportingNodes];
        var produced = execute(inputs, (node, outs) =>
        {
            seen++;
            if (exporting is null || exporting[node.Id]) tensors[node.Id] = outs.ToArray();
        }, cancellationToken);
        var ordered = new KeyValuePair<string, Tensor>[graph.Outputs.Count];
        for (var i = 0; i < ordered.Length; i++) ordered[i] = new(graph.Outputs[i].Name, produced[graph.Outputs[i].Name]);
        if (seen != graph.Nodes.Count) throw new InvalidOperationException($"the engine reported {seen} of {graph.Nodes.Count} nodes");
        return (ordered, new SegmentedTrace(graph, segments, modelDigest, inputDigest, hasher.OutputDigest(ordered), tensors, hasher, inputs, rerun));
    }

    /// <summary>The commitment to given node outputs (tests build cheating traces with it; an honest trace comes from <see cref="Run"/>).</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="segments">Its segmentation.</param>
    /// <param name="modelDigest">SHA-256 of the model file.</param>
    /// <param name="inputDigest">The input digest.</param>
    /// <param name="tensors">Per node its outputs.</param>
    /// <param name="outputs">The graph outputs in declared order (for the output digest).</param>
    /// <exception cref="InvalidOperationException">An exported output has no tensor.</exception>
    public static SegmentedTrace FromTensors(ModelGraph graph, TraceSegments segments, byte[] modelDigest, byte[] inputDigest,
        IReadOnlyList<IReadOnlyList<Tensor?>> tensors, IReadOnlyList<KeyValuePair<string, Tensor>> outputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(outputs);
        if (tensors.Count != graph.Nodes.Count) throw new ArgumentException("one output list per node is needed", nameof(tensors));
        var hasher = TraceNodeHasher.ForCurrentThread;
        return new SegmentedTrace(graph, segments, modelDigest, inputDigest, hasher.OutputDigest(outputs), tensors.ToArray(), hasher);
    }

    /// <summary>
    /// A trace rebuilt from what a claimant stored (<see cref="SegmentedTraceFile"/>): the outputs of every node that
    /// exports something, the graph inputs and a node re-executor for the rest. The segment leaves, root and output
    /// digest are recomputed from the kept exports; the caller compares them with the claim.
    /// </summary>
    /// <param name="graph">The graph.</param>
    /// <param name="segments">Its segmentation.</param>
    /// <param name="modelDigest">SHA-256 of the model file.</param>
    /// <param name="inputs">The graph inputs the run was made on (their digest becomes <see cref="InputDigest"/>).</param>
    /// <param name="kept">Per node: all its outputs for a node that exports (<see cref="TraceSegments.ExportingNodes"/>), null otherwise.</param>
    /// <param name="rerun">Recomputes a node exactly as the claim's engine did.</param>
    /// <exception cref="ArgumentException">A node that exports has no kept outputs, or one that does not has some, or a graph output has no producer.</exception>
    public static SegmentedTrace FromExports(ModelGraph graph, TraceSegments segments, byte[] modelDigest, IReadOnlyDictionary<string, Tensor> inputs,
        IReadOnlyList<IReadOnlyList<Tensor?>?> kept, NodeRerun rerun)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(rerun);
        if (kept.Count != graph.Nodes.Count) throw new ArgumentException("one entry per node is needed", nameof(kept));
        for (var i = 0; i < kept.Count; i++)
        {
            if ((kept[i] is not null) != segments.ExportingNodes[i]) throw new ArgumentException($"node {i}: outputs are kept exactly for the nodes that export", nameof(kept));
        }
        var outputs = graph.Outputs.Select(o => segments.Producer(o.Name) is { } p && kept[p.Node]![p.Output] is { } t
            ? new KeyValuePair<string, Tensor>(o.Name, t) : throw new ArgumentException($"graph output '{o.Name}' is not a kept node output", nameof(kept))).ToArray();
        var hasher = TraceNodeHasher.ForCurrentThread;
        return new SegmentedTrace(graph, segments, modelDigest, hasher.InputDigest(inputs), hasher.OutputDigest(outputs), kept.ToArray(), hasher, inputs, rerun);
    }

    /// <summary>The segmentation.</summary>
    public TraceSegments Segments { get; }

    /// <summary>SHA-256 of the model file.</summary>
    public byte[] ModelDigest { get; }

    /// <summary>The input digest (<see cref="TraceEncoding.InputDigest"/>).</summary>
    public byte[] InputDigest { get; }

    /// <summary>The output digest (<see cref="TraceEncoding.OutputDigest"/>).</summary>
    public byte[] OutputDigest { get; }

    /// <summary>
    /// Node <paramref name="node"/>'s outputs: kept, or recomputed (with its whole segment, from the kept exports of
    /// earlier segments, the inputs and the weights) by the node re-executor the trace was made with, then kept.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not kept and no re-executor.</exception>
    public IReadOnlyList<Tensor?> Outputs(int node)
    {
        if (_tensors[node] is { } kept) return kept;
        RecomputeSegment(Segments.SegmentOf(node));
        return _tensors[node]!;
    }

    /// <summary>How many nodes' outputs are held now (all of them unless made with a re-executor).</summary>
    public int KeptNodes => _tensors.Count(t => t is not null);

    // Re-runs segment j's nodes in order; every value they read is an export of an earlier segment (kept), a graph
    // input, a weight or an output of an earlier node of j (recomputed first, or kept).
    private void RecomputeSegment(int j)
    {
        if (_rerun is null) throw new InvalidOperationException($"segment {j}'s outputs were not kept and the trace has no node re-executor");
        var start = Segments.Start(j);
        for (var i = start; i < start + Segments.Size(j); i++)
        {
            if (_tensors[i] is not null) continue;
            var node = _graph.Nodes[i];
            var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var name in node.Inputs)
            {
                if (name.Length == 0 || values.ContainsKey(name)) continue;
                values[name] = _graph.Initializers.TryGetValue(name, out var w) ? w
                    : Segments.Producer(name) is { } p ? _tensors[p.Node]![p.Output]!
                    : _inputs![name];
            }
            _tensors[i] = _rerun(node, values);
        }
    }

    /// <summary>One leaf per segment (<see cref="TraceEncoding.SegmentLeafHash"/>).</summary>
    public IReadOnlyList<byte[]> SegmentLeaves { get; }

    /// <summary>The format-3 trace root: RFC 9162 root over <see cref="SegmentLeaves"/>.</summary>
    public byte[] Root { get; }

    /// <summary>
    /// The most rows (<see cref="TraceChunks.Rows"/>) that any segment export has; 1 when there is no export or every
    /// export is a single row. <see cref="TraceChunks.DefaultChunkBits"/> chooses a claim's chunk exponent from it.
    /// </summary>
    public long ExportRows
    {
        get
        {
            long rows = 1;
            for (var s = 0; s < Segments.Count; s++)
            {
                foreach (var e in Segments.Exports(s)) rows = Math.Max(rows, TraceChunks.Rows(Export(e).Dims));
            }
            return rows;
        }
    }

    /// <summary>The tensor of an export.</summary>
    /// <exception cref="InvalidOperationException">The node has no such output tensor.</exception>
    public Tensor Export(SegmentExport e) =>
        (Outputs(e.Node) is var o && e.Output < o.Count ? o[e.Output] : null) ?? throw new InvalidOperationException($"node {e.Node} has no output {e.Output}");

    /// <summary>The exports of segment <paramref name="segment"/> with their tensors.</summary>
    public IReadOnlyList<(SegmentExport Export, Tensor Tensor)> ExportsOf(int segment) =>
        Segments.Exports(segment).Select(e => (e, Export(e))).ToArray();

    /// <summary>
    /// h: the claim's chunk exponent (<c>InferenceClaim.ChunkBits</c>); 0 (default) for one version-2 leaf per node in
    /// the fine trees, otherwise 2^h row-chunk leaves per node output (docs/execution-traces.md §Chunked node leaves).
    /// It does not change the commitment. Set it before any fine leaf is computed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0 to <see cref="TraceFormat.MaxChunkBits"/>.</exception>
    /// <exception cref="InvalidOperationException">Fine leaves were already computed with another h.</exception>
    public int ChunkBits
    {
        get => _chunkBits;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, TraceFormat.MaxChunkBits);
            if (value != _chunkBits && _fine.Any(f => f is not null)) throw new InvalidOperationException("fine leaves were computed with another chunk exponent");
            _chunkBits = value;
        }
    }

    private int _chunkBits;

    /// <summary>
    /// The fine leaves of segment <paramref name="segment"/> (computed on first use, then kept): the version-2 leaves
    /// of its nodes, or with <see cref="ChunkBits"/> h &gt; 0 the 2^h chunk leaves of each output slot of each node.
    /// </summary>
    public IReadOnlyList<byte[]> FineLeaves(int segment)
    {
        if (_fine[segment] is { } done) return done!;
        var start = Segments.Start(segment);
        var hasher = TraceNodeHasher.ForCurrentThread;
        byte[][] leaves;
        if (_chunkBits == 0)
        {
            leaves = new byte[Segments.Size(segment)][];
            for (var i = 0; i < leaves.Length; i++) leaves[i] = hasher.EntryV2(_graph.Nodes[start + i], Outputs(start + i)).LeafHash;
        }
        else
        {
            var list = new List<byte[]>(Segments.FineLeafCount(segment, _chunkBits));
            for (var k = start; k < start + Segments.Size(segment); k++)
            {
                var outputs = Outputs(k);
                for (var o = 0; o < Segments.OutputCount(k); o++)
                {
                    var t = _graph.Nodes[k].Outputs[o].Length == 0 || o >= outputs.Count ? null : outputs[o];
                    list.AddRange(hasher.ChunkLeaves(k, o, 1 << _chunkBits, t));
                }
            }
            leaves = [.. list];
        }
        _fine[segment] = leaves;
        return leaves;
    }

    /// <summary>Chunked fine tree: the audit path of chunk <paramref name="chunk"/> of output <paramref name="output"/> of <paramref name="node"/> under its segment's fine root.</summary>
    public IReadOnlyList<byte[]> ProveChunk(int node, int output, int chunk)
    {
        var segment = Segments.SegmentOf(node);
        return InclusionProof.Generate(FineLeaves(segment), (ulong)((Segments.SlotIndex(node, output) << _chunkBits) + chunk));
    }

    /// <summary>
    /// Chunked fine tree: the audit path of the root over output <paramref name="output"/> of <paramref name="node"/>'s
    /// 2^h chunk leaves, in the tree over its segment's slot roots (which has the same root as the fine tree, each
    /// slot's chunks being a complete aligned subtree).
    /// </summary>
    public IReadOnlyList<byte[]> ProveSlot(int node, int output)
    {
        var segment = Segments.SegmentOf(node);
        return InclusionProof.Generate(SlotRoots(segment), (ulong)Segments.SlotIndex(node, output));
    }

    // Chunked: the roots over each slot's 2^h chunk leaves of a segment (computed once: an exports move opens every export).
    private byte[][] SlotRoots(int segment)
    {
        _slotRoots ??= new byte[][]?[_fine.Length];
        if (_slotRoots[segment] is { } done) return done;
        var leaves = FineLeaves(segment);
        var c = 1 << _chunkBits;
        var slots = new byte[leaves.Count / c][];
        for (var i = 0; i < slots.Length; i++) slots[i] = Rfc9162.RootFromLeafHashes(leaves.Skip(i * c).Take(c).ToArray());
        return _slotRoots[segment] = slots;
    }

    private byte[][]?[]? _slotRoots;

    /// <summary>The RFC 9162 root over <see cref="FineLeaves"/> of <paramref name="segment"/>.</summary>
    public byte[] FineRoot(int segment) => Rfc9162.RootFromLeafHashes(FineLeaves(segment));

    /// <summary>The audit path of segment <paramref name="segment"/>'s leaf under <see cref="Root"/>.</summary>
    public IReadOnlyList<byte[]> ProveSegment(int segment) => InclusionProof.Generate(SegmentLeaves, (ulong)segment);

    /// <summary>The audit path of node <paramref name="node"/>'s version-2 leaf under its segment's fine root.</summary>
    public IReadOnlyList<byte[]> ProveFine(int node)
    {
        var segment = Segments.SegmentOf(node);
        return InclusionProof.Generate(FineLeaves(segment), (ulong)(node - Segments.Start(segment)));
    }

    /// <summary>The version-2 entry of node <paramref name="node"/> (fields, and the leaf over its outputs).</summary>
    public TraceNode Entry(int node) => TraceNodeHasher.ForCurrentThread.EntryV2(_graph.Nodes[node], Outputs(node));
}
