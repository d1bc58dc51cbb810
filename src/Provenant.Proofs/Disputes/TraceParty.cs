using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provenant.Core.Merkle;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// A party that plays by its own trace (with tensors): the honest strategy. With a format-3
/// <see cref="SegmentedTrace"/> it bisects over its segment leaves, computes the disputed segment's per-node leaves
/// when asked (<see cref="DisputeMessage.Segment"/>), and opens earlier segments' values as their exports. It answers bisection moves with its
/// subtree hashes, and as claimant opens graph outputs and node inputs from its trace, the model's tensor
/// commitment and the inputs. A party whose trace is wrong plays the same way and loses; tests build cheaters by
/// changing its trace or its composed messages (<see cref="Compose"/>) before signing.
/// </summary>
public class TraceParty : IDisputeParty
{
    private readonly ECDsa _key;
    private readonly byte[] _disputeId;
    private readonly DisputeModel _model;
    private readonly ExecutionTrace? _trace;
    private readonly SegmentedTrace? _segmented;
    private readonly IReadOnlyList<KeyValuePair<string, Tensor>> _inputs;

    /// <summary>Creates a party.</summary>
    /// <param name="role">Its side.</param>
    /// <param name="key">Its private key (the one that signed its claim).</param>
    /// <param name="disputeId">The dispute (<see cref="DisputeSetup.DisputeId"/>).</param>
    /// <param name="model">The model.</param>
    /// <param name="trace">Its trace, with tensors.</param>
    /// <param name="inputs">The model inputs.</param>
    /// <exception cref="ArgumentException">The trace holds no tensors.</exception>
    public TraceParty(DisputeRole role, ECDsa key, byte[] disputeId, DisputeModel model, ExecutionTrace trace, IReadOnlyDictionary<string, Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(inputs);
        if (trace.Tensors is null) throw new ArgumentException("a dispute party needs its trace with tensors", nameof(trace));
        Role = role;
        _key = key;
        _disputeId = disputeId;
        _model = model;
        _trace = trace;
        _inputs = inputs.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Creates a party for a format-3 (segmented) claim.</summary>
    /// <param name="role">Its side.</param>
    /// <param name="key">Its private key (the one that signed its claim).</param>
    /// <param name="disputeId">The dispute (<see cref="DisputeSetup.DisputeId"/>).</param>
    /// <param name="model">The model.</param>
    /// <param name="trace">Its segmented trace (every node's outputs kept).</param>
    /// <param name="inputs">The model inputs.</param>
    public TraceParty(DisputeRole role, ECDsa key, byte[] disputeId, DisputeModel model, SegmentedTrace trace, IReadOnlyDictionary<string, Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(inputs);
        Role = role;
        _key = key;
        _disputeId = disputeId;
        _model = model;
        _segmented = trace;
        _inputs = inputs.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
    }

    /// <inheritdoc />
    public DisputeRole Role { get; }

    /// <inheritdoc />
    public SignedDisputeMessage? Respond(DisputeExpectation expectation) => SignedDisputeMessage.Sign(Compose(expectation), _key);

    /// <summary>The unsigned move this party makes for <paramref name="expectation"/>.</summary>
    public virtual DisputeMessage Compose(DisputeExpectation expectation)
    {
        ArgumentNullException.ThrowIfNull(expectation);
        JsonObject body;
        switch (expectation.Kind)
        {
            case DisputeMessage.Outputs:
                var values = new JsonArray();
                foreach (var name in _model.Skeleton.OutputNames) values.Add(Open(name).ToJson());
                body = new JsonObject { ["values"] = values };
                break;
            case DisputeMessage.Bisect when expectation.Segment is { } j:
                body = TreeBisection.Move(_segmented!.FineLeaves(j), expectation, FineOffset(j), _segmented.Segments.FineFanOut(j, _segmented.ChunkBits));
                break;
            case DisputeMessage.Bisect:
                body = TreeBisection.Move(_segmented?.SegmentLeaves ?? _trace!.LeafHashes, expectation);
                break;
            case DisputeMessage.Segment:
                var segment = expectation.Segment!.Value;
                body = TreeBisection.Move(_segmented!.FineLeaves(segment), expectation, FineOffset(segment), _segmented.Segments.FineFanOut(segment, _segmented.ChunkBits));
                body["root"] = Core.Hashing.Hex.Encode(_segmented.FineRoot(segment));
                break;
            case DisputeMessage.Exports:
                var exports = new JsonArray();
                foreach (var x in _segmented!.Segments.Exports(expectation.Segment!.Value))
                {
                    exports.Add((_segmented.ChunkBits > 0 ? OpenSlot(x.Node, x.Output) : OpenInSegment(x.Node, x.Output)).ToJson());
                }
                body = new JsonObject { ["values"] = exports };
                break;
            case DisputeMessage.Node when _segmented is { ChunkBits: > 0 } && expectation.Segment is { } js:
                body = OpenChunkInputs(js, expectation.RangeStart);
                break;
            default:
                var inputs = new JsonArray();
                foreach (var name in _model.Skeleton.Nodes[expectation.RangeStart].Inputs) inputs.Add(name.Length == 0 ? null : Open(name, expectation.Segment).ToJson());
                body = new JsonObject { ["index"] = expectation.RangeStart, ["inputs"] = inputs };
                break;
        }
        return new DisputeMessage(_disputeId, expectation.Sequence, Role, expectation.Kind, body) { Previous = expectation.Previous };
    }

    /// <summary>Opens the value named <paramref name="name"/> from the trace, the model or the inputs.</summary>
    /// <param name="name">The value.</param>
    /// <param name="segment">Format 3: the disputed segment (its values are opened under its per-node tree, earlier
    /// segments' values as their exports); null for the graph outputs (every value as an export) and formats 1 and 2.</param>
    public ValueOpening Open(string name, int? segment = null)
    {
        if (_model.Skeleton.WeightNames.Contains(name))
        {
            return new ValueOpening { Kind = ValueOpeningKind.Weight, WeightProof = _model.Tensors.Prove(name), Tensor = _model.Weight(name) };
        }
        if (_model.Skeleton.Producer(name) is { } q && _segmented is { } st)
        {
            return st.Segments.SegmentOf(q.Node) == segment ? OpenInSegment(q.Node, q.Output) : OpenExport(st.Segments.SegmentOf(q.Node), q.Node, q.Output);
        }
        if (_model.Skeleton.Producer(name) is { } p)
        {
            var trace = _trace!;
            return new ValueOpening
            {
                Kind = ValueOpeningKind.Activation,
                Entry = trace.Nodes[p.Node],
                Output = p.Output,
                Outputs = trace.Version == (int)TraceFormat.Version2 ? trace.Tensors![p.Node] : null,
                Path = InclusionProof.Generate(trace.LeafHashes, (ulong)p.Node),
                Tensor = trace.Tensors![p.Node][p.Output]!,
            };
        }
        return new ValueOpening { Kind = ValueOpeningKind.Input, InputName = name, Inputs = _inputs, Tensor = _inputs.First(x => x.Key == name).Value };
    }

    // Format 3: the index of fine leaf 0 of `segment` in the expectations' ranges (node ids unchunked, else 0).
    private int FineOffset(int segment) => _segmented!.ChunkBits == 0 ? _segmented.Segments.Start(segment) : 0;

    // Chunked format 3: the node move for fine leaf `leaf` of segment `segment` (chunk c of output o of node k): the
    // node's inputs of the segment as chunk c's rows where the node is row-local in them, else whole; others as usual.
    private JsonObject OpenChunkInputs(int segment, int leaf)
    {
        var st = _segmented!;
        var (k, o) = st.Segments.Slot(segment, leaf >> st.ChunkBits);
        var c = leaf & ((1 << st.ChunkBits) - 1);
        var node = _model.Graph.Nodes[k];
        var names = _model.Skeleton.Nodes[k].Inputs;
        var dims = names.Select(n => n.Length == 0 ? null : (int[]?)[.. Value(n).Shape]).ToArray();
        var rowOperands = Inference.Integer.RowLocalExecution.RowOperands(node, o, dims);
        var inputs = new JsonArray();
        for (var p = 0; p < names.Count; p++)
        {
            var name = names[p];
            if (name.Length == 0)
            {
                inputs.Add(null);
                continue;
            }
            var q = _model.Skeleton.Producer(name);
            var opening = q is { } r && st.Segments.SegmentOf(r.Node) == segment
                ? rowOperands?.Contains(p) == true ? OpenChunk(r.Node, r.Output, c) : OpenSlot(r.Node, r.Output)
                : Open(name, segment);
            inputs.Add(opening.ToJson());
        }
        return new JsonObject { ["index"] = k, ["output"] = o, ["chunk"] = c, ["inputs"] = inputs };
    }

    // This party's value named `name`: a weight, a node output of its trace, or a graph input.
    private Tensor Value(string name) =>
        _model.Skeleton.WeightNames.Contains(name) ? _model.Weight(name)
        : _model.Skeleton.Producer(name) is { } p ? _segmented!.Outputs(p.Node)[p.Output]!
        : _inputs.First(x => x.Key == name).Value;

    // Chunked format 3: chunk `chunk`'s rows of output `output` of `node` under its segment's fine root.
    private ValueOpening OpenChunk(int node, int output, int chunk)
    {
        var t = _segmented!.Outputs(node)[output]!;
        var count = 1 << _segmented.ChunkBits;
        var (start, end) = TraceChunks.ChunkRows(TraceChunks.Rows(t.Shape), chunk, count);
        var rows = TraceChunks.RowBytes(t, chunk, count).ToArray();
        return new ValueOpening
        {
            Kind = ValueOpeningKind.Chunk,
            Node = node,
            Output = output,
            Chunk = chunk,
            FullDims = [.. t.Shape],
            Rows = rows,
            Path = _segmented.ProveChunk(node, output, chunk),
            Tensor = TraceChunks.FromRows(t.DataType, t.Shape, rows, start, end),
        };
    }

    // Chunked format 3: output `output` of `node` whole, under its slot root among the segment's slot roots.
    private ValueOpening OpenSlot(int node, int output) => new()
    {
        Kind = ValueOpeningKind.Slot,
        Node = node,
        Output = output,
        Path = _segmented!.ProveSlot(node, output),
        Tensor = _segmented.Outputs(node)[output]!,
    };

    // Format 3: output `output` of `node` as a version-2 entry under its segment's per-node tree.
    private ValueOpening OpenInSegment(int node, int output) => new()
    {
        Kind = ValueOpeningKind.Activation,
        Entry = _segmented!.Entry(node),
        Output = output,
        Outputs = _segmented.Outputs(node),
        Path = _segmented.ProveFine(node),
        Tensor = _segmented.Outputs(node)[output]!,
    };

    /// <summary>Format 3: the audit path of segment <paramref name="segment"/>'s leaf under this party's root (tests override it to play forged leaves consistently).</summary>
    protected virtual IReadOnlyList<byte[]> SegmentPath(int segment) => _segmented!.ProveSegment(segment);

    // Format 3: output `output` of `node` as one of its segment's exports under the segment root.
    private ValueOpening OpenExport(int segment, int node, int output) => new()
    {
        Kind = ValueOpeningKind.Export,
        Segment = segment,
        ExportNode = node,
        Output = output,
        Exports = _segmented!.ExportsOf(segment),
        Path = SegmentPath(segment),
        Tensor = _segmented.Outputs(node)[output]!,
    };
}
