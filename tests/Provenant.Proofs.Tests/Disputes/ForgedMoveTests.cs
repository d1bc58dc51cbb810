using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provenant.Core.Hashing;
using Provenant.Proofs.Disputes;
using static Provenant.Proofs.Tests.Disputes.DisputeFixtures;

namespace Provenant.Proofs.Tests.Disputes;

/// <summary>Cheaters that also forge their moves: openings of other values, changed tensors, wrong proofs, inconsistent
/// bisection hashes, wrong rounds, silence, other keys. Each must lose.</summary>
public sealed class ForgedMoveTests
{
    private static (DisputeTranscript T, DisputeRuling R) CheatWithForgery(int node, int seed, Func<DisputeExpectation, DisputeMessage, DisputeMessage> forge,
        DisputeModel? model = null, int version = 2)
    {
        model ??= MnistCnn;
        var rng = new Random(seed);
        var inputs = RandomInputs(model.Graph, rng);
        var honest = model.Claim(inputs, traceVersion: version);
        var cheatTrace = CorruptLeaf(model, honest.Trace, node, rng);
        var (t, referee) = Play(model, inputs, From(model, cheatTrace), honest,
            claimant: s => new ForgingParty(DisputeRole.Claimant, ClaimantKey, s.DisputeId, model, cheatTrace, inputs, forge));
        return (t, referee.Ruling!);
    }

    private static DisputeMessage EditNodeInput(DisputeExpectation e, DisputeMessage m, Action<JsonObject> edit)
    {
        if (m.Kind != DisputeMessage.Node) return m;
        var body = (JsonObject)m.Body.DeepClone();
        var opening = ((JsonArray)body["inputs"]!).OfType<JsonObject>().First();
        edit(opening);
        return m with { Body = body };
    }

    private static readonly string[] ForgeryNames =
    [
        "tensor-byte", "activation-from-other-trace", "weight-proof-other-tensor", "proof-path", "node-index", "bisect-left", "bisect-round", "inputs-digest",
        "output-index",
    ];

    /// <summary>Every forgery in trace format 2 (what claims use) and format 1 (claims made before it).</summary>
    public static TheoryData<string, int> Forgeries
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var f in ForgeryNames)
            {
                data.Add(f, 2);
                data.Add(f, 1);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void A_cheating_claimant_that_forges_its_moves_loses(string forgery, int version)
    {
        var model = MnistCnn;
        var n = model.Graph.Nodes.Count;
        var forge = Forge(model, forgery, version);
        var rng = new Random(forgery.Length * 31);
        foreach (var node in new[] { 0, 1, n / 2, n - 1, rng.Next(n), rng.Next(n) })
        {
            var (t, r) = CheatWithForgery(node, rng.Next(), forge, model, version);
            Assert.True(r.Outcome == DisputeOutcome.ChallengerWins, $"{forgery} at node {node}: {r}");
            Assert.DoesNotContain("side failed", r.Reason); // the forgery was made and judged, not a crash of the test's forger
            Assert.True(t.Replay(model.Skeleton).Consistency.IsValid);
        }
    }

    /// <summary>The forgery alone decides: the claimant's trace is right and the challenger's is wrong at the disputed
    /// node, so the claimant would win if the referee did not reject the forged move.</summary>
    [Theory]
    [MemberData(nameof(Forgeries))]
    public void A_forged_move_loses_even_for_a_claimant_whose_trace_is_right(string forgery, int version)
    {
        var model = MnistCnn;
        var forge = Forge(model, forgery, version);
        var nodes = Enumerable.Range(0, model.Graph.Nodes.Count).Where(i => Applies(model, forgery, i)).ToArray();
        Assert.NotEmpty(nodes);
        var rng = new Random(forgery.Length * 37);
        foreach (var node in nodes)
        {
            var inputs = RandomInputs(model.Graph, rng);
            var honest = model.Claim(inputs, traceVersion: version);
            var wrong = CorruptLeaf(model, honest.Trace, node, rng);
            var (_, referee) = Play(model, inputs, honest, From(model, wrong),
                claimant: s => new ForgingParty(DisputeRole.Claimant, ClaimantKey, s.DisputeId, model, honest.Trace, inputs, forge));
            var r = referee.Ruling!;
            Assert.True(r.Outcome == DisputeOutcome.ChallengerWins, $"{forgery} at node {node}: {r}");
            Assert.DoesNotContain("re-executed", r.Reason);
            Assert.DoesNotContain("side failed", r.Reason);
        }
    }

    private static bool Applies(DisputeModel model, string forgery, int node)
    {
        var inputs = model.Skeleton.Nodes[node].Inputs;
        var first = inputs[0];
        return forgery switch
        {
            "activation-from-other-trace" or "output-index" => model.Skeleton.Producer(first) is not null,
            "weight-proof-other-tensor" => inputs.Any(model.Skeleton.WeightNames.Contains),
            "inputs-digest" => model.Skeleton.InputNames.Contains(first),
            "bisect-left" or "bisect-round" => model.Graph.Nodes.Count > 1,
            "proof-path" => model.Skeleton.Producer(first) is not null || model.Skeleton.WeightNames.Contains(first),
            _ => true,
        };
    }

    // The revealed tensor of an opening: "tensor" (weights; activations in format 1), the first present output
    // (activations in format 2) or the first graph input (input openings).
    private static JsonObject OpenedTensor(JsonObject o) =>
        o["tensor"] as JsonObject ?? (o["outputs"] as JsonArray)?.OfType<JsonObject>().First() ?? (JsonObject)((JsonObject)((JsonArray)o["inputs"]!)[0]!)["tensor"]!;

    private static Func<DisputeExpectation, DisputeMessage, DisputeMessage> Forge(DisputeModel model, string forgery, int version)
    {
        var n = model.Graph.Nodes.Count;
        var honestForOther = model.Claim(RandomInputs(model.Graph, new Random(9)), traceVersion: version);
        return forgery switch
        {
            "output-index" => (e, m) => EditNodeInput(e, m, o =>
            {
                if ((string)o["kind"]! is "activation" or "activation-v2") o["output"] = 1;
            }),
            "tensor-byte" => (e, m) => EditNodeInput(e, m, o =>
            {
                var t = OpenedTensor(o);
                var data = Convert.FromBase64String((string)t["data"]!);
                data[0] ^= 1;
                t["data"] = Convert.ToBase64String(data);
            }),
            "activation-from-other-trace" => (e, m) =>
            {
                if (m.Kind != DisputeMessage.Node || e.RangeStart == 0) return m;
                var other = new TraceParty(DisputeRole.Claimant, ClaimantKey, m.DisputeId, model, honestForOther.Trace, RandomInputs(model.Graph, new Random(9)));
                var body = (JsonObject)m.Body.DeepClone();
                var name = model.Skeleton.Nodes[e.RangeStart].Inputs[0];
                body["inputs"]![0] = other.Open(name).ToJson();
                return m with { Body = body };
            },
            "weight-proof-other-tensor" => (e, m) =>
            {
                if (m.Kind != DisputeMessage.Node) return m;
                var node = model.Skeleton.Nodes[e.RangeStart];
                var p = node.Inputs.ToList().FindIndex(x => model.Skeleton.WeightNames.Contains(x));
                if (p < 0) return m;
                var body = (JsonObject)m.Body.DeepClone();
                var otherWeight = model.Skeleton.WeightNames.First(w => w != node.Inputs[p]);
                ((JsonObject)body["inputs"]![p]!)["proof"] = model.Tensors.Prove(otherWeight).ToJson();
                return m with { Body = body };
            },
            "proof-path" => (e, m) => EditNodeInput(e, m, o =>
            {
                if (o["proof"] is null) return; // an input opening has no path
                var path = o["proof"] is JsonArray a ? a : (JsonArray)((JsonObject)o["proof"]!)["proof"]!;
                if (path.Count > 0) path[0] = Hex.Encode(new byte[32]);
                else path.Add(Hex.Encode(new byte[32]));
            }),
            "node-index" => (e, m) => m.Kind != DisputeMessage.Node ? m : m with { Body = new JsonObject { ["index"] = (e.RangeStart + 1) % n, ["inputs"] = m.Body["inputs"]!.DeepClone() } },
            "bisect-left" => (e, m) => m.Kind != DisputeMessage.Bisect ? m : m with { Body = new JsonObject { ["round"] = e.Round, ["left"] = Hex.Encode(RandomNumberGenerator.GetBytes(32)), ["right"] = m.Body["right"]!.DeepClone() } },
            "bisect-round" => (e, m) => m.Kind != DisputeMessage.Bisect ? m : m with { Body = new JsonObject { ["round"] = e.Round + 1, ["left"] = m.Body["left"]!.DeepClone(), ["right"] = m.Body["right"]!.DeepClone() } },
            _ => (e, m) => EditNodeInput(e, m, o =>
            {
                if (o["inputs"] is not JsonArray) return;
                var t = OpenedTensor(o);
                var data = Convert.FromBase64String((string)t["data"]!);
                data[^1] ^= 0x40;
                t["data"] = Convert.ToBase64String(data);
            }),
        };
    }

    [Fact]
    public void A_cheating_challenger_that_forges_bisection_moves_loses()
    {
        var model = DigitsMlp;
        var rng = new Random(700);
        for (var trial = 0; trial < 10; trial++)
        {
            var inputs = RandomInputs(model.Graph, rng);
            var honest = model.Claim(inputs);
            var node = rng.Next(model.Graph.Nodes.Count);
            var cheatTrace = CorruptLeaf(model, honest.Trace, node, rng);
            var forgeRound = trial % 3;
            var (_, referee) = Play(model, inputs, honest, From(model, cheatTrace), challenger: s => new ForgingParty(DisputeRole.Challenger, ChallengerKey,
                s.DisputeId, model, cheatTrace, inputs, (e, m) => m.Kind == DisputeMessage.Bisect && e.Round == forgeRound
                    ? m with { Body = new JsonObject { ["round"] = e.Round, ["left"] = m.Body["right"]!.DeepClone(), ["right"] = m.Body["left"]!.DeepClone() } }
                    : m));
            Assert.Equal(DisputeOutcome.ClaimantWins, referee.Ruling!.Outcome);
        }
    }

    [Fact]
    public void A_party_that_stops_answering_or_gives_up_or_fails_loses()
    {
        var model = DigitsMlp;
        var inputs = RandomInputs(model.Graph, new Random(800));
        var honest = model.Claim(inputs);
        var cheat = From(model, CorruptLeaf(model, honest.Trace, 1, new Random(1)));
        var setup = DisputeSetup.Create(Sign(honest.Claim, ClaimantKey), ClaimantKey, Sign(cheat.Claim, ChallengerKey), ChallengerKey);
        var claimant = new TraceParty(DisputeRole.Claimant, ClaimantKey, setup.DisputeId, model, honest.Trace, inputs);
        foreach (var behaviour in new Func<DisputeExpectation, SignedDisputeMessage?>[]
                 {
                     _ => { Thread.Sleep(30_000); return null; },
                     _ => null,
                     _ => throw new IOException("connection reset"),
                 })
        {
            // The deadline must leave the honest claimant time to answer on a loaded 2-core CI machine (2 s did not).
            var (t, referee) = DisputeGame.Play(setup, model.Skeleton, claimant, new LambdaParty(DisputeRole.Challenger, behaviour), TimeSpan.FromSeconds(8));
            Assert.Equal(DisputeOutcome.ClaimantWins, referee.Ruling!.Outcome);
            Assert.Contains("did not answer", referee.Ruling.Reason);
            // The saved transcript ends while the challenger's move is awaited: a referee replaying it rules the same.
            Assert.True(t.Replay(model.Skeleton).Consistency.IsValid, t.Replay(model.Skeleton).Consistency.Reason);
        }
        var silentClaimant = DisputeGame.Play(setup, model.Skeleton, new LambdaParty(DisputeRole.Claimant, _ => null),
            new TraceParty(DisputeRole.Challenger, ChallengerKey, setup.DisputeId, model, cheat.Trace, inputs), TimeSpan.FromSeconds(5));
        Assert.Equal(DisputeOutcome.ChallengerWins, silentClaimant.Referee.Ruling!.Outcome);
    }

    [Fact]
    public void A_move_signed_with_another_key_loses()
    {
        var model = DigitsMlp;
        var inputs = RandomInputs(model.Graph, new Random(900));
        var honest = model.Claim(inputs);
        var cheat = From(model, CorruptLeaf(model, honest.Trace, 2, new Random(2)));
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (_, referee) = Play(model, inputs, honest, cheat,
            claimant: s => new TraceParty(DisputeRole.Claimant, stranger, s.DisputeId, model, honest.Trace, inputs));
        Assert.Equal(DisputeOutcome.ChallengerWins, referee.Ruling!.Outcome);
        Assert.Contains("not validly signed", referee.Ruling.Reason);
    }

    [Fact]
    public void A_move_replayed_from_another_dispute_loses()
    {
        var model = DigitsMlp;
        var inputs = RandomInputs(model.Graph, new Random(901));
        var honest = model.Claim(inputs);
        var cheat = From(model, CorruptLeaf(model, honest.Trace, 2, new Random(3)));
        var (_, referee) = Play(model, inputs, honest, cheat,
            claimant: s => new TraceParty(DisputeRole.Claimant, ClaimantKey, new byte[32], model, honest.Trace, inputs));
        Assert.Equal(DisputeOutcome.ChallengerWins, referee.Ruling!.Outcome);
        Assert.Contains("not the awaited", referee.Ruling.Reason);
    }

    private sealed class LambdaParty(DisputeRole role, Func<DisputeExpectation, SignedDisputeMessage?> respond) : IDisputeParty
    {
        public DisputeRole Role => role;

        public SignedDisputeMessage? Respond(DisputeExpectation expectation) => respond(expectation);
    }
}
