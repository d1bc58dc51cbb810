using Provenant.Inference.Tensors;
using Provenant.Proofs.Disputes;
using static Provenant.Proofs.Tests.Disputes.DisputeFixtures;

namespace Provenant.Proofs.Tests.Disputes;

/// <summary>Randomized trials (fixed seeds) of the inference dispute game on the quantized digits MLP and MNIST CNN.</summary>
public sealed class DisputeGameTests
{
    public static TheoryData<string> Models => ["digits", "mnist"];

    /// <summary>Each model with trace format 2 (what claims use) and format 1 (claims made before it).</summary>
    public static TheoryData<string, int> ModelsAndFormats => new() { { "digits", 2 }, { "mnist", 2 }, { "digits", 1 }, { "mnist", 1 } };

    private static DisputeModel ModelNamed(string name) => name == "digits" ? DigitsMlp : MnistCnn;

    [Theory]
    [MemberData(nameof(Models))]
    public void Two_honest_parties_agree(string name)
    {
        var model = ModelNamed(name);
        for (var seed = 0; seed < 3; seed++)
        {
            var inputs = RandomInputs(model.Graph, new Random(seed));
            var run = model.Claim(inputs);
            var (t, referee) = Play(model, inputs, run, model.Claim(inputs));
            Assert.Equal(DisputeOutcome.ClaimsAgree, referee.Ruling!.Outcome);
            Assert.Empty(t.Messages);
        }
    }

    [Theory]
    [MemberData(nameof(ModelsAndFormats))]
    public void A_claimant_that_corrupts_any_node_loses_at_that_node(string name, int version)
    {
        var model = ModelNamed(name);
        var n = model.Graph.Nodes.Count;
        var rng = new Random(100);
        var nodes = new[] { 0, n / 2, n - 1 }.Concat(Enumerable.Range(0, 12).Select(_ => rng.Next(n)));
        foreach (var node in nodes)
        {
            var inputs = RandomInputs(model.Graph, rng);
            var honest = model.Claim(inputs, traceVersion: version);
            var cheat = From(model, CorruptLeaf(model, honest.Trace, node, rng));
            Assert.Equal(version, cheat.Claim.TraceVersion);
            var (t, referee) = Play(model, inputs, cheat, honest);
            var r = referee.Ruling!;
            Assert.True(r.Outcome == DisputeOutcome.ChallengerWins, $"node {node}: {r}");
            Assert.Equal(node, r.DisputedNode);
            Assert.InRange(r.BisectionRounds, 1, CeilLog2(n));
            Assert.Contains("challenger's trace entry", r.Reason);
            Assert.True(t.Replay(model.Skeleton).Consistency.IsValid);
        }
    }

    [Theory]
    [MemberData(nameof(ModelsAndFormats))]
    public void An_honest_claimant_beats_a_challenger_that_corrupts_any_node(string name, int version)
    {
        var model = ModelNamed(name);
        var n = model.Graph.Nodes.Count;
        var rng = new Random(200);
        foreach (var node in new[] { 0, n / 2, n - 1 }.Concat(Enumerable.Range(0, 12).Select(_ => rng.Next(n))))
        {
            var inputs = RandomInputs(model.Graph, rng);
            var honest = model.Claim(inputs, traceVersion: version);
            var cheat = From(model, CorruptLeaf(model, honest.Trace, node, rng));
            var r = Play(model, inputs, honest, cheat).Referee.Ruling!;
            Assert.True(r.Outcome == DisputeOutcome.ClaimantWins, $"node {node}: {r}");
            Assert.Equal(node, r.DisputedNode);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void A_wrong_activation_that_propagates_is_pinned_to_the_node_that_produced_it(string name)
    {
        var model = ModelNamed(name);
        var n = model.Graph.Nodes.Count;
        var rng = new Random(300);
        for (var trial = 0; trial < 10; trial++)
        {
            var node = trial == 0 ? 0 : rng.Next(n);
            var inputs = RandomInputs(model.Graph, rng);
            var honest = model.Claim(inputs);
            var cheat = model.Claim(inputs, PropagatingFault(model, node, rng.Next()));
            var r = Play(model, inputs, cheat, honest).Referee.Ruling!;
            Assert.True(r.Outcome == DisputeOutcome.ChallengerWins, $"node {node}: {r}");
            Assert.Equal(node, r.DisputedNode);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void A_claimant_computing_with_wrong_weights_loses_at_the_first_node_using_them(string name)
    {
        var model = ModelNamed(name);
        var rng = new Random(400);
        var weights = model.Graph.Nodes.Where(n => n.OpType is "QGemm" or "QConv").Select(n => (n.Id, Weight: n.Inputs[2])).ToArray();
        Assert.NotEmpty(weights);
        foreach (var (consumer, weight) in weights)
        {
            var inputs = RandomInputs(model.Graph, rng);
            // A changed weight that meets a zero activation changes nothing; draw until it changes the trace.
            var honest = model.Claim(inputs);
            var cheat = Enumerable.Range(0, 50).Select(_ => model.Claim(inputs, WrongWeight(model, weight, rng.Next())))
                .First(c => !c.Claim.TraceRoot.AsSpan().SequenceEqual(honest.Claim.TraceRoot));
            var r = Play(model, inputs, cheat, honest).Referee.Ruling!;
            Assert.True(r.Outcome == DisputeOutcome.ChallengerWins, $"{weight}: {r}");
            Assert.Equal(consumer, r.DisputedNode);
        }
    }

    [Fact]
    public void A_claimed_output_that_does_not_follow_from_the_trace_loses()
    {
        var model = DigitsMlp;
        var rng = new Random(500);
        for (var trial = 0; trial < 5; trial++)
        {
            var inputs = RandomInputs(model.Graph, rng);
            var honest = model.Claim(inputs);
            var fake = new byte[32];
            rng.NextBytes(fake);
            var lying = honest.Claim with { OutputDigest = fake };
            var (_, referee) = Play(model, inputs, honest, honest, statedClaim: lying);
            Assert.Equal(DisputeOutcome.ChallengerWins, referee.Ruling!.Outcome);
            Assert.Contains("do not hash to its claimed output digest", referee.Ruling.Reason);
            Assert.Equal(1, referee.MessageCount);
        }
    }

    [Fact]
    public void A_challenger_that_lies_only_about_the_output_loses()
    {
        var model = DigitsMlp;
        var inputs = RandomInputs(model.Graph, new Random(501));
        var honest = model.Claim(inputs);
        var lying = honest with { Claim = honest.Claim with { OutputDigest = new byte[32] } };
        var r = Play(model, inputs, honest, lying).Referee.Ruling!;
        Assert.Equal(DisputeOutcome.ClaimantWins, r.Outcome);
    }

    [Fact]
    public void A_lying_output_with_a_corrupted_last_node_is_caught_at_the_last_node()
    {
        var model = MnistCnn;
        var n = model.Graph.Nodes.Count;
        var rng = new Random(502);
        var inputs = RandomInputs(model.Graph, rng);
        var honest = model.Claim(inputs);
        var cheat = From(model, CorruptLeaf(model, honest.Trace, n - 1, rng));
        var (t, referee) = Play(model, inputs, cheat, honest);
        Assert.Equal(DisputeOutcome.ChallengerWins, referee.Ruling!.Outcome);
        Assert.Equal(n - 1, referee.Ruling.DisputedNode);
        Assert.Equal(DisputeMessage.Outputs, Kind(t.Messages[0]));
    }

    [Fact]
    public void Rounds_never_exceed_ceil_log2_of_the_node_count_and_reach_it_for_the_first_node()
    {
        foreach (var model in new[] { DigitsMlp, MnistCnn })
        {
            var n = model.Graph.Nodes.Count;
            var rng = new Random(600);
            var inputs = RandomInputs(model.Graph, rng);
            var honest = model.Claim(inputs);
            for (var node = 0; node < n; node++)
            {
                var r = Play(model, inputs, From(model, CorruptLeaf(model, honest.Trace, node, rng)), honest).Referee.Ruling!;
                Assert.InRange(r.BisectionRounds, 1, CeilLog2(n));
                if (node == 0) Assert.Equal(CeilLog2(n), r.BisectionRounds);
            }
        }
    }

    internal static string Kind(byte[] wire) =>
        DisputeMessage.Parse(SignedDisputeMessage.Parse(wire, "m").Payload, "m").Kind;

    internal static IReadOnlyDictionary<string, Tensor> Inputs(DisputeModel model, int seed) => RandomInputs(model.Graph, new Random(seed));
}
