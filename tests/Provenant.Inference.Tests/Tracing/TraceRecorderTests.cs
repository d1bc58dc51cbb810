using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Inference.Tests.Tracing;

/// <summary>The recorder's contract with engines: nodes in order, every declared output present, failures surface on either thread.</summary>
public sealed class TraceRecorderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_missing_declared_output_is_an_error_inline_and_on_the_worker(bool worker)
    {
        var f = TraceFixture.Create("ezkl-tutorial");
        TraceExecutor dropsNode5 = (inputs, onNode, ct) => f.Engine.Run(inputs, (node, outs) => onNode!(node, node.Id == 5 ? [null] : outs), ct);
        var e = Assert.Throws<InvalidOperationException>(() => TracedInference.Run(dropsNode5, f.Graph, f.ModelDigest, f.Inputs, hashOnWorker: worker));
        Assert.Contains("node 5", e.Message);
        Assert.Contains("has no tensor", e.Message);
    }

    [Fact]
    public void Nodes_out_of_order_are_refused()
    {
        var f = TraceFixture.Create("ezkl-tutorial");
        using var recorder = new TraceRecorder(f.ModelDigest, f.Trace.InputDigest);
        var e = Assert.Throws<InvalidOperationException>(() => recorder.Record(f.Graph.Nodes[1], [Tensor.Scalar(1f)]));
        Assert.Contains("where node 0 was expected", e.Message);
    }

    [Fact]
    public void Input_digest_does_not_depend_on_dictionary_order_but_on_names_and_bytes()
    {
        var a = Tensor.FromArray(new[] { 1f, 2f }, 2);
        var b = Tensor.FromArray(new[] { 3 }, 1);
        var d1 = TraceEncoding.InputDigest([new("a", a), new("b", b)]);
        Assert.Equal(d1, TraceEncoding.InputDigest([new("b", b), new("a", a)]));
        Assert.NotEqual(d1, TraceEncoding.InputDigest([new("a", b), new("b", a)]));
        Assert.NotEqual(d1, TraceEncoding.InputDigest([new("a", a.Reshape(1, 2)), new("b", b)]));
        Assert.NotEqual(TraceEncoding.TensorDigest(Tensor.FromArray(new[] { 0 }, 1)), TraceEncoding.TensorDigest(Tensor.FromArray(new[] { 0f }, 1)));
    }
}
