using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.Inference.Tracing;
using Provenant.Proofs.Disputes;
using static Provenant.Proofs.Tests.Disputes.DisputeFixtures;
using static Provenant.Proofs.Tests.Disputes.SegmentFixtures;

namespace Provenant.Proofs.Tests.Disputes;

/// <summary>
/// Chunked format 3 (h &gt; 0): the fine trees hold 2^h row-chunk leaves per node output, the game goes on into the node
/// to the first wrong chunk and the referee recomputes that chunk. Randomized games on the digits MLP, the MNIST CNN
/// and the skip-connection MLP over several g and h; forged chunk and slot openings; the claim field.
/// </summary>
public sealed class ChunkedDisputeTests
{
    public static TheoryData<string> ModelNames => ["digits", "mnist", "skip"];

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void A_wrong_node_loses_at_that_node_and_chunk_whoever_computed_it(string name)
    {
        var model = ModelNamed(name);
        var n = model.Graph.Nodes.Count;
        var rng = new Random(900);
        foreach (var g in new[] { 0, TraceSegments.DefaultSegmentBits(n), CeilLog2(n) }.Distinct())
        {
            foreach (var h in new[] { 1, 2, 4 })
            {
                // Halving rounds until few enough chunk leaves are left, then one round revealing them: ⌈log2 n⌉ at most
                // (one more only when every segment is one node, g = 0: the reveal has no halving to replace).
                var maxRounds = Math.Max(CeilLog2(n), CeilLog2(model.Segments(g).Count) + 1);
                var disputes = AssertWrongNodesLose(model, g, h, [0, n / 2, n - 1, rng.Next(n)], rng, maxRounds);
                Assert.True(disputes >= 1, $"g {g} h {h}: no fault reached an export");
            }
        }
    }

    [Fact]
    public void On_ezkl_nanoGPT_a_wrong_node_loses_at_that_node_in_a_chunk_whoever_computed_it()
    {
        // The real transformer: row operands that are committed tensors (the position embedding), QMatMul per head,
        // QSoftmax with its causal mask, and Transpose/Reshape nodes that run whole.
        var (model, inputs) = NanoGpt;
        var n = model.Graph.Nodes.Count;
        var g = TraceSegments.DefaultSegmentBits(n);
        var honest = model.ClaimSegmented(inputs, g, chunkBits: 4);
        var rng = new Random(904);
        var types = new HashSet<string>();
        var disputes = 0;
        foreach (var node in new[] { 1, 2, n / 2, n - 2 }.Concat(Enumerable.Range(0, 10).Select(_ => rng.Next(n))))
        {
            var cheat = Faulty(model, inputs, g, node, rng.Next(), 4);
            if (SameCommitment(cheat, honest)) continue;
            disputes++;
            var (t, referee) = PlaySegmented(model, inputs, cheat, honest);
            var r = referee.Ruling!;
            Assert.True(r.Outcome == DisputeOutcome.ChallengerWins && r.DisputedNode == node, $"node {node} ({model.Graph.Nodes[node].OpType}): {r}");
            Assert.InRange(r.BisectionRounds, 1, CeilLog2(n));
            Assert.True(t.Replay(model.Skeleton).Consistency.IsValid);
            var swapped = PlaySegmented(model, inputs, honest, cheat).Referee.Ruling!;
            Assert.True(swapped.Outcome == DisputeOutcome.ClaimantWins && swapped.DisputedNode == node, $"node {node}, cheating challenger: {swapped}");
            types.Add(model.Graph.Nodes[node].OpType);
        }
        Assert.True(disputes >= 6, $"{disputes} disputes");
        Assert.Contains("QAdd", types);
    }

    [Fact]
    public void On_ezkl_nanoGPT_a_claimant_computing_with_a_wrong_weight_loses_in_a_chunk_of_the_first_node_using_it()
    {
        // The default claim's h; QGemm weights early, in the middle and at the end, and the position embedding, a committed
        // tensor that QAdd reads as a row operand (the referee cuts the chunk's rows from the opened whole tensor).
        var (model, inputs) = NanoGpt;
        var n = model.Graph.Nodes.Count;
        var g = TraceSegments.DefaultSegmentBits(n);
        const int H = TraceFormat.MaxDefaultChunkBits;
        var honest = model.ClaimSegmented(inputs, g, chunkBits: H);
        var gemms = model.Graph.Nodes.Where(x => x.OpType == "QGemm").Select(x => x.Inputs[2]).ToArray();
        // QAdd's operands are inputs 0 and 2 (the others are its zero points, multipliers and shift).
        var embedding = model.Graph.Nodes.Where(x => x.OpType == "QAdd").SelectMany(x => new[] { x.Inputs[0], x.Inputs[2] }).First(model.Skeleton.WeightNames.Contains);
        var rng = new Random(905);
        var disputes = 0;
        foreach (var weight in new[] { gemms[0], gemms[gemms.Length / 2], gemms[^1], embedding })
        {
            var consumer = model.Graph.Nodes.First(x => x.Inputs.Contains(weight)).Id;
            var cheat = Enumerable.Range(0, 20).Select(_ => model.ClaimSegmented(inputs, g, WrongWeight(model, weight, rng.Next()), keepAllOutputs: true, chunkBits: H))
                .FirstOrDefault(c => !SameCommitment(c, honest));
            if (cheat is null) continue;
            disputes++;
            var (t, referee) = PlaySegmented(model, inputs, cheat, honest);
            var r = referee.Ruling!;
            Assert.True(r.Outcome == DisputeOutcome.ChallengerWins && r.DisputedNode == consumer, $"{weight} (node {consumer}): {r}");
            Assert.Contains($" of {1 << H} of output ", r.Reason);
            Assert.InRange(r.BisectionRounds, 1, CeilLog2(n));
            Assert.True(t.Replay(model.Skeleton).Consistency.IsValid);
            var swapped = PlaySegmented(model, inputs, honest, cheat).Referee.Ruling!;
            Assert.True(swapped.Outcome == DisputeOutcome.ClaimantWins && swapped.DisputedNode == consumer, $"{weight}, cheating challenger: {swapped}");
        }
        Assert.True(disputes == 4, $"{disputes} disputes");
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void A_forged_chunk_leaf_in_a_consistent_fine_tree_loses_at_that_chunk(string name)
    {
        // The forger commits a forged segment leaf and reveals a fine tree that is honest but for one chunk leaf; its
        // reveals are consistent with that tree, so only the referee's chunk step can catch it.
        var model = ModelNamed(name);
        var n = model.Graph.Nodes.Count;
        var rng = new Random(908);
        foreach (var g in new[] { 0, TraceSegments.DefaultSegmentBits(n) }.Distinct())
        {
            var inputs = RandomInputs(model.Graph, rng);
            var honest = model.ClaimSegmented(inputs, g, chunkBits: 3);
            var segments = honest.Trace.Segments;
            foreach (var j in new[] { 0, segments.Count - 1 }.Distinct())
            {
                var fine = honest.Trace.FineLeaves(j).Select(l => l.ToArray()).ToArray();
                var leaf = rng.Next(fine.Length);
                rng.NextBytes(fine[leaf]);
                var (node, _) = segments.Slot(j, leaf >> 3);
                var (leaves, root) = ForgeSegmentLeaf(honest.Trace, j, rng);
                var forged = honest.Claim with { TraceRoot = root };
                IDisputeParty Forger(DisputeSetup s, DisputeRole role) => new ForgingSegmentParty(role, role == DisputeRole.Claimant ? ClaimantKey : ChallengerKey,
                    s.DisputeId, model, honest.Trace, inputs, coarse: leaves, fine: x => x == j ? fine : honest.Trace.FineLeaves(x));
                var r = PlaySegmented(model, inputs, honest, honest, statedClaim: forged, claimant: s => Forger(s, DisputeRole.Claimant)).Referee.Ruling!;
                // A forging claimant also opens the node's inputs with paths in its true tree, which its forged root does not
                // cover unless the forged leaf lies after them all: it loses on that opening or on the chunk, at that node.
                Assert.True(r.Outcome == DisputeOutcome.ChallengerWins && r.DisputedNode == node, $"g {g} leaf {leaf} (node {node}): {r}");
                Assert.True(r.Reason.Contains($"chunk {leaf & 7} of 8", StringComparison.Ordinal) || r.Reason.Contains($"inconsistent opening of input", StringComparison.Ordinal), r.Reason);
                // Against a forging challenger the honest claimant's openings hold, so the chunk step decides.
                var swapped = PlaySegmented(model, inputs, honest, honest, statedChallenge: forged, challenger: s => Forger(s, DisputeRole.Challenger)).Referee.Ruling!;
                Assert.True(swapped.Outcome == DisputeOutcome.ClaimantWins && swapped.DisputedNode == node, $"g {g} leaf {leaf}, forging challenger: {swapped}");
                Assert.Contains($"chunk {leaf & 7} of 8", swapped.Reason);
            }
        }
    }

    [Fact]
    public void Honest_parties_agree_and_claims_with_different_chunk_exponents_are_not_comparable()
    {
        var model = DigitsMlp;
        var inputs = RandomInputs(model.Graph, new Random(901));
        var a = model.ClaimSegmented(inputs, 1, chunkBits: 2);
        var b = model.ClaimSegmented(inputs, 1, chunkBits: 2);
        Assert.Equal(DisputeOutcome.ClaimsAgree, PlaySegmented(model, inputs, a, b).Referee.Ruling!.Outcome);
        var c = model.ClaimSegmented(inputs, 1, chunkBits: 3);
        Assert.Equal(a.Claim.TraceRoot, c.Claim.TraceRoot);
        Assert.Equal(DisputeOutcome.NotComparable, PlaySegmented(model, inputs, a, c).Referee.Ruling!.Outcome);
        var plain = model.ClaimSegmented(inputs, 1);
        Assert.Equal(DisputeOutcome.NotComparable, PlaySegmented(model, inputs, a, plain).Referee.Ruling!.Outcome);
    }

    [Fact]
    public void The_claim_carries_chunk_bits_only_when_above_zero()
    {
        var model = DigitsMlp;
        var inputs = RandomInputs(model.Graph, new Random(902));
        var chunked = model.ClaimSegmented(inputs, 1, chunkBits: 3).Claim;
        var bytes = chunked.ToStatementBytes();
        Assert.Contains("\"chunkBits\":3", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal(3, InferenceClaim.Parse(bytes).ChunkBits);
        var plain = model.ClaimSegmented(inputs, 1).Claim.ToStatementBytes();
        Assert.DoesNotContain("chunkBits", System.Text.Encoding.UTF8.GetString(plain));
        var zero = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(bytes).Replace("\"chunkBits\":3", "\"chunkBits\":0"));
        Assert.Contains("chunkBits", Assert.Throws<ProvenantFormatException>(() => InferenceClaim.Parse(zero)).Message);
        var big = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(bytes).Replace("\"chunkBits\":3", "\"chunkBits\":9"));
        Assert.Throws<ProvenantFormatException>(() => InferenceClaim.Parse(big));
    }

    [Fact]
    public void Without_an_exponent_a_claim_gets_one_from_the_rows_its_segment_exports_have()
    {
        Assert.Equal([0, 1, 1, 5, 6, 6, 6], new long[] { 1, 2, 3, 63, 64, 65, 1L << 40 }.Select(TraceChunks.DefaultChunkBits));
        Assert.Throws<ArgumentOutOfRangeException>(() => TraceChunks.DefaultChunkBits(0));
        // The digits MLP's activations are single rows [1, width]: no chunks. The MNIST CNN at the default g exports its
        // flattened features (one row): no chunks either; with segments of 2 nodes it exports [1, C, H, W] convolution
        // outputs (C·H rows): 2^6 chunks, the cap. ezkl-nanoGPT exports [1, 64, 64] activations: 2^6 chunks.
        var digits = DigitsMlp.ClaimSegmented(RandomInputs(DigitsMlp.Graph, new Random(903)), chunkBits: null);
        Assert.Equal(1, digits.Trace.ExportRows);
        Assert.Equal(0, digits.Claim.ChunkBits);
        var mnistInput = RandomInputs(MnistCnn.Graph, new Random(904));
        var mnist = MnistCnn.ClaimSegmented(mnistInput, chunkBits: null);
        Assert.Equal(1, mnist.Trace.ExportRows);
        Assert.Equal(0, mnist.Claim.ChunkBits);
        var mnistPairs = MnistCnn.ClaimSegmented(mnistInput, 1, chunkBits: null);
        Assert.True(mnistPairs.Trace.ExportRows >= 64, $"{mnistPairs.Trace.ExportRows} rows");
        Assert.Equal(TraceFormat.MaxDefaultChunkBits, mnistPairs.Claim.ChunkBits);
        var (gpt, gptInput) = NanoGpt;
        var nano = gpt.ClaimSegmented(gptInput, chunkBits: null);
        Assert.Equal(64, nano.Trace.ExportRows);
        Assert.Equal(TraceFormat.MaxDefaultChunkBits, nano.Claim.ChunkBits);
        // An exponent asked for is kept, 0 included.
        Assert.Equal(0, gpt.ClaimSegmented(gptInput, chunkBits: 0).Claim.ChunkBits);
    }

    public static TheoryData<string> Forgeries => ["rows byte", "path", "other chunk", "chunk for slot", "slot tensor byte"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void A_cheating_claimant_forging_a_chunk_or_slot_opening_loses_on_it(string forgery)
    {
        // The claimant lies about a node of the one segment holding the whole model and forges its node opening. Chunk
        // openings occur at row-local nodes (every node of the MLP), slot openings where a node needs an input of the
        // segment whole (the CNN's pools and convolutions).
        var rng = new Random(903);
        var played = 0;
        foreach (var model in new[] { SkipMlp, MnistCnn })
        for (var attempt = 0; attempt < 30 && played < 3; attempt++)
        {
            var n = model.Graph.Nodes.Count;
            var inputs = RandomInputs(model.Graph, rng);
            var node = 1 + rng.Next(n - 1);
            var honest = model.ClaimSegmented(inputs, CeilLog2(n), chunkBits: 2);
            var cheat = Faulty(model, inputs, CeilLog2(n), node, rng.Next(), 2);
            if (SameCommitment(cheat, honest)) continue;
            var forged = false;
            var r = PlaySegmented(model, inputs, cheat, honest,
                claimant: s => new ForgingChunkParty(s, model, cheat.Trace, inputs, forgery, () => forged = true)).Referee.Ruling!;
            if (!forged) continue;
            played++;
            Assert.True(r.Outcome == DisputeOutcome.ChallengerWins, $"{forgery} at node {node}: {r}");
            Assert.True(r.Reason.Contains("inconsistent opening", StringComparison.Ordinal) || r.Reason.Contains("chunk", StringComparison.Ordinal), r.Reason);
        }
        Assert.True(played >= 1, $"no game gave the claimant an opening to forge ({forgery})");
    }

    [Fact]
    public void Random_hostile_changes_to_chunk_and_slot_openings_make_the_claimant_lose_and_never_break_the_referee()
    {
        // An honest claimant (its claim is right) that garbles one field of one opening of its node move: dims, dtype,
        // indices, rows, proofs. The referee must rule against it every time, without throwing.
        var rng = new Random(905);
        var ruled = 0;
        foreach (var model in new[] { SkipMlp, MnistCnn })
        {
            var n = model.Graph.Nodes.Count;
            for (var attempt = 0; attempt < 30; attempt++)
            {
                var inputs = RandomInputs(model.Graph, rng);
                var node = 1 + rng.Next(n - 1);
                var honest = model.ClaimSegmented(inputs, CeilLog2(n), chunkBits: 2);
                var cheat = Faulty(model, inputs, CeilLog2(n), node, rng.Next(), 2);
                if (SameCommitment(cheat, honest)) continue;
                var seed = rng.Next();
                var garbled = false;
                // The honest party is the claimant here: it would win, unless its garbled opening makes it lose.
                var r = PlaySegmented(model, inputs, honest, cheat,
                    claimant: s => new GarblingParty(s, model, honest.Trace, inputs, new Random(seed), () => garbled = true)).Referee.Ruling!;
                if (!garbled) continue;
                ruled++;
                Assert.True(r.Outcome == DisputeOutcome.ChallengerWins, $"node {node}, seed {seed}: {r}");
            }
        }
        Assert.True(ruled >= 20, $"{ruled} garbled games");
    }

    /// <summary>A claimant that changes one random field of one chunk or slot opening of its node move to a hostile value.</summary>
    private sealed class GarblingParty(DisputeSetup setup, DisputeModel model, SegmentedTrace trace, IReadOnlyDictionary<string, Inference.Tensors.Tensor> inputs,
        Random rng, Action garbled) : TraceParty(DisputeRole.Claimant, ClaimantKey, setup.DisputeId, model, trace, inputs)
    {
        private static readonly long[] Hostile = [0, 1, 2, 3, 7, 255, 65_536, int.MaxValue, 1L << 40];

        public override DisputeMessage Compose(DisputeExpectation expectation)
        {
            var m = base.Compose(expectation);
            if (m.Kind != DisputeMessage.Node) return m;
            var body = (JsonObject)m.Body.DeepClone();
            var openings = body["inputs"]!.AsArray().OfType<JsonObject>().Where(o => (string)o["kind"]! is "chunk" or "slot").ToArray();
            if (openings.Length == 0) return m;
            var o = openings[rng.Next(openings.Length)];
            var t = (string)o["kind"]! == "slot" ? o["tensor"]!.AsObject() : o;
            var before = o.ToJsonString();
            switch (rng.Next(7))
            {
                case 0:
                    o["node"] = Hostile[rng.Next(Hostile.Length)];
                    break;
                case 1:
                    o["output"] = Hostile[rng.Next(Hostile.Length)];
                    break;
                case 2:
                    if ((string)o["kind"]! == "chunk") o["chunk"] = Hostile[rng.Next(Hostile.Length)];
                    else o["kind"] = "chunk";
                    break;
                case 3:
                    t["dtype"] = new[] { 1, 2, 3, 5, 6, 7, 9, 10, 11, 16, 64 }[rng.Next(11)];
                    break;
                case 4:
                    var shape = t["shape"]!.AsArray();
                    if (shape.Count == 0 || rng.Next(3) == 0) shape.Add(Hostile[rng.Next(Hostile.Length)]);
                    else shape[rng.Next(shape.Count)] = Hostile[rng.Next(Hostile.Length)];
                    break;
                case 5:
                    var data = Convert.FromBase64String((string)t["data"]!);
                    t["data"] = Convert.ToBase64String(rng.Next(2) == 0 ? data[..(data.Length / 2)] : [.. data, .. data]);
                    break;
                default:
                    var proof = o["proof"]!.AsArray();
                    if (proof.Count > 0 && rng.Next(2) == 0) proof.RemoveAt(rng.Next(proof.Count));
                    else proof.Add(new string('0', 64));
                    break;
            }
            if (o.ToJsonString() == before) return m; // the draw changed nothing (an empty chunk's rows, a dim set to itself)
            garbled();
            return new DisputeMessage(m.DisputeId, m.Sequence, m.From, m.Kind, body) { Previous = m.Previous };
        }
    }

    [Theory]
    [InlineData("changed leaf")]
    [InlineData("dropped leaf")]
    [InlineData("extra leaf")]
    public void A_chunk_reveal_that_does_not_hash_to_the_committed_subtree_loses(string forgery)
    {
        var model = SkipMlp;
        var n = model.Graph.Nodes.Count;
        var rng = new Random(906);
        var played = 0;
        for (var attempt = 0; attempt < 20 && played < 3; attempt++)
        {
            var inputs = RandomInputs(model.Graph, rng);
            var node = rng.Next(n);
            var honest = model.ClaimSegmented(inputs, CeilLog2(n), chunkBits: 3);
            var cheat = Faulty(model, inputs, CeilLog2(n), node, rng.Next(), 3);
            if (SameCommitment(cheat, honest)) continue;
            var forged = false;
            var r = PlaySegmented(model, inputs, cheat, honest, claimant: s => new RevealForger(s, model, cheat.Trace, inputs, forgery, () => forged = true)).Referee.Ruling!;
            Assert.True(forged, "the game reached no chunk reveal");
            played++;
            Assert.True(r.Outcome == DisputeOutcome.ChallengerWins, $"{forgery} at node {node}: {r}");
            Assert.Contains(forgery == "changed leaf" ? "do not hash" : "leaves", r.Reason);
        }
        Assert.True(played >= 1);
    }

    /// <summary>A claimant whose chunk-leaf reveal (the fan-out move) is altered.</summary>
    private sealed class RevealForger(DisputeSetup setup, DisputeModel model, SegmentedTrace trace, IReadOnlyDictionary<string, Inference.Tensors.Tensor> inputs,
        string forgery, Action forged) : TraceParty(DisputeRole.Claimant, ClaimantKey, setup.DisputeId, model, trace, inputs)
    {
        public override DisputeMessage Compose(DisputeExpectation expectation)
        {
            var m = base.Compose(expectation);
            if (m.Body["leaves"] is not JsonArray) return m;
            var body = (JsonObject)m.Body.DeepClone();
            var leaves = body["leaves"]!.AsArray();
            if (forgery == "changed leaf") leaves[leaves.Count - 1] = new string('a', 64);
            else if (forgery == "dropped leaf") leaves.RemoveAt(0);
            else leaves.Add(new string('b', 64));
            forged();
            return new DisputeMessage(m.DisputeId, m.Sequence, m.From, m.Kind, body) { Previous = m.Previous };
        }
    }

    /// <summary>An honest-looking claimant that alters the first chunk or slot opening of its node move.</summary>
    private sealed class ForgingChunkParty(DisputeSetup setup, DisputeModel model, SegmentedTrace trace, IReadOnlyDictionary<string, Inference.Tensors.Tensor> inputs,
        string forgery, Action forged) : TraceParty(DisputeRole.Claimant, ClaimantKey, setup.DisputeId, model, trace, inputs)
    {
        public override DisputeMessage Compose(DisputeExpectation expectation)
        {
            var m = base.Compose(expectation);
            if (m.Kind != DisputeMessage.Node) return m;
            var body = (JsonObject)m.Body.DeepClone();
            foreach (var input in body["inputs"]!.AsArray())
            {
                if (input is not JsonObject o) continue;
                var kind = (string)o["kind"]!;
                switch (forgery)
                {
                    case "rows byte" when kind == "chunk" && ((string)o["data"]!).Length > 0:
                        o["data"] = Flip((string)o["data"]!);
                        break;
                    case "path" when kind is "chunk" or "slot" && o["proof"]!.AsArray().Count > 0:
                        var path = o["proof"]!.AsArray();
                        path[0] = new string(((string)path[0]!).Reverse().ToArray());
                        break;
                    case "other chunk" when kind == "chunk":
                        o["chunk"] = ((int)o["chunk"]! + 1) % 4;
                        break;
                    case "chunk for slot" when kind == "slot":
                        var t = o["tensor"]!.AsObject();
                        o.Remove("tensor");
                        o["kind"] = "chunk";
                        o["chunk"] = 0;
                        o["dtype"] = t["dtype"]!.DeepClone();
                        o["shape"] = t["shape"]!.DeepClone();
                        o["data"] = "";
                        break;
                    case "slot tensor byte" when kind == "slot" && ((string)o["tensor"]!["data"]!).Length > 0:
                        o["tensor"]!["data"] = Flip((string)o["tensor"]!["data"]!);
                        break;
                    default:
                        continue;
                }
                forged();
                return new DisputeMessage(m.DisputeId, m.Sequence, m.From, m.Kind, body) { Previous = m.Previous };
            }
            return m;
        }

        private static string Flip(string base64)
        {
            var bytes = Convert.FromBase64String(base64);
            bytes[0] ^= 1;
            return Convert.ToBase64String(bytes);
        }
    }
}
