using Provenant.Core.Hashing;
using Provenant.Inference.Tests.Models;
using Xunit.Abstractions;

namespace Provenant.Inference.Tests.Tracing;

/// <summary>The float engine claims bit-identical results for any thread count on one machine; the trace root checks every intermediate tensor of every real model.</summary>
public sealed class TraceDeterminismTests(ITestOutputHelper output)
{
    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (var m in RealModel.All()) data.Add(m.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Trace_root_is_identical_across_runs_and_thread_counts(string name)
    {
        var inputs = RealModel.Named(name).InputFiles.Count;
        for (var i = 0; i < inputs; i++)
        {
            var a = TraceFixture.Create(name, threads: 1, inputFile: i);
            var b = TraceFixture.Create(name, threads: 2, inputFile: i);
            var c = TraceFixture.Create(name, threads: 2, inputFile: i);
            output.WriteLine($"{name} input {i}: {a.Trace.Nodes.Count} nodes, root {Hex.Encode(a.Trace.Root)}, output digest {Hex.Encode(a.Trace.OutputDigest)}");
            foreach (var other in new[] { b, c })
            {
                var first = Enumerable.Range(0, a.Trace.Nodes.Count).FirstOrDefault(k => !a.Trace.LeafHashes[k].AsSpan().SequenceEqual(other.Trace.LeafHashes[k]), -1);
                Assert.True(first < 0, $"{name} input {i}: node {first} ({a.Trace.Nodes[Math.Max(first, 0)].Describe()}) differs between 1 and 2 threads");
                Assert.Equal(a.Trace.Root, other.Trace.Root);
                Assert.Equal(a.Trace.OutputDigest, other.Trace.OutputDigest);
            }
            Assert.Equal(a.Graph.Nodes.Count, a.Trace.Nodes.Count);
            Assert.True(a.Verify(a.Trace).IsValid);
        }
    }
}
