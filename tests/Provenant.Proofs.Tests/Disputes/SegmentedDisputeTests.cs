using System.Text;
using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Inference.Tracing;
using Provenant.Proofs.Disputes;
using static Provenant.Proofs.Tests.Disputes.DisputeFixtures;
using static Provenant.Proofs.Tests.Disputes.SegmentFixtures;

namespace Provenant.Proofs.Tests.Disputes;

/// <summary>Trace format 3 (segmented commitments): randomized games over several segment sizes, including one node per
/// segment (g = 0) and one segment (g ≥ ⌈log2 n⌉), on the digits MLP, the MNIST CNN and an MLP with skip connections.</summary>
public sealed class SegmentedDisputeTests
{
    public static TheoryData<string> ModelNames => ["digits", "mnist", "skip"];

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void A_wrong_node_loses_at_that_node_whoever_computed_it_for_every_segment_size(string name)
    {
        var model = ModelNamed(name);
        var n = model.Graph.Nodes.Count;
        var rng = new Random(700);
        foreach (var g in SegmentBitsFor(n))
        {
            var nodes = new[] { 0, n / 2, n - 1 }.Concat(Enumerable.Range(0, 3).Select(_ => rng.Next(n))).ToArray();
            var disputes = AssertWrongNodesLose(model, g, 0, nodes, rng, CeilLog2(n));
            Assert.True(disputes >= 1, $"g {g}: no fault reached an export");
        }
    }

    [Fact]
    public void A_claimant_computing_with_wrong_weights_loses_at_the_first_node_using_them()
    {
        var model = DigitsMlp;
        var rng = new Random(701);
        var weights = model.Graph.Nodes.Where(x => x.OpType is "QGemm").Select(x => (x.Id, Weight: x.Inputs[2])).ToArray();
        Assert.NotEmpty(weights);
        // h = 2: chunked fine trees (ChunkedDisputeTests), where the referee recomputes one chunk with the committed weight.
        foreach (var (g, h) in SegmentBitsFor(model.Graph.Nodes.Count).SelectMany(g => new[] { (g, 0), (g, 2) }))
        {
            var disputes = 0;
            foreach (var (consumer, weight) in weights)
            {
                var inputs = RandomInputs(model.Graph, rng);
                var honest = model.ClaimSegmented(inputs, g, chunkBits: h);
                // A changed weight element often changes nothing exported (a zero activation, requantization, a masked
                // output); draw until the commitment changes.
                var cheat = Enumerable.Range(0, 50).Select(_ => model.ClaimSegmented(inputs, g, WrongWeight(model, weight, rng.Next()), keepAllOutputs: true, chunkBits: h))
                    .FirstOrDefault(c => !SameCommitment(c, honest));
                if (cheat is null) continue;
                disputes++;
                var r = PlaySegmented(model, inputs, cheat, honest).Referee.Ruling!;
                Assert.True(r.Outcome == DisputeOutcome.ChallengerWins, $"g {g} h {h} {weight}: {r}");
                Assert.Equal(consumer, r.DisputedNode);
                var swapped = PlaySegmented(model, inputs, honest, cheat).Referee.Ruling!;
                Assert.True(swapped.Outcome == DisputeOutcome.ClaimantWins && swapped.DisputedNode == consumer, $"g {g} h {h} {weight}, cheating challenger: {swapped}");
            }
            Assert.True(disputes >= 1, $"g {g} h {h}: no wrong weight changed the commitment");
        }
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void A_lie_about_the_output_only_loses_whoever_tells_it(string name)
    {
        var model = ModelNamed(name);
        var rng = new Random(702);
        foreach (var g in SegmentBitsFor(model.Graph.Nodes.Count))
        {
            var inputs = RandomInputs(model.Graph, rng);
            var honest = model.ClaimSegmented(inputs, g);
            var fake = new byte[32];
            rng.NextBytes(fake);
            var lying = honest.Claim with { OutputDigest = fake };
            var (_, referee) = PlaySegmented(model, inputs, honest, honest, statedClaim: lying);
            Assert.Equal(DisputeOutcome.ChallengerWins, referee.Ruling!.Outcome);
            Assert.Contains("do not hash to its claimed output digest", referee.Ruling.Reason);
            Assert.Equal(1, referee.MessageCount);
            var r = PlaySegmented(model, inputs, honest, honest, statedChallenge: lying).Referee.Ruling!;
            Assert.Equal(DisputeOutcome.ClaimantWins, r.Outcome);
        }
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void A_forged_segment_leaf_alone_loses_whoever_commits_it(string name)
    {
        var model = ModelNamed(name);
        var rng = new Random(703);
        // h = 2: chunked fine trees (ChunkedDisputeTests); when both fine trees are honest the exports are opened as slots.
        foreach (var (g, h) in SegmentBitsFor(model.Graph.Nodes.Count).SelectMany(g => new[] { (g, 0), (g, 2) }))
        {
            var inputs = RandomInputs(model.Graph, rng);
            var honest = model.ClaimSegmented(inputs, g, chunkBits: h);
            var m = honest.Trace.Segments.Count;
            foreach (var j in new[] { 0, m / 2, m - 1 }.Distinct())
            {
                var (leaves, root) = ForgeSegmentLeaf(honest.Trace, j, rng);
                var forged = honest.Claim with { TraceRoot = root };
                // The forger opens earlier segments with audit paths over its forged leaves, so only the rule on leaf j can catch it.
                var (t, referee) = PlaySegmented(model, inputs, honest, honest, statedClaim: forged,
                    claimant: s => new ForgingSegmentParty(DisputeRole.Claimant, ClaimantKey, s.DisputeId, model, honest.Trace, inputs, coarse: leaves));
                var r = referee.Ruling!;
                Assert.True(r.Outcome == DisputeOutcome.ChallengerWins, $"g {g} h {h} segment {j}: {r}");
                Assert.Contains($"segment leaf {j}", r.Reason);
                Assert.InRange(r.BisectionRounds, 0, h == 0 ? CeilLog2(model.Graph.Nodes.Count) : Math.Max(CeilLog2(model.Graph.Nodes.Count), CeilLog2(m) + 1));
                Assert.True(t.Replay(model.Skeleton).Consistency.IsValid);
                var swapped = PlaySegmented(model, inputs, honest, honest, statedChallenge: forged,
                    challenger: s => new ForgingSegmentParty(DisputeRole.Challenger, ChallengerKey, s.DisputeId, model, honest.Trace, inputs, coarse: leaves)).Referee.Ruling!;
                Assert.True(swapped.Outcome == DisputeOutcome.ClaimantWins, $"g {g} h {h} segment {j}, forging challenger: {swapped}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void A_forged_node_leaf_in_the_segment_tree_loses_at_that_node(string name)
    {
        var model = ModelNamed(name);
        var n = model.Graph.Nodes.Count;
        var rng = new Random(704);
        foreach (var g in SegmentBitsFor(n).Where(g => g > 0))
        {
            var inputs = RandomInputs(model.Graph, rng);
            var honest = model.ClaimSegmented(inputs, g);
            var segments = honest.Trace.Segments;
            foreach (var j in Enumerable.Range(0, segments.Count).Where(j => segments.Size(j) > 1))
            {
                var node = segments.Start(j) + rng.Next(segments.Size(j));
                var (leaves, root) = ForgeSegmentLeaf(honest.Trace, j, rng);
                var fine = ForgeNodeLeaf(honest.Trace, j, node, rng);
                var forged = honest.Claim with { TraceRoot = root };
                IDisputeParty Forger(DisputeSetup s, DisputeRole role) => new ForgingSegmentParty(role, role == DisputeRole.Claimant ? ClaimantKey : ChallengerKey,
                    s.DisputeId, model, honest.Trace, inputs, coarse: leaves, fine: x => x == j ? fine : honest.Trace.FineLeaves(x));
                var r = PlaySegmented(model, inputs, honest, honest, statedClaim: forged, claimant: s => Forger(s, DisputeRole.Claimant)).Referee.Ruling!;
                Assert.True(r.Outcome == DisputeOutcome.ChallengerWins, $"g {g} node {node}: {r}");
                Assert.Equal(node, r.DisputedNode);
                Assert.InRange(r.BisectionRounds, 1, CeilLog2(n));
                var swapped = PlaySegmented(model, inputs, honest, honest, statedChallenge: forged, challenger: s => Forger(s, DisputeRole.Challenger)).Referee.Ruling!;
                Assert.True(swapped.Outcome == DisputeOutcome.ClaimantWins, $"g {g} node {node}, forging challenger: {swapped}");
                Assert.Equal(node, swapped.DisputedNode);
            }
        }
    }

    [Fact]
    public void A_segment_root_that_its_children_do_not_hash_to_loses()
    {
        var model = SkipMlp;
        var rng = new Random(705);
        var inputs = RandomInputs(model.Graph, rng);
        var honest = model.ClaimSegmented(inputs, 2);
        var cheat = Faulty(model, inputs, 2, 1, 3);
        Assert.False(SameCommitment(cheat, honest));
        foreach (var role in new[] { DisputeRole.Claimant, DisputeRole.Challenger })
        {
            var (liar, truth) = role == DisputeRole.Claimant ? (cheat, honest) : (honest, cheat);
            IDisputeParty Forger(DisputeSetup s) => new ForgingSegmentParty(role, role == DisputeRole.Claimant ? ClaimantKey : ChallengerKey, s.DisputeId, model,
                (role == DisputeRole.Claimant ? cheat : honest).Trace, inputs, forge: (e, m) =>
                {
                    if (m.Kind != DisputeMessage.Segment) return m;
                    var body = (JsonObject)m.Body.DeepClone();
                    body["root"] = Hex.Encode(truth.Trace.FineRoot(e.Segment!.Value).Select(b => (byte)~b).ToArray());
                    return m with { Body = body };
                });
            var r = role == DisputeRole.Claimant
                ? PlaySegmented(model, inputs, cheat, honest, claimant: Forger).Referee.Ruling!
                : PlaySegmented(model, inputs, cheat, honest, challenger: Forger).Referee.Ruling!;
            Assert.Equal(role == DisputeRole.Claimant ? DisputeOutcome.ChallengerWins : DisputeOutcome.ClaimantWins, r.Outcome);
            Assert.Contains("inconsistent", r.Reason);
            _ = liar;
        }
    }

    public static TheoryData<string> OpeningForgeries => ["export-tensor-byte", "export-dropped", "export-segment", "export-proof", "segment-entry-tensor", "segment-entry-proof", "exports-move-tensor"];

    [Theory]
    [MemberData(nameof(OpeningForgeries))]
    public void A_cheating_claimant_that_forges_its_openings_loses_on_them(string forgery)
    {
        var model = SkipMlp;
        const int g = 1;
        var rng = new Random(706);
        var inputs = RandomInputs(model.Graph, rng);
        var honest = model.ClaimSegmented(inputs, g);
        var segments = honest.Trace.Segments;
        var sk = model.Skeleton;
        bool ReadsEarlierSegment(int k) => sk.Nodes[k].Inputs.Any(x => sk.Producer(x) is { } p && segments.SegmentOf(p.Node) < segments.SegmentOf(k));
        bool ReadsOwnSegment(int k) => sk.Nodes[k].Inputs.Any(x => sk.Producer(x) is { } p && segments.SegmentOf(p.Node) == segments.SegmentOf(k));
        Action<JsonObject> Flip(string field) => o =>
        {
            var data = (JsonObject)(field == "exports" ? ((JsonArray)o["exports"]!)[0]!["tensor"]! : ((JsonArray)o["outputs"]!).OfType<JsonObject>().First());
            var bytes = Convert.FromBase64String((string)data["data"]!);
            bytes[0] ^= 1;
            data["data"] = Convert.ToBase64String(bytes);
        };
        (string Kind, Action<JsonObject> Edit) edit = forgery switch
        {
            "export-tensor-byte" => ("export", Flip("exports")),
            "export-dropped" => ("export", o => ((JsonArray)o["exports"]!).RemoveAt(((JsonArray)o["exports"]!).Count - 1)),
            "export-segment" => ("export", o => o["segment"] = (int)o["segment"]! + 1),
            "export-proof" => ("export", o => o["proof"] = new JsonArray(Hex.Encode(new byte[32]))),
            "segment-entry-tensor" => ("activation-v2", Flip("outputs")),
            "segment-entry-proof" => ("activation-v2", o => o["proof"] = new JsonArray(Hex.Encode(new byte[32]))),
            _ => ("activation-v2", Flip("outputs")),
        };
        var forged = 0;
        if (forgery == "exports-move-tensor")
        {
            // The claimant commits a forged segment leaf with the honest per-node tree, so it must open the exports.
            var j = Enumerable.Range(0, segments.Count).First(j => segments.Size(j) > 1 && segments.Exports(j).Count > 0);
            var (leaves, root) = ForgeSegmentLeaf(honest.Trace, j, rng);
            var r = PlaySegmented(model, inputs, honest, honest, statedClaim: honest.Claim with { TraceRoot = root },
                claimant: s => new ForgingSegmentParty(DisputeRole.Claimant, ClaimantKey, s.DisputeId, model, honest.Trace, inputs, coarse: leaves,
                    forge: (e, m) => e.Kind == DisputeMessage.Exports ? EditOpening(m, edit.Kind, edit.Edit) : m)).Referee.Ruling!;
            Assert.Equal(DisputeOutcome.ChallengerWins, r.Outcome);
            Assert.Contains("inconsistent opening of export", r.Reason);
            return;
        }
        var candidates = Enumerable.Range(0, model.Graph.Nodes.Count).Where(k => edit.Kind == "export" ? ReadsEarlierSegment(k) : ReadsOwnSegment(k)).ToArray();
        Assert.NotEmpty(candidates);
        foreach (var node in candidates)
        {
            var cheat = Faulty(model, inputs, g, node, rng.Next());
            if (SameCommitment(cheat, honest)) continue;
            var r = PlaySegmented(model, inputs, cheat, honest,
                claimant: s => new ForgingSegmentParty(DisputeRole.Claimant, ClaimantKey, s.DisputeId, model, cheat.Trace, inputs,
                    forge: (e, m) => e.Kind == DisputeMessage.Node ? EditOpening(m, edit.Kind, edit.Edit) : m)).Referee.Ruling!;
            Assert.True(r.Outcome == DisputeOutcome.ChallengerWins, $"node {node}: {r}");
            Assert.True(r.Reason.Contains("inconsistent opening", StringComparison.Ordinal) || r.Reason.Contains("malformed", StringComparison.Ordinal), $"node {node}: {r}");
            forged++;
        }
        Assert.True(forged > 0);
    }

    [Fact]
    public void A_skip_connection_is_opened_as_an_export_of_a_segment_that_is_not_the_previous_one()
    {
        var model = SkipMlp;
        var sk = model.Skeleton;
        var segments = model.Segments(0);
        // Some node reads a value produced two or more segments (here: nodes) earlier.
        var skip = Enumerable.Range(0, sk.Nodes.Count).SelectMany(k => sk.Nodes[k].Inputs.Where(x => sk.Producer(x) is { } p && p.Node < k - 1).Select(x => (Node: k, Value: x))).First();
        var producer = sk.Producer(skip.Value)!.Value;
        Assert.Contains(new SegmentExport(producer.Node, producer.Output), segments.Exports(segments.SegmentOf(producer.Node)));
        var rng = new Random(707);
        var inputs = RandomInputs(model.Graph, rng);
        var honest = model.ClaimSegmented(inputs, 0);
        var cheat = Enumerable.Range(0, 20).Select(_ => Faulty(model, inputs, 0, skip.Node, rng.Next())).First(c => !SameCommitment(c, honest));
        var (t, referee) = PlaySegmented(model, inputs, cheat, honest);
        Assert.Equal(DisputeOutcome.ChallengerWins, referee.Ruling!.Outcome);
        Assert.Equal(skip.Node, referee.Ruling.DisputedNode);
        var node = SignedDisputeMessage.Parse(t.Messages[^1], "m");
        var body = DisputeMessage.Parse(node.Payload, "m").Body;
        Assert.Contains(((JsonArray)body["inputs"]!).OfType<JsonObject>(), o => (string?)o["kind"] == "export" && (int)o["segment"]! == producer.Node);
    }

    [Fact]
    public void Segment_leaves_hash_exactly_the_values_read_outside_their_segment_and_the_graph_outputs()
    {
        foreach (var model in Models)
        {
            var inputs = RandomInputs(model.Graph, new Random(708));
            foreach (var g in SegmentBitsFor(model.Graph.Nodes.Count))
            {
                var run = model.ClaimSegmented(inputs, g);
                var s = run.Trace.Segments;
                var sk = model.Skeleton;
                var expected = new HashSet<SegmentExport>();
                for (var k = 0; k < sk.Nodes.Count; k++)
                {
                    foreach (var x in sk.Nodes[k].Inputs)
                    {
                        if (sk.Producer(x) is { } p && s.SegmentOf(p.Node) != s.SegmentOf(k)) expected.Add(new(p.Node, p.Output));
                    }
                }
                foreach (var o in sk.OutputNames) expected.Add(new(sk.Producer(o)!.Value.Node, sk.Producer(o)!.Value.Output));
                Assert.Equal(expected.OrderBy(e => e.Node).ThenBy(e => e.Output), Enumerable.Range(0, s.Count).SelectMany(s.Exports));
                for (var j = 0; j < s.Count; j++) Assert.Equal(TraceEncoding.SegmentLeafHash(j, run.Trace.ExportsOf(j)), run.Trace.SegmentLeaves[j]);
                Assert.Equal(Core.Merkle.Rfc9162.RootFromLeafHashes(run.Trace.SegmentLeaves), run.Claim.TraceRoot);
                Assert.Equal((model.Graph.Nodes.Count + (1 << g) - 1) >> g, s.Count);
                // The agreed output digest is the ordinary one.
                Assert.Equal(model.Claim(inputs).Claim.OutputDigest, run.Claim.OutputDigest);
            }
        }
    }

    [Fact]
    public void A_claimant_keeping_only_the_exports_recomputes_every_segment_exactly()
    {
        foreach (var model in Models)
        {
            var n = model.Graph.Nodes.Count;
            var inputs = RandomInputs(model.Graph, new Random(711));
            foreach (var g in SegmentBitsFor(n))
            {
                var lazy = model.ClaimSegmented(inputs, g);
                var all = model.ClaimSegmented(inputs, g, keepAllOutputs: true);
                Assert.Equal(all.Claim.TraceRoot, lazy.Claim.TraceRoot);
                Assert.Equal(n, all.Trace.KeptNodes);
                var exporting = lazy.Trace.Segments.ExportingNodes.Count(x => x);
                Assert.Equal(exporting, lazy.Trace.KeptNodes);
                if (g > 0) Assert.True(exporting < n, $"{n} nodes, g {g}");
                for (var j = 0; j < lazy.Trace.Segments.Count; j++) Assert.Equal(all.Trace.FineLeaves(j), lazy.Trace.FineLeaves(j));
                Assert.Equal(n, lazy.Trace.KeptNodes);
            }
        }
    }

    [Fact]
    public void Two_honest_parties_agree_for_every_segment_size_and_different_sizes_are_not_comparable()
    {
        var model = MnistCnn;
        var inputs = RandomInputs(model.Graph, new Random(709));
        foreach (var g in SegmentBitsFor(model.Graph.Nodes.Count))
        {
            var r = PlaySegmented(model, inputs, model.ClaimSegmented(inputs, g), model.ClaimSegmented(inputs, g)).Referee.Ruling!;
            Assert.Equal(DisputeOutcome.ClaimsAgree, r.Outcome);
        }
        var other = PlaySegmented(model, inputs, model.ClaimSegmented(inputs, 1), model.ClaimSegmented(inputs, 2)).Referee.Ruling!;
        Assert.Equal(DisputeOutcome.NotComparable, other.Outcome);
    }

    [Fact]
    public void A_format_3_claim_round_trips_and_its_segment_bits_are_checked()
    {
        var model = DigitsMlp;
        var claim = model.ClaimSegmented(RandomInputs(model.Graph, new Random(710)), 1).Claim;
        var bytes = claim.ToStatementBytes();
        Assert.Contains("\"format\":\"provenant-trace-v3\"", Encoding.UTF8.GetString(bytes));
        Assert.Contains("\"segmentBits\":1", Encoding.UTF8.GetString(bytes));
        var back = InferenceClaim.Parse(bytes);
        Assert.Equal(3, back.TraceVersion);
        Assert.Equal(1, back.SegmentBits);
        Assert.Equal(claim.TraceRoot, back.TraceRoot);
        Assert.True(back.SameComputationAs(claim));
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Throws<ProvenantFormatException>(() => InferenceClaim.Parse(Encoding.UTF8.GetBytes(text.Replace(",\"segmentBits\":1", ""))));
        Assert.Throws<ProvenantFormatException>(() => InferenceClaim.Parse(Encoding.UTF8.GetBytes(text.Replace("\"segmentBits\":1", "\"segmentBits\":25"))));
        var v2 = Encoding.UTF8.GetString(model.Claim(RandomInputs(model.Graph, new Random(710))).Claim.ToStatementBytes());
        Assert.DoesNotContain("segmentBits", v2);
        var withBits = JsonNode.Parse(v2)!;
        withBits["predicate"]!["trace"]!["segmentBits"] = 0;
        Assert.Throws<ProvenantFormatException>(() => InferenceClaim.Parse(Core.Encoding.CanonicalJson.Canonicalize(withBits)));
    }
}
