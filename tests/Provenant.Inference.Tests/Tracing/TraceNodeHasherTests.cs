using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tests.Models;
using Provenant.Inference.Tracing;

namespace Provenant.Inference.Tests.Tracing;

/// <summary>The reused-state hasher that <see cref="TraceRecorder"/> uses gives exactly the entries the trace format defines
/// (<see cref="TraceNode.FromOutputs"/>, which hashes through <see cref="TraceEncoding"/> independently).</summary>
public sealed class TraceNodeHasherTests
{
    [Theory]
    [MemberData(nameof(TraceDeterminismTests.Models), MemberType = typeof(TraceDeterminismTests))]
    public void Entries_equal_the_trace_format_definition_on_every_node(string name)
    {
        var model = RealModel.Named(name);
        var graph = model.Load();
        var engine = new FloatEngine(graph, new EngineOptions(1));
        var inputs = model.Inputs(graph, model.InputFiles[0]);
        using var hasher = new TraceNodeHasher();
        var compared = 0;
        engine.Run(inputs, (GraphNode node, IReadOnlyList<Tensor?> outputs) =>
        {
            var expected = TraceNode.FromOutputs(node, outputs);
            var actual = hasher.Entry(node, outputs);
            Assert.Equal(expected.LeafHash, actual.LeafHash);
            Assert.Equal(expected.OutputDigests, actual.OutputDigests);
            Assert.Equal(expected.Describe(), actual.Describe());
            // Format 2: one hash over the header and the tensors, against the reference encoding (a byte string built first).
            var declared = node.Outputs.Select((o, j) => o.Length == 0 ? null : outputs[j]).ToArray();
            var v2 = hasher.Entry(node, outputs, 2);
            Assert.Equal(2, v2.Version);
            Assert.Equal(TraceEncoding.LeafHashV2(node.Id, node.Domain, node.OpType, node.OpsetVersion, node.Name, declared), v2.LeafHash);
            Assert.Equal(TraceNode.CreateV2(node.Id, node.Domain, node.OpType, node.OpsetVersion, node.Name, declared).LeafHash, v2.LeafHash);
            Assert.NotEqual(actual.LeafHash, v2.LeafHash);
            compared++;
        });
        Assert.Equal(graph.Nodes.Count, compared);
        var ordered = graph.Outputs.Select(v => new KeyValuePair<string, Tensor>(v.Name, inputs.Values.First())).ToArray();
        Assert.Equal(TraceEncoding.InputDigest(inputs), hasher.InputDigest(inputs.Reverse()));
        Assert.Equal(TraceEncoding.OutputDigest(ordered), hasher.OutputDigest(ordered));
    }

    /// <summary>The one-pass root over a buffer (eight interior hashes per pass in vector lanes where the hardware has
    /// them, the rest one by one) equals RFC 9162's MTH (the recursive split) for every size up to 70 and larger ones
    /// around powers of two.</summary>
    [Fact]
    public void The_one_pass_root_is_the_rfc9162_root()
    {
        using var hasher = new TraceNodeHasher();
        var rng = new Random(8);
        foreach (var n in Enumerable.Range(0, 71).Concat([127, 128, 129, 255, 256, 257, 258, 1000]))
        {
            var leaves = Enumerable.Range(0, n).Select(_ => { var b = new byte[32]; rng.NextBytes(b); return b; }).ToArray();
            var buffer = leaves.SelectMany(l => l).ToArray();
            Assert.Equal(Core.Merkle.Rfc9162.RootFromLeafHashes(leaves), hasher.Root(buffer, n));
        }
        Assert.Throws<ArgumentException>(() => hasher.Root(new byte[63], 2));
    }

    /// <summary>Format 2 binds the node id, the operator, the name, each output's presence, dtype, shape and bytes, and
    /// tensors past the in-buffer limit hash the same as through the reference encoding.</summary>
    [Fact]
    public void A_format_2_leaf_changes_with_every_field_it_binds()
    {
        var small = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var big = Tensor.FromArray(Enumerable.Range(0, 10_000).Select(i => (float)i).ToArray(), [100, 100]);
        var baseline = TraceEncoding.LeafHashV2(3, "", "Relu", 13, "r", [small, big]);
        var variants = new[]
        {
            TraceEncoding.LeafHashV2(4, "", "Relu", 13, "r", [small, big]),
            TraceEncoding.LeafHashV2(3, "x", "Relu", 13, "r", [small, big]),
            TraceEncoding.LeafHashV2(3, "", "Sigmoid", 13, "r", [small, big]),
            TraceEncoding.LeafHashV2(3, "", "Relu", 14, "r", [small, big]),
            TraceEncoding.LeafHashV2(3, "", "Relu", 13, "s", [small, big]),
            TraceEncoding.LeafHashV2(3, "", "Relu", 13, "r", [small, null]),
            TraceEncoding.LeafHashV2(3, "", "Relu", 13, "r", [big, small]),
            TraceEncoding.LeafHashV2(3, "", "Relu", 13, "r", [Tensor.FromArray(new float[] { 1, 2, 3, 4 }, [4]), big]),
            TraceEncoding.LeafHashV2(3, "", "Relu", 13, "r", [Tensor.FromArray(new float[] { 1, 2, 3, 5 }, [2, 2]), big]),
            TraceEncoding.LeafHash(3, "", "Relu", 13, "r", [TraceEncoding.TensorDigest(small), TraceEncoding.TensorDigest(big)]),
        };
        Assert.Equal(variants.Length, variants.Select(Convert.ToHexString).Distinct().Count());
        Assert.DoesNotContain(Convert.ToHexString(baseline), variants.Select(Convert.ToHexString));
        Assert.Equal(baseline, TraceNode.CreateV2(3, "", "Relu", 13, "r", [small, big]).LeafHash);
        Assert.Throws<InvalidOperationException>(() => TraceNode.CreateV2(3, "", "Relu", 13, "r", [small]).ComputeLeafHash());
    }
}
