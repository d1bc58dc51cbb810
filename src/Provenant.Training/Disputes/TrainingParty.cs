using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provenant.Core.Hashing;
using Provenant.Core.Merkle;
using Provenant.Proofs.Disputes;

namespace Provenant.Training.Disputes;

/// <summary>
/// A party in a training dispute that plays by its own <see cref="TrainingTrace"/>: bisection moves over its step
/// leaves and then over the disputed step's operator leaves, its step root, and as claimant the openings of the
/// disputed operator's inputs. Tests derive cheaters by changing the trace (a faulty run) or the composed moves.
/// </summary>
public class TrainingParty : IDisputeParty
{
    private readonly ECDsa _key;
    private readonly byte[] _disputeId;
    private readonly TrainingTrace _trace;
    private readonly StepTracer _tracer;

    /// <summary>Creates a party.</summary>
    public TrainingParty(DisputeRole role, ECDsa key, byte[] disputeId, TrainingTrace trace, StepTracer tracer)
    {
        Role = role;
        _key = key;
        _disputeId = disputeId;
        _trace = trace;
        _tracer = tracer;
    }

    /// <inheritdoc />
    public DisputeRole Role { get; }

    /// <inheritdoc />
    public SignedDisputeMessage? Respond(DisputeExpectation expectation) => SignedDisputeMessage.Sign(Compose(expectation), _key);

    /// <summary>The unsigned move for <paramref name="e"/>.</summary>
    public virtual DisputeMessage Compose(DisputeExpectation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        JsonObject body = e.Kind switch
        {
            DisputeMessage.Bisect => TreeBisection.Move(e.Step is long s ? _trace.OperatorLeaves[(int)s] : _trace.StepLeaves, e),
            DisputeMessage.Step => new JsonObject { ["root"] = Hex.Encode(_trace.StepRoots[(int)e.Step!.Value]) },
            _ => OpenOperator((int)e.Step!.Value, e.RangeStart),
        };
        return new DisputeMessage(_disputeId, e.Sequence, Role, e.Kind, body);
    }

    private JsonObject OpenOperator(int step, int op)
    {
        var leaves = _trace.OperatorLeaves[step];
        JsonNode? previous = null;
        if (op == 0 && step > 0)
        {
            var last = _trace.Steps[step - 1][^1];
            previous = new JsonObject
            {
                ["stepRoot"] = Hex.Encode(_trace.StepRoots[step - 1]),
                ["stepPath"] = HashArray(InclusionProof.Generate(_trace.StepLeaves, (ulong)(step - 1))),
                ["kind"] = last.Kind,
                ["outputs"] = HashArray(last.OutputDigests),
                ["opPath"] = HashArray(InclusionProof.Generate(_trace.OperatorLeaves[step - 1], (ulong)(leaves.Count - 1))),
            };
        }
        var inputs = new JsonArray();
        foreach (var (k, o) in op == 0 ? [] : _tracer.InputsOf(op))
        {
            var source = _trace.Steps[step][k];
            inputs.Add(new JsonObject
            {
                ["op"] = k,
                ["output"] = o,
                ["kind"] = source.Kind,
                ["outputs"] = HashArray(source.OutputDigests),
                ["path"] = HashArray(InclusionProof.Generate(leaves, (ulong)k)),
                ["data"] = Convert.ToBase64String(source.Outputs[o]),
            });
        }
        return new JsonObject { ["op"] = op, ["step"] = step, ["previous"] = previous, ["inputs"] = inputs };
    }

    private static JsonArray HashArray(IEnumerable<byte[]> hashes) => new([.. hashes.Select(h => (JsonNode)Hex.Encode(h))]);
}
