using Provenant.Core.Merkle;
using Provenant.Inference.Engine;
using Provenant.Inference.Tracing;
using Provenant.Proofs.Disputes;
using static Provenant.Proofs.Tests.Disputes.DisputeFixtures;

namespace Provenant.Proofs.Tests.Disputes;

/// <summary>
/// The claim path's trace hashing (reused hash state, inline or pipelined on a second thread) gives exactly the trace
/// the format defines, in versions 1 and 2 (<see cref="TraceNode.FromOutputs(Inference.Graph.GraphNode, IReadOnlyList{Inference.Tensors.Tensor?}, int)"/>
/// per node, built from the reference encodings; RFC 9162 root over the leaves); claims parse back, format-1 claims too.
/// </summary>
public sealed class ClaimTraceTests
{
    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 2)]
    public void A_claim_trace_is_the_trace_the_format_defines(bool pipelined, int version)
    {
        foreach (var model in new[] { DigitsMlp, MnistCnn })
        {
            var rng = new Random(1400);
            for (var trial = 0; trial < 4; trial++)
            {
                var inputs = RandomInputs(model.Graph, rng);
                var claim = model.Claim(inputs, hashOnWorker: pipelined, traceVersion: version);
                Assert.Equal(version, claim.Trace.Version);
                Assert.Equal(version, claim.Claim.TraceVersion);
                var nodes = new List<TraceNode>();
                var tensors = new List<byte[]?[]>();
                InferenceEngines.Create(model.Graph).Run(inputs, (node, outs) =>
                {
                    nodes.Add(TraceNode.FromOutputs(node, outs, version));
                    tensors.Add(node.Outputs.Select((o, j) => o.Length == 0 ? null : outs[j]!.ToBytes()).ToArray());
                });
                Assert.Equal(Rfc9162.RootFromLeafHashes(nodes.Select(n => n.LeafHash).ToArray()), claim.Trace.Root);
                Assert.Equal(TraceEncoding.InputDigest(inputs), claim.Trace.InputDigest);
                Assert.Equal(TraceEncoding.OutputDigest(claim.Outputs), claim.Trace.OutputDigest);
                Assert.Equal(nodes.Count, claim.Trace.Nodes.Count);
                for (var i = 0; i < nodes.Count; i++)
                {
                    Assert.Equal(nodes[i].LeafHash, claim.Trace.Nodes[i].LeafHash);
                    var e = claim.Trace.Nodes[i];
                    Assert.Equal(nodes[i].LeafHash, version == 1 ? e.ComputeLeafHash()
                        : TraceNode.CreateV2(e.Id, e.Domain, e.OpType, e.OpsetVersion, e.Name, claim.Trace.Tensors![i]).LeafHash);
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

    [Fact]
    public void A_format_1_claim_still_parses_and_disputes_by_its_own_leaves_and_an_unknown_format_is_refused_by_name()
    {
        var model = DigitsMlp;
        var inputs = RandomInputs(model.Graph, new Random(1402));
        var v1 = model.Claim(inputs, traceVersion: 1);
        var v2 = model.Claim(inputs);
        var bytes = v1.Claim.ToStatementBytes();
        Assert.Contains("\"format\":\"provenant-trace-v1\"", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Contains("\"format\":\"provenant-trace-v2\"", System.Text.Encoding.UTF8.GetString(v2.Claim.ToStatementBytes()));
        var parsed = InferenceClaim.Parse(bytes);
        Assert.Equal(1, parsed.TraceVersion);
        Assert.Equal(bytes, parsed.ToStatementBytes());
        Assert.NotEqual(v1.Trace.Root, v2.Trace.Root);
        // A claim of one format and a challenge of the other are about different commitments: not comparable.
        var (_, mixed) = Play(model, inputs, v1, v2);
        Assert.Equal(DisputeOutcome.NotComparable, mixed.Ruling!.Outcome);
        var future = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(bytes).Replace("provenant-trace-v1", "provenant-trace-v9"));
        var e = Assert.Throws<Core.Errors.ProvenantFormatException>(() => InferenceClaim.Parse(future));
        Assert.Contains("provenant-trace-v2", e.Message);
        Assert.Contains("provenant-trace-v3", e.Message);
    }
}
