using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provenant.Core.Merkle;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// A party that plays by its own trace (with tensors): the honest strategy. It answers bisection moves with its
/// subtree hashes, and as claimant opens graph outputs and node inputs from its trace, the model's tensor
/// commitment and the inputs. A party whose trace is wrong plays the same way and loses; tests build cheaters by
/// changing its trace or its composed messages (<see cref="Compose"/>) before signing.
/// </summary>
public class TraceParty : IDisputeParty
{
    private readonly ECDsa _key;
    private readonly byte[] _disputeId;
    private readonly DisputeModel _model;
    private readonly ExecutionTrace _trace;
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
            case DisputeMessage.Bisect:
                body = TreeBisection.Move(_trace.LeafHashes, expectation);
                break;
            default:
                var inputs = new JsonArray();
                foreach (var name in _model.Skeleton.Nodes[expectation.RangeStart].Inputs) inputs.Add(name.Length == 0 ? null : Open(name).ToJson());
                body = new JsonObject { ["index"] = expectation.RangeStart, ["inputs"] = inputs };
                break;
        }
        return new DisputeMessage(_disputeId, expectation.Sequence, Role, expectation.Kind, body);
    }

    /// <summary>Opens the value named <paramref name="name"/> from the trace, the model or the inputs.</summary>
    public ValueOpening Open(string name)
    {
        if (_model.Skeleton.WeightNames.Contains(name))
        {
            return new ValueOpening { Kind = ValueOpeningKind.Weight, WeightProof = _model.Tensors.Prove(name), Tensor = _model.Weight(name) };
        }
        if (_model.Skeleton.Producer(name) is { } p)
        {
            return new ValueOpening
            {
                Kind = ValueOpeningKind.Activation,
                Entry = _trace.Nodes[p.Node],
                Output = p.Output,
                Outputs = _trace.Version == (int)TraceFormat.Version2 ? _trace.Tensors![p.Node] : null,
                Path = InclusionProof.Generate(_trace.LeafHashes, (ulong)p.Node),
                Tensor = _trace.Tensors![p.Node][p.Output]!,
            };
        }
        return new ValueOpening { Kind = ValueOpeningKind.Input, InputName = name, Inputs = _inputs, Tensor = _inputs.First(x => x.Key == name).Value };
    }
}
