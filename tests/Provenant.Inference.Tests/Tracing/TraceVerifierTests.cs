using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tests.Models;
using Provenant.Inference.Tracing;
using Xunit.Abstractions;

namespace Provenant.Inference.Tests.Tracing;

/// <summary>Re-execution finds the first divergent node of a forged trace, and traces of other models or inputs.</summary>
public sealed class TraceVerifierTests(ITestOutputHelper output)
{
    [Fact]
    public void An_honest_trace_verifies()
    {
        var f = TraceFixture.Create("ezkl-nanoGPT");
        var v = f.Verify(f.Trace);
        Assert.True(v.IsValid, v.Result.ToString());
        Assert.Null(v.DivergentNodeId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(53)]
    [InlineData(105)]
    public void A_forged_node_output_is_named_as_the_first_divergence(int node)
    {
        var f = TraceFixture.Create("ezkl-self_attention");
        var nodes = f.Trace.Nodes.ToArray();
        var n = nodes[node];
        var digests = n.OutputDigests.ToArray();
        var j = Array.FindIndex(digests, d => d is not null);
        var forged = (byte[])digests[j]!.Clone();
        forged[7] ^= 1;
        digests[j] = forged;
        nodes[node] = TraceNode.Create(n.Id, n.Domain, n.OpType, n.OpsetVersion, n.Name, digests);
        // Internally consistent (leaf hashes and root recomputed), so only re-execution can catch it.
        var trace = TraceFixture.Read(TraceFixture.Bytes(new ExecutionTrace(f.Trace.ModelDigest, f.Trace.InputDigest, f.Trace.OutputDigest, nodes)));
        var v = f.Verify(trace);
        output.WriteLine(v.Result.ToString());
        Assert.False(v.IsValid);
        Assert.Equal(node, v.DivergentNodeId);
        Assert.Contains($"node {node} ", v.Result.Reason);
        Assert.Contains($"({n.OpType})", v.Result.Reason);
        if (n.Name.Length > 0) Assert.Contains($"'{n.Name}'", v.Result.Reason);
        Assert.Contains($"output(s) {j} differ", v.Result.Reason);
    }

    [Fact]
    public void A_forged_output_digest_alone_is_rejected()
    {
        var f = TraceFixture.Create("ezkl-tutorial");
        var bad = (byte[])f.Trace.OutputDigest.Clone();
        bad[0] ^= 0x80;
        var v = f.Verify(new ExecutionTrace(f.Trace.ModelDigest, f.Trace.InputDigest, bad, f.Trace.Nodes));
        Assert.False(v.IsValid);
        Assert.Contains("output digest", v.Result.Reason);
    }

    [Theory]
    [InlineData("wonnx-opt-mnist", 0, "wonnx-opt-mnist", 1, "the trace is of other inputs")]
    [InlineData("ezkl-1l_mlp", 0, "ezkl-2l_relu_fc", 0, "the trace is of another model")]
    public void A_trace_of_other_inputs_or_another_model_is_detected_as_such(string model, int input, string tracedModel, int tracedInput, string reason)
    {
        var verifier = TraceFixture.Create(model, inputFile: input);
        var traced = TraceFixture.Create(tracedModel, inputFile: tracedInput);
        var v = verifier.Verify(traced.Trace);
        Assert.False(v.IsValid);
        Assert.StartsWith(reason, v.Result.Reason);
    }

    [Fact]
    public void A_run_on_other_inputs_under_the_honest_input_digest_diverges_at_the_first_input_dependent_node()
    {
        // A claimant who ran different inputs but copied the honest input digest is caught at the first node reading the input.
        var f = TraceFixture.Create("ezkl-3l_relu_conv_fc");
        var other = new Dictionary<string, Tensor>();
        foreach (var (k, t) in f.Inputs)
        {
            var data = t.AsSpan<float>().ToArray();
            data[0] += 1f;
            other[k] = Tensor.FromArray(data, [.. t.Shape]);
        }
        var lying = TracedInference.Run(f.Engine.Run, f.Graph, f.ModelDigest, other).Trace;
        var forged = new ExecutionTrace(lying.ModelDigest, f.Trace.InputDigest, lying.OutputDigest, lying.Nodes);
        var v = f.Verify(forged);
        Assert.False(v.IsValid);
        var firstDifferent = Enumerable.Range(0, lying.Nodes.Count).First(k => !lying.LeafHashes[k].AsSpan().SequenceEqual(f.Trace.LeafHashes[k]));
        output.WriteLine($"{v.Result.Reason} (first input-dependent node: {firstDifferent})");
        Assert.Equal(firstDifferent, v.DivergentNodeId);
        Assert.NotNull(v.Claimed);
        Assert.NotNull(v.Recomputed);
    }

    [Fact]
    public void Verification_works_with_any_engine_callback()
    {
        // An executor that corrupts node 4's output stands in for a faulty engine: the verifier names node 4.
        var f = TraceFixture.Create("ezkl-tutorial");
        var engine = new FloatEngine(RealModel.Named("ezkl-tutorial").Load());
        TraceExecutor faulty = (inputs, onNode, ct) => engine.Run(inputs, (node, outs) =>
        {
            if (node.Id == 4 && outs[0] is { } t)
            {
                var copy = Tensor.FromBuffer(t.DataType, (Array)t.AsSpan<float>().ToArray(), [.. t.Shape]);
                copy.AsSpan<float>()[0] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(copy.AsSpan<float>()[0]) ^ 1);
                onNode?.Invoke(node, [copy, .. outs.Skip(1)]);
                return;
            }
            onNode?.Invoke(node, outs);
        }, ct);
        var v = TraceVerifier.Verify(f.Trace, f.ModelDigest, f.Graph, f.Inputs, faulty);
        Assert.False(v.IsValid);
        Assert.Equal(4, v.DivergentNodeId);
    }
}
