using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Inference.Tests.Tracing;

/// <summary>Trace format 3's segmentation (<see cref="TraceSegments"/>) on a synthetic DAG with skip connections, and
/// the fast segment leaf against the reference encoding.</summary>
public sealed class TraceSegmentsTests
{
    // n0: x → a; n1: a → b; n2: b → c; n3: (a, c) → d   (a skips two nodes); n4: d → (e, dead); n5: (e, b) → y; graph output y and c.
    private static readonly string[][] Inputs = [["x"], ["a"], ["b"], ["a", "c"], ["d"], ["e", "b", ""]];
    private static readonly string[][] Outputs = [["a"], ["b"], ["c"], ["d"], ["e", "dead"], ["y"]];

    private static TraceSegments Segments(int g) => TraceSegments.Create(Inputs, Outputs, ["y", "c"], g);

    [Fact]
    public void Exports_are_the_values_read_in_another_segment_and_the_graph_outputs()
    {
        var g0 = Segments(0);
        Assert.Equal(6, g0.Count);
        Assert.Equal([new SegmentExport(0, 0)], g0.Exports(0));
        Assert.Equal([new SegmentExport(4, 0)], g0.Exports(4)); // "dead" is read by no one
        Assert.Equal([new SegmentExport(5, 0)], g0.Exports(5));
        var g1 = Segments(1); // [0,1] [2,3] [4,5]
        Assert.Equal(3, g1.Count);
        Assert.Equal([new SegmentExport(0, 0), new SegmentExport(1, 0)], g1.Exports(0)); // a skips to node 3, b to nodes 2 and 5
        Assert.Equal([new SegmentExport(2, 0), new SegmentExport(3, 0)], g1.Exports(1)); // c is a graph output, d is read by node 4
        Assert.Equal([new SegmentExport(5, 0)], g1.Exports(2)); // e stays inside
        var g2 = Segments(2); // [0..3] [4,5]
        Assert.Equal([new SegmentExport(1, 0), new SegmentExport(2, 0), new SegmentExport(3, 0)], g2.Exports(0));
        Assert.Equal(2, g2.Size(1));
        Assert.Equal(4, g2.Start(1));
        Assert.Equal(1, g2.SegmentOf(5));
        var g3 = Segments(3);
        Assert.Equal(1, g3.Count);
        Assert.Equal([new SegmentExport(2, 0), new SegmentExport(5, 0)], g3.Exports(0));
        for (var g = 0; g < 3; g++)
        {
            var coarse = Segments(g + 1);
            var fine = Segments(g);
            Assert.Subset(Enumerable.Range(0, fine.Count).SelectMany(fine.Exports).ToHashSet(), Enumerable.Range(0, coarse.Count).SelectMany(coarse.Exports).ToHashSet());
        }
    }

    [Fact]
    public void Bad_arguments_are_refused_and_the_default_is_two_segments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TraceSegments.Create(Inputs, Outputs, [], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TraceSegments.Create(Inputs, Outputs, [], TraceFormat.MaxSegmentBits + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TraceSegments.Create([], [], [], 0));
        Assert.Throws<ArgumentException>(() => TraceSegments.Create(Inputs, Outputs.Take(5).ToArray(), [], 0));
        Assert.Equal(0, TraceSegments.DefaultSegmentBits(1));
        Assert.Equal(0, TraceSegments.DefaultSegmentBits(2));
        Assert.Equal(2, TraceSegments.DefaultSegmentBits(7));
        Assert.Equal(8, TraceSegments.DefaultSegmentBits(258));
        foreach (var n in new[] { 3, 7, 8, 9, 100, 258, 1000 })
        {
            var g = TraceSegments.DefaultSegmentBits(n);
            Assert.Equal(2, (n + (1 << g) - 1) >> g);
        }
    }

    [Fact]
    public void The_fast_segment_leaf_equals_the_reference_encoding()
    {
        var rng = new Random(4);
        var exports = new List<(SegmentExport, Tensor)>();
        for (var i = 0; i < 5; i++)
        {
            var data = new sbyte[rng.Next(0, 40000)];
            rng.NextBytes((byte[])(Array)data);
            exports.Add((new SegmentExport(10 + i, i % 2), Tensor.FromArray(data, data.Length)));
        }
        exports.Add((new SegmentExport(20, 0), Tensor.FromArray(new[] { 1.5f, -2f }, 1, 2)));
        var map = exports.ToDictionary(e => e.Item1, e => e.Item2);
        var fast = TraceNodeHasher.ForCurrentThread.SegmentLeaf(3, exports.Select(e => e.Item1).ToArray(), e => map[e]);
        Assert.Equal(TraceEncoding.SegmentLeafHash(3, exports), fast);
        Assert.NotEqual(TraceEncoding.SegmentLeafHash(4, exports), fast);
        Assert.NotEqual(TraceEncoding.SegmentLeafHash(3, exports.Take(5).ToArray()), fast);
        Assert.Equal(TraceEncoding.SegmentLeafHash(0, []), TraceNodeHasher.ForCurrentThread.SegmentLeaf(0, [], _ => throw new InvalidOperationException()));
    }
}
