using Provenant.Core.Merkle;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// A format-3 (segmented) trace commitment with what its maker keeps to defend it (docs/execution-traces.md §Format 3):
/// every node's output tensors, one leaf per segment over the segment's exports (<see cref="TraceSegments"/>) and the
/// RFC 9162 root over those leaves. Making it hashes only the exports; a segment's per-node version-2 leaves
/// (<see cref="FineLeaves"/>) are computed when a dispute asks for them.
/// </summary>
public sealed class SegmentedTrace
{
    private readonly ModelGraph _graph;
    private readonly byte[]?[][] _fine;

    private SegmentedTrace(ModelGraph graph, TraceSegments segments, byte[] modelDigest, byte[] inputDigest, byte[] outputDigest,
        IReadOnlyList<IReadOnlyList<Tensor?>> tensors, TraceNodeHasher hasher)
    {
        _graph = graph;
        Segments = segments;
        ModelDigest = modelDigest;
        InputDigest = inputDigest;
        OutputDigest = outputDigest;
        Tensors = tensors;
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
    /// <returns>The graph outputs in declared order and the trace.</returns>
    /// <exception cref="Provenant.Core.Errors.ProvenantException">The engine rejects the inputs.</exception>
    /// <exception cref="InvalidOperationException">The engine skipped a node or left an exported output without a tensor.</exception>
    public static (IReadOnlyList<KeyValuePair<string, Tensor>> Outputs, SegmentedTrace Trace) Run(TraceExecutor execute, ModelGraph graph,
        TraceSegments segments, byte[] modelDigest, IReadOnlyDictionary<string, Tensor> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execute);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(inputs);
        var hasher = TraceNodeHasher.ForCurrentThread;
        var inputDigest = hasher.InputDigest(inputs);
        var tensors = new IReadOnlyList<Tensor?>[graph.Nodes.Count];
        var produced = execute(inputs, (node, outs) => tensors[node.Id] = outs.ToArray(), cancellationToken);
        var ordered = new KeyValuePair<string, Tensor>[graph.Outputs.Count];
        for (var i = 0; i < ordered.Length; i++) ordered[i] = new(graph.Outputs[i].Name, produced[graph.Outputs[i].Name]);
        if (Array.IndexOf(tensors, null) is var missing and >= 0) throw new InvalidOperationException($"the engine did not report node {missing}");
        return (ordered, new SegmentedTrace(graph, segments, modelDigest, inputDigest, hasher.OutputDigest(ordered), tensors, hasher));
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
        return new SegmentedTrace(graph, segments, modelDigest, inputDigest, hasher.OutputDigest(outputs), tensors, hasher);
    }

    /// <summary>The segmentation.</summary>
    public TraceSegments Segments { get; }

    /// <summary>SHA-256 of the model file.</summary>
    public byte[] ModelDigest { get; }

    /// <summary>The input digest (<see cref="TraceEncoding.InputDigest"/>).</summary>
    public byte[] InputDigest { get; }

    /// <summary>The output digest (<see cref="TraceEncoding.OutputDigest"/>).</summary>
    public byte[] OutputDigest { get; }

    /// <summary>Per node its output tensors.</summary>
    public IReadOnlyList<IReadOnlyList<Tensor?>> Tensors { get; }

    /// <summary>One leaf per segment (<see cref="TraceEncoding.SegmentLeafHash"/>).</summary>
    public IReadOnlyList<byte[]> SegmentLeaves { get; }

    /// <summary>The format-3 trace root: RFC 9162 root over <see cref="SegmentLeaves"/>.</summary>
    public byte[] Root { get; }

    /// <summary>The tensor of an export.</summary>
    /// <exception cref="InvalidOperationException">The node has no such output tensor.</exception>
    public Tensor Export(SegmentExport e) =>
        (e.Output < Tensors[e.Node].Count ? Tensors[e.Node][e.Output] : null) ?? throw new InvalidOperationException($"node {e.Node} has no output {e.Output}");

    /// <summary>The exports of segment <paramref name="segment"/> with their tensors.</summary>
    public IReadOnlyList<(SegmentExport Export, Tensor Tensor)> ExportsOf(int segment) =>
        Segments.Exports(segment).Select(e => (e, Export(e))).ToArray();

    /// <summary>The version-2 leaves of the nodes of segment <paramref name="segment"/> (computed on first use, then kept).</summary>
    public IReadOnlyList<byte[]> FineLeaves(int segment)
    {
        if (_fine[segment] is { } done) return done!;
        var start = Segments.Start(segment);
        var leaves = new byte[Segments.Size(segment)][];
        var hasher = TraceNodeHasher.ForCurrentThread;
        for (var i = 0; i < leaves.Length; i++) leaves[i] = hasher.EntryV2(_graph.Nodes[start + i], Tensors[start + i]).LeafHash;
        _fine[segment] = leaves;
        return leaves;
    }

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
    public TraceNode Entry(int node) => TraceNodeHasher.ForCurrentThread.EntryV2(_graph.Nodes[node], Tensors[node]);
}
