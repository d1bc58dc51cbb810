using Provenant.Core.Errors;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Inference.Tests.Tracing;

/// <summary>Per-node inclusion proofs: every node's proof verifies, survives the JSON round trip, and fails after any byte change.</summary>
public sealed class TraceNodeProofTests
{
    [Fact]
    public void Every_node_proof_of_nanoGPT_verifies_against_the_root()
    {
        var f = TraceFixture.Create("ezkl-nanoGPT");
        for (var i = 0; i < f.Trace.Nodes.Count; i++)
        {
            var proof = TraceNodeProof.Parse(f.Trace.ProveNode(i).ToBytes());
            var v = proof.Verify(f.Trace.Root, f.Trace.Nodes.Count);
            Assert.True(v.IsValid, $"node {i}: {v}");
            Assert.False(proof.Verify(f.Trace.Root, f.Trace.Nodes.Count + 1).IsValid);
        }
    }

    [Fact]
    public void Every_byte_change_of_every_node_proof_is_rejected()
    {
        var f = TraceFixture.Create("ezkl-1l_gelu_noappx");
        var checkedBytes = 0;
        for (var i = 0; i < f.Trace.Nodes.Count; i++)
        {
            var bytes = f.Trace.ProveNode(i).ToBytes();
            for (var k = 0; k < bytes.Length; k++)
            {
                var changed = (byte[])bytes.Clone();
                changed[k] ^= 0x01;
                TraceNodeProof p;
                try
                {
                    p = TraceNodeProof.Parse(changed);
                }
                catch (ProvenantFormatException)
                {
                    continue;
                }
                Assert.False(p.Verify(f.Trace.Root, f.Trace.Nodes.Count).IsValid, $"node {i}: flipping byte {k} ('{(char)bytes[k]}') was accepted");
                checkedBytes++;
            }
        }
        Assert.True(checkedBytes > 0);
    }

    [Fact]
    public void A_claimed_output_tensor_is_shown_to_belong_to_the_trace()
    {
        var f = TraceFixture.Create("ezkl-tutorial", keepTensors: true);
        for (var i = 0; i < f.Trace.Nodes.Count; i++)
        {
            var proof = f.Trace.ProveNode(i);
            var t = f.Trace.Tensors![i][0]!;
            Assert.True(proof.VerifyOutput(0, t).IsValid);
            var bytes = t.ToBytes();
            bytes[^1] ^= 1;
            var changed = Tensor.FromOnnx(new Provenant.Formats.Onnx.OnnxTensor("x", TensorDataTypes.ToOnnx(t.DataType), t.Shape.Select(d => (long)d).ToArray(), bytes), "test");
            Assert.False(proof.VerifyOutput(0, changed).IsValid);
            if (t.Rank != 1)
            {
                Assert.False(proof.VerifyOutput(0, t.Reshape(t.Length)).IsValid, "the same bytes in another shape have another digest");
            }
        }
    }

    [Fact]
    public void Proofs_against_another_root_or_with_bad_json_are_rejected()
    {
        var f = TraceFixture.Create("ezkl-tutorial");
        var proof = f.Trace.ProveNode(3);
        var other = TraceFixture.Create("ezkl-tutorial", inputFile: 0);
        Assert.True(proof.Verify(other.Trace.Root, 12).IsValid); // same model and input: same root
        var wrong = (byte[])f.Trace.Root.Clone();
        wrong[31] ^= 1;
        Assert.False(proof.Verify(wrong, f.Trace.Nodes.Count).IsValid);
        Assert.Throws<ProvenantFormatException>(() => TraceNodeProof.Parse("{}\n"u8));
        Assert.Throws<ProvenantFormatException>(() => TraceNodeProof.Parse("[1]\n"u8));
        var text = System.Text.Encoding.UTF8.GetString(proof.ToBytes());
        Assert.Throws<ProvenantFormatException>(() => TraceNodeProof.Parse(System.Text.Encoding.UTF8.GetBytes(text.TrimEnd('\n'))));
        Assert.Throws<ProvenantFormatException>(() => TraceNodeProof.Parse(System.Text.Encoding.UTF8.GetBytes(text.Replace("\"index\":3", "\"index\":99"))));
    }
}
