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
            compared++;
        });
        Assert.Equal(graph.Nodes.Count, compared);
    }
}
