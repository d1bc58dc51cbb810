using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Proofs.Disputes;
using static Provenant.Proofs.Tests.Disputes.DisputeFixtures;
using static Provenant.Proofs.Tests.Disputes.SegmentFixtures;

namespace Provenant.Proofs.Tests.Disputes;

/// <summary>
/// A referee holding only the skeleton's bytes (<see cref="ModelSkeleton.ToBytes"/>, <see cref="ModelSkeleton.FromBytes"/>),
/// not the model file: it recovers the same structure, digest and committed-tensor names, and rules every game as a
/// referee holding the model does; skeletons it cannot read unambiguously are refused.
/// </summary>
public sealed class SkeletonBytesTests
{
    [Theory]
    [MemberData(nameof(SegmentedDisputeTests.ModelNames), MemberType = typeof(SegmentedDisputeTests))]
    public void The_bytes_alone_give_the_same_skeleton(string name)
    {
        var full = ModelNamed(name).Skeleton;
        var bytes = full.ToBytes();
        var back = ModelSkeleton.FromBytes(bytes, "skeleton.bin");
        Assert.Equal(full.Digest, back.Digest);
        Assert.True(full.WeightNames.SetEquals(back.WeightNames));
        Assert.Equal(full.InputNames, back.InputNames);
        Assert.Equal(full.OutputNames, back.OutputNames);
        Assert.Equal(full.Nodes.Select(n => (n.OpType, n.Domain, string.Join(",", n.Inputs), string.Join(",", n.Outputs))),
            back.Nodes.Select(n => (n.OpType, n.Domain, string.Join(",", n.Inputs), string.Join(",", n.Outputs))));
        Assert.Equal(bytes, back.ToBytes());
        Assert.True(full.IsSelfDescribing);
        Assert.True(full.WeightNames.Count > 0);
    }

    [Theory]
    [MemberData(nameof(SegmentedDisputeTests.ModelNames), MemberType = typeof(SegmentedDisputeTests))]
    public void A_referee_holding_only_the_skeleton_bytes_rules_as_with_the_model(string name)
    {
        var model = ModelNamed(name);
        var skeleton = ModelSkeleton.FromBytes(model.Skeleton.ToBytes(), "skeleton.bin");
        var n = model.Graph.Nodes.Count;
        var rng = new Random(910);
        var g = Inference.Tracing.TraceSegments.DefaultSegmentBits(n);
        var disputes = 0;
        foreach (var node in new[] { 0, n / 2, n - 1, rng.Next(n) })
        {
            var inputs = RandomInputs(model.Graph, rng);
            var honest = model.ClaimSegmented(inputs, g);
            var cheat = Faulty(model, inputs, g, node, rng.Next());
            foreach (var (claim, challenge, winner) in new[] { (cheat, honest, DisputeOutcome.ChallengerWins), (honest, cheat, DisputeOutcome.ClaimantWins) })
            {
                var (t, referee) = PlaySegmented(model, inputs, claim, challenge);
                if (referee.Ruling!.Outcome == DisputeOutcome.ClaimsAgree) continue;
                disputes++;
                Assert.Equal(winner, referee.Ruling.Outcome);
                var (replayed, consistency) = t.Replay(skeleton);
                Assert.True(consistency.IsValid, consistency.Reason);
                Assert.Equal(referee.Ruling, replayed.Ruling);
            }
        }
        Assert.True(disputes >= 2);
    }

    [Fact]
    public void A_graph_input_also_declared_in_value_info_is_refused_as_ambiguous()
    {
        var onnx = DigitsMlp.Onnx;
        var input = onnx.Graph.Inputs[0];
        var declared = onnx with { Graph = onnx.Graph with { ValueInfo = [.. onnx.Graph.ValueInfo, input] } };
        var skeleton = ModelSkeleton.FromModel(declared);
        Assert.False(skeleton.IsSelfDescribing);
        var e = Assert.Throws<ProvenantFormatException>(() => ModelSkeleton.FromBytes(skeleton.ToBytes(), "skeleton.bin"));
        Assert.Contains(input.Name, e.Message);
    }

    [Fact]
    public void Model_bytes_with_initializers_and_garbage_are_refused()
    {
        var withWeights = OnnxModelWriter.ToBytes(DigitsMlp.Onnx);
        Assert.Contains("initializer", Assert.Throws<ProvenantFormatException>(() => ModelSkeleton.FromBytes(withWeights, "model.onnx")).Message);
        var truncated = DigitsMlp.Skeleton.ToBytes()[..40];
        Assert.ThrowsAny<ProvenantException>(() => ModelSkeleton.FromBytes(truncated, "skeleton.bin"));
    }

    [Fact]
    public void A_skeleton_of_another_model_is_refused_by_the_referee()
    {
        var model = DigitsMlp;
        var inputs = RandomInputs(model.Graph, new Random(3));
        var honest = model.ClaimSegmented(inputs, 1);
        var cheat = Faulty(model, inputs, 1, 0, 1);
        var (t, _) = PlaySegmented(model, inputs, cheat, honest);
        var other = ModelSkeleton.FromBytes(MnistCnn.Skeleton.ToBytes(), "other.bin");
        var e = Assert.Throws<ProvenantException>(() => t.Replay(other));
        Assert.Contains("not the claimed model", e.Message);
    }
}
