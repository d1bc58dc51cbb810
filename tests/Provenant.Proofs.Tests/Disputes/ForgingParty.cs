using System.Security.Cryptography;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;
using Provenant.Proofs.Disputes;

namespace Provenant.Proofs.Tests.Disputes;

/// <summary>A party that plays from its trace but rewrites some of its moves before signing them (forged openings,
/// inconsistent bisection hashes, wrong rounds).</summary>
internal sealed class ForgingParty(DisputeRole role, ECDsa key, byte[] disputeId, DisputeModel model, ExecutionTrace trace,
    IReadOnlyDictionary<string, Tensor> inputs, Func<DisputeExpectation, DisputeMessage, DisputeMessage> forge)
    : TraceParty(role, key, disputeId, model, trace, inputs)
{
    public override DisputeMessage Compose(DisputeExpectation expectation) => forge(expectation, base.Compose(expectation));
}
