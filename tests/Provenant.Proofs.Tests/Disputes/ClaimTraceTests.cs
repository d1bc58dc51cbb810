using Provenant.Inference.Engine;
using Provenant.Inference.Tracing;
using Provenant.Proofs.Disputes;
using static Provenant.Proofs.Tests.Disputes.DisputeFixtures;

namespace Provenant.Proofs.Tests.Disputes;

/// <summary>The claim path's trace hashing (reused hash state) gives exactly the trace TracedInference records; claims parse back.</summary>
public sealed class ClaimTraceTests
{
    [Fact]
    public void A_claim_trace_is_the_trace_TracedInference_records()
    {
        foreach (var model in new[] { DigitsMlp, MnistCnn })
        {
            var rng = new Random(1400);
            for (var trial = 0; trial < 4; trial++)
            {
                var inputs = RandomInputs(model.Graph, rng);
                var claim = model.Claim(inputs);
                var reference = TracedInference.Run(InferenceEngines.Create(model.Graph).Run, model.Graph, model.FileDigest, inputs, keepTensors: true).Trace;
                Assert.Equal(reference.Root, claim.Trace.Root);
                Assert.Equal(reference.OutputDigest, claim.Trace.OutputDigest);
                Assert.Equal(reference.InputDigest, claim.Trace.InputDigest);
                Assert.Equal(reference.Nodes, claim.Trace.Nodes, (a, b) => a.LeafHash.AsSpan().SequenceEqual(b.LeafHash) && a.OutputDigests.Count == b.OutputDigests.Count);
                for (var i = 0; i < reference.Nodes.Count; i++)
                {
                    Assert.Equal(reference.Nodes[i].LeafHash, claim.Trace.Nodes[i].ComputeLeafHash());
                    Assert.Equal(reference.Tensors![i].Select(t => t?.ToBytes()), claim.Trace.Tensors![i].Select(t => t?.ToBytes()));
                }
            }
        }
    }

    [Fact]
    public void A_claim_statement_round_trips_and_only_its_canonical_form_parses()
    {
        var model = DigitsMlp;
        var claim = model.Claim(RandomInputs(model.Graph, new Random(1401))).Claim;
        var bytes = claim.ToStatementBytes();
        var parsed = InferenceClaim.Parse(bytes);
        Assert.Equal(bytes, parsed.ToStatementBytes());
        Assert.Equal(model.Graph.Nodes.Count, parsed.TraceLength);
        var spaced = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(bytes).Replace(",", ", "));
        Assert.Throws<Core.Errors.ProvenantFormatException>(() => InferenceClaim.Parse(spaced));
        for (var i = 0; i < bytes.Length; i++)
        {
            var changed = (byte[])bytes.Clone();
            changed[i] ^= 0x01;
            try
            {
                var other = InferenceClaim.Parse(changed);
                Assert.NotEqual(bytes, other.ToStatementBytes());
                Assert.Equal(changed, other.ToStatementBytes());
            }
            catch (Core.Errors.ProvenantFormatException)
            {
            }
        }
    }
}
