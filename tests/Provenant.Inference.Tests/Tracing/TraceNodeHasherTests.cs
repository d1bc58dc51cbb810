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

    [Fact]
    public void A_chunk_leaf_is_the_documented_encoding_and_an_interrupted_hash_does_not_leak_into_the_next()
    {
        var t = Tensor.FromArray(Enumerable.Range(0, 5 * 3).Select(i => (short)(i * 7 - 20)).ToArray(), 1, 5, 3);
        using var hasher = new TraceNodeHasher();
        for (var c = 0; c < 4; c++)
        {
            // docs/execution-traces.md §Chunked node leaves, spelled out independently.
            var (start, end) = TraceChunks.ChunkRows(5, c, 4);
            var expected = new List<byte> { 0x00 };
            expected.AddRange(System.Text.Encoding.ASCII.GetBytes("provenant-trace-chunk-v1"));
            foreach (var v in new uint[] { 9, 1, (uint)c, 4 }) expected.AddRange(BitConverter.GetBytes(v));
            expected.Add(1);
            foreach (var v in new uint[] { (uint)TensorDataType.Int16, 3 }) expected.AddRange(BitConverter.GetBytes(v));
            foreach (var v in new ulong[] { 1, 5, 3, 30, (ulong)start, (ulong)end }) expected.AddRange(BitConverter.GetBytes(v));
            expected.AddRange(t.ToBytes().Skip((int)start * 6).Take((int)(end - start) * 6));
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(expected.ToArray()), hasher.ChunkLeaves(9, 1, 4, t)[c]);
        }
        var absent = new List<byte> { 0x00 };
        absent.AddRange(System.Text.Encoding.ASCII.GetBytes("provenant-trace-chunk-v1"));
        foreach (var v in new uint[] { 9, 2, 3, 4 }) absent.AddRange(BitConverter.GetBytes(v));
        absent.Add(0);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(absent.ToArray()), hasher.ChunkLeaves(9, 2, 4, null)[3]);

        // A hash that throws midway (rows of the wrong length; a tensor callback that fails) leaves nothing behind.
        var inputs = new[] { new KeyValuePair<string, Tensor>("x", t) };
        Assert.Throws<ArgumentException>(() => hasher.ChunkLeaf(9, 1, 0, 4, TensorDataType.Int16, [1, 5, 3], new byte[5]));
        Assert.Equal(TraceEncoding.InputDigest(inputs), hasher.InputDigest(inputs));
        Assert.Throws<InvalidOperationException>(() => hasher.SegmentLeaf(0, [new SegmentExport(0, 0)], _ => throw new InvalidOperationException("no tensor")));
        Assert.Equal(TraceEncoding.InputDigest(inputs), hasher.InputDigest(inputs));
        Assert.Equal(TraceEncoding.SegmentLeafHash(1, [(new SegmentExport(4, 0), t)]), hasher.SegmentLeaf(1, [new SegmentExport(4, 0)], _ => t));
    }
}
