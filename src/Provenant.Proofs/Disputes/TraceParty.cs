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
                body = TreeBisection.Move(_segmented!.FineLeaves(j), expectation, _segmented.Segments.Start(j));
                break;
            case DisputeMessage.Bisect:
                body = TreeBisection.Move(_segmented?.SegmentLeaves ?? _trace!.LeafHashes, expectation);
                break;
            case DisputeMessage.Segment:
                var segment = expectation.Segment!.Value;
                body = TreeBisection.Move(_segmented!.FineLeaves(segment), expectation, _segmented.Segments.Start(segment));
                body["root"] = Core.Hashing.Hex.Encode(_segmented.FineRoot(segment));
                break;
            case DisputeMessage.Exports:
                var exports = new JsonArray();
                foreach (var x in _segmented!.Segments.Exports(expectation.Segment!.Value)) exports.Add(OpenInSegment(x.Node, x.Output).ToJson());
                body = new JsonObject { ["values"] = exports };
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
