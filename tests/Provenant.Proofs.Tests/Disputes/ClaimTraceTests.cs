using Provenant.Core.Merkle;
using Provenant.Inference.Engine;
using Provenant.Inference.Tracing;
using Provenant.Proofs.Disputes;
using static Provenant.Proofs.Tests.Disputes.DisputeFixtures;

namespace Provenant.Proofs.Tests.Disputes;

/// <summary>
/// The claim path's trace hashing (reused hash state, inline or pipelined on a second thread) gives exactly the trace
/// the format defines (<see cref="TraceNode.FromOutputs"/> per node, RFC 9162 root over the leaves); claims parse back.
/// </summary>
public sealed class ClaimTraceTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_claim_trace_is_the_trace_the_format_defines(bool pipelined)
    {
        foreach (var model in new[] { DigitsMlp, MnistCnn })
        {
            var rng = new Random(1400);
            for (var trial = 0; trial < 4; trial++)
            {
                var inputs = RandomInputs(model.Graph, rng);
                var claim = model.Claim(inputs, hashOnWorker: pipelined);
                var nodes = new List<TraceNode>();
                var tensors = new List<byte[]?[]>();
                InferenceEngines.Create(model.Graph).Run(inputs, (node, outs) =>
                {
                    nodes.Add(TraceNode.FromOutputs(node, outs));
                    tensors.Add(node.Outputs.Select((o, j) => o.Length == 0 ? null : outs[j]!.ToBytes()).ToArray());
                });
                Assert.Equal(Rfc9162.RootFromLeafHashes(nodes.Select(n => n.LeafHash).ToArray()), claim.Trace.Root);
                Assert.Equal(TraceEncoding.InputDigest(inputs), claim.Trace.InputDigest);
                Assert.Equal(nodes.Count, claim.Trace.Nodes.Count);
                for (var i = 0; i < nodes.Count; i++)
                {
                    Assert.Equal(nodes[i].LeafHash, claim.Trace.Nodes[i].LeafHash);
                    Assert.Equal(nodes[i].LeafHash, claim.Trace.Nodes[i].ComputeLeafHash());
                    Assert.Equal(tensors[i], claim.Trace.Tensors![i].Select(t => t?.ToBytes()));
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
