using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provenant.Core.Merkle;
using Provenant.Formats.Onnx;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;
using Provenant.Proofs.Disputes;
using static Provenant.Proofs.Tests.Disputes.DisputeFixtures;

namespace Provenant.Proofs.Tests.Disputes;

/// <summary>Trace format 3 helpers: a quantized MLP with skip connections, segmented games, cheating segmented traces
/// and parties that forge segment leaves, per-node leaves or moves.</summary>
internal static class SegmentFixtures
{
    private static readonly Lazy<DisputeModel> Skip = new(BuildSkipMlp);

    /// <summary>
    /// A quantized float MLP with two skip connections (x [1, 16]): h0 = relu(x W0 + b0), h1 = relu(h0 W1 + b1),
    /// h2 = relu(h1 W2 + b2), s = h0 + h2, t = relu(s W3 + b3), u = t + h1, y = u W4 + b4 [1, 8]: h0 and h1 are read
    /// by a node several nodes later, so for small g they cross segments that are not adjacent.
    /// </summary>
    public static DisputeModel SkipMlp => Skip.Value;

    public static IEnumerable<DisputeModel> Models => [DigitsMlp, MnistCnn, SkipMlp];

    /// <summary>The model a theory names: "digits", "mnist" or "skip".</summary>
    public static DisputeModel ModelNamed(string name) => name switch { "digits" => DigitsMlp, "mnist" => MnistCnn, _ => SkipMlp };

    /// <summary>g values to try on a model of n nodes: 0, 1, 2, the default, ⌈log2 n⌉ (one segment) and one more.</summary>
    public static int[] SegmentBitsFor(int n) => new[] { 0, 1, 2, TraceSegments.DefaultSegmentBits(n), CeilLog2(n), CeilLog2(n) + 1 }.Distinct().ToArray();

    private static DisputeModel BuildSkipMlp()
    {
        var rng = new Random(5);
        var nodes = new List<OnnxNode>();
        var inits = new List<OnnxTensor>();
        string Dense(string x, int i, int rows, int cols, bool relu)
        {
            var w = new float[rows * cols];
            for (var k = 0; k < w.Length; k++) w[k] = (float)((rng.NextDouble() * 2 - 1) * 0.5);
            var b = new float[cols];
            for (var k = 0; k < b.Length; k++) b[k] = (float)(rng.NextDouble() * 0.1);
            inits.Add(new OnnxTensor($"w{i}", OnnxDataType.Float, [rows, cols], Raw(w)));
            inits.Add(new OnnxTensor($"b{i}", OnnxDataType.Float, [cols], Raw(b)));
            nodes.Add(new OnnxNode($"mm{i}", "MatMul", "", [x, $"w{i}"], [$"m{i}"], []));
            nodes.Add(new OnnxNode($"add{i}", "Add", "", [$"m{i}", $"b{i}"], [relu ? $"a{i}" : "y"], []));
            if (!relu) return "y";
            nodes.Add(new OnnxNode($"relu{i}", "Relu", "", [$"a{i}"], [$"h{i}"], []));
            return $"h{i}";
        }
        var h0 = Dense("x", 0, 16, 16, true);
        var h1 = Dense(h0, 1, 16, 16, true);
        var h2 = Dense(h1, 2, 16, 16, true);
        nodes.Add(new OnnxNode("skip0", "Add", "", [h0, h2], ["s"], []));
        var t = Dense("s", 3, 16, 16, true);
        nodes.Add(new OnnxNode("skip1", "Add", "", [t, h1], ["u"], []));
        Dense("u", 4, 16, 8, false);
        var graph = new OnnxGraph("skip-mlp", nodes, inits, [new OnnxValueInfo("x", OnnxDataType.Float, [new(1, null), new(16, null)])],
            [new OnnxValueInfo("y", OnnxDataType.Float, [new(1, null), new(8, null)])], []);
        var path = Path.Combine(Directory.CreateTempSubdirectory("provenant-skip-").FullName, "skip-mlp.onnx");
        OnnxModelWriter.Write(path, new OnnxModel(8, [new OnnxOpsetImport("", 13)], "provenant-tests", "", graph));
        return Quantize(path, 4f);
    }

    private static byte[] Raw(float[] v)
    {
        var bytes = new byte[v.Length * 4];
        Buffer.BlockCopy(v, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>
    /// For each of <paramref name="nodes"/>, on fresh random inputs: an honest format-3 claim (g, h) and one whose run
    /// computes a wrong element at that node. A fault masked before any export makes no dispute (the claims agree);
    /// otherwise the challenger wins at that node within <paramref name="maxRounds"/> rounds (in a chunk when h &gt; 0), the
    /// transcript replays, and with the roles swapped the honest claimant wins at that node. Returns the disputes played.
    /// </summary>
    public static int AssertWrongNodesLose(DisputeModel model, int g, int h, IEnumerable<int> nodes, Random rng, int maxRounds)
    {
        var disputes = 0;
        foreach (var node in nodes)
        {
            var inputs = RandomInputs(model.Graph, rng);
            var honest = model.ClaimSegmented(inputs, g, chunkBits: h);
            var cheat = Faulty(model, inputs, g, node, rng.Next(), h);
            Assert.Equal(3, cheat.Claim.TraceVersion);
            Assert.Equal(g, cheat.Claim.SegmentBits);
            Assert.Equal(h, cheat.Claim.ChunkBits);
            var (t, referee) = PlaySegmented(model, inputs, cheat, honest);
            var r = referee.Ruling!;
            if (SameCommitment(cheat, honest))
            {
                // The fault was masked before any export: the claim commits to nothing wrong.
                Assert.Equal(DisputeOutcome.ClaimsAgree, r.Outcome);
                continue;
            }
            disputes++;
            Assert.True(r.Outcome == DisputeOutcome.ChallengerWins, $"g {g} h {h} node {node}: {r}");
            Assert.Equal(node, r.DisputedNode);
            Assert.InRange(r.BisectionRounds, 0, maxRounds);
            if (h > 0) Assert.Contains("chunk", r.Reason);
            Assert.True(t.Replay(model.Skeleton).Consistency.IsValid);
            var swapped = PlaySegmented(model, inputs, honest, cheat).Referee.Ruling!;
            Assert.True(swapped.Outcome == DisputeOutcome.ClaimantWins, $"g {g} h {h} node {node}, cheating challenger: {swapped}");
            Assert.Equal(node, swapped.DisputedNode);
        }
        return disputes;
    }

    /// <summary>Whether two format-3 runs commit to the same trace root and output (a fault masked before any export).</summary>
    public static bool SameCommitment(SegmentedClaimedRun a, SegmentedClaimedRun b) =>
        a.Claim.TraceRoot.AsSpan().SequenceEqual(b.Claim.TraceRoot) && a.Claim.OutputDigest.AsSpan().SequenceEqual(b.Claim.OutputDigest);

    /// <summary>Plays a format-3 game, honest strategies unless parties are given.</summary>
    public static (DisputeTranscript Transcript, DisputeReferee Referee) PlaySegmented(DisputeModel model, IReadOnlyDictionary<string, Tensor> inputs,
        SegmentedClaimedRun claim, SegmentedClaimedRun challenge, Func<DisputeSetup, IDisputeParty>? claimant = null,
        Func<DisputeSetup, IDisputeParty>? challenger = null, InferenceClaim? statedClaim = null, InferenceClaim? statedChallenge = null)
    {
        var setup = DisputeSetup.Create(Sign(statedClaim ?? claim.Claim, ClaimantKey), ClaimantKey, Sign(statedChallenge ?? challenge.Claim, ChallengerKey), ChallengerKey);
        var c = claimant?.Invoke(setup) ?? new TraceParty(DisputeRole.Claimant, ClaimantKey, setup.DisputeId, model, claim.Trace, inputs);
        var h = challenger?.Invoke(setup) ?? new TraceParty(DisputeRole.Challenger, ChallengerKey, setup.DisputeId, model, challenge.Trace, inputs);
        return DisputeGame.Play(setup, model.Skeleton, c, h, TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// A format-3 run whose node <paramref name="node"/> computed one wrong element that later nodes read. The trace
    /// keeps a copy of each node's outputs as they were produced: the fault edits a buffer in place, which an earlier
    /// node shares when the node is a view (Reshape, Flatten), and the honest engine never does that.
    /// </summary>
    public static SegmentedClaimedRun Faulty(DisputeModel model, IReadOnlyDictionary<string, Tensor> inputs, int g, int node, int element, int chunkBits = 0)
    {
        var fault = PropagatingFault(model, node, element);
        return model.ClaimSegmented(inputs, g, (x, onNode, ct) => fault(x, (n, outs) => onNode?.Invoke(n, outs.Select(Copy).ToArray()), ct), keepAllOutputs: true,
            chunkBits: chunkBits);
    }

    private static Tensor? Copy(Tensor? t) => t is null ? null
        : Tensor.FromOnnx(new OnnxTensor("", TensorDataTypes.ToOnnx(t.DataType), t.Shape.Select(d => (long)d).ToArray(), t.ToBytes()), "copy");

    /// <summary>A party that plays from its segmented trace, but bisects over <c>coarse</c> segment leaves when given,
    /// over <c>fine(j)</c> per-node leaves of segment j when given, and rewrites each move with <c>forge</c>.</summary>
    public sealed class ForgingSegmentParty(DisputeRole role, ECDsa key, byte[] disputeId, DisputeModel model, SegmentedTrace trace,
        IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyList<byte[]>? coarse = null, Func<int, IReadOnlyList<byte[]>>? fine = null,
        Func<DisputeExpectation, DisputeMessage, DisputeMessage>? forge = null)
        : TraceParty(role, key, disputeId, model, trace, inputs)
    {
        private readonly TraceSegments _segments = trace.Segments;
        private readonly int _chunkBits = trace.ChunkBits;

        protected override IReadOnlyList<byte[]> SegmentPath(int segment) => coarse is null ? base.SegmentPath(segment) : InclusionProof.Generate(coarse, (ulong)segment);

        public override DisputeMessage Compose(DisputeExpectation e)
        {
            var m = base.Compose(e);
            if (coarse is not null && e.Kind == DisputeMessage.Bisect && e.Segment is null) m = m with { Body = TreeBisection.Move(coarse, e) };
            if (fine is not null && e.Segment is { } j && (e.Kind == DisputeMessage.Segment || e.Kind == DisputeMessage.Bisect))
            {
                var leaves = fine(j);
                var h = _chunkBits;
                var body = TreeBisection.Move(leaves, e, h == 0 ? _segments.Start(j) : 0, _segments.FineFanOut(j, h));
                if (e.Kind == DisputeMessage.Segment) body["root"] = Core.Hashing.Hex.Encode(Rfc9162.RootFromLeafHashes(leaves));
                m = m with { Body = body };
            }
            return forge is null ? m : forge(e, m);
        }
    }

    /// <summary>The segment leaves of <paramref name="trace"/> with leaf <paramref name="segment"/> replaced by random bytes, and the root over them.</summary>
    public static (byte[][] Leaves, byte[] Root) ForgeSegmentLeaf(SegmentedTrace trace, int segment, Random rng)
    {
        var leaves = trace.SegmentLeaves.Select(l => l.ToArray()).ToArray();
        rng.NextBytes(leaves[segment]);
        return (leaves, Rfc9162.RootFromLeafHashes(leaves));
    }

    /// <summary>Segment <paramref name="segment"/>'s per-node leaves with node <paramref name="node"/>'s replaced by random bytes.</summary>
    public static IReadOnlyList<byte[]> ForgeNodeLeaf(SegmentedTrace trace, int segment, int node, Random rng)
    {
        var leaves = trace.FineLeaves(segment).Select(l => l.ToArray()).ToArray();
        rng.NextBytes(leaves[node - trace.Segments.Start(segment)]);
        return leaves;
    }

    /// <summary>Rewrites the first opening of a kind in a node, outputs or exports move.</summary>
    public static DisputeMessage EditOpening(DisputeMessage m, string openingKind, Action<JsonObject> edit)
    {
        if (m.Kind is not (DisputeMessage.Node or DisputeMessage.Outputs or DisputeMessage.Exports)) return m;
        var body = (JsonObject)m.Body.DeepClone();
        var list = (JsonArray)(body["inputs"] ?? body["values"])!;
        if (list.OfType<JsonObject>().FirstOrDefault(o => (string?)o["kind"] == openingKind) is not { } opening) return m;
        edit(opening);
        return m with { Body = body };
    }
}
