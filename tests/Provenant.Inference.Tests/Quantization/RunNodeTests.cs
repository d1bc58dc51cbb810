using Provenant.Core.Errors;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tests.Integer;
using Provenant.Inference.Tracing;

namespace Provenant.Inference.Tests.Quantization;

/// <summary>
/// <see cref="IntegerEngine.RunNode"/> (one node alone, as the dispute referee runs it) gives the same outputs as the
/// node inside the whole model, on every node of quantized real models, and applies the kernels' load-time checks.
/// </summary>
public sealed class RunNodeTests
{
    [Theory]
    [InlineData("wonnx-opt-mnist")]
    [InlineData("ezkl-3l_relu_conv_fc")]
    [InlineData("deepprove-mlp-iris")]
    [InlineData("ezkl-nanoGPT")] // QAdd computed per element, QGemm of 64 rows packed when it runs, QMatMul, QSoftmax, QLayerNorm
    public void Every_node_alone_gives_its_outputs_in_the_model(string name)
    {
        var (_, quantized, inputs) = QuantizedModels.Quantize(name);
        var nodes = RecordedNode.Run(quantized, inputs[0]);
        foreach (var r in nodes)
        {
            var alone = IntegerEngine.RunNode(r.Node, r.Opsets, r.Constants, r.Computed);
            for (var j = 0; j < r.Node.Outputs.Count; j++)
            {
                if (r.Node.Outputs[j].Length == 0) continue;
                Assert.Equal(r.Outputs[j]!.ToBytes(), alone[j]!.ToBytes());
                Assert.Equal(r.Outputs[j]!.Shape, alone[j]!.Shape);
                Assert.Equal(TraceEncoding.TensorDigest(r.Outputs[j]!), TraceEncoding.TensorDigest(alone[j]!));
            }
        }
        Assert.Equal(quantized.Nodes.Count, nodes.Count);
    }

    [Fact]
    public void A_weight_given_as_a_computed_input_is_refused_as_the_whole_engine_would()
    {
        var (_, quantized, _) = QuantizedModels.Quantize("deepprove-mlp-iris");
        var gemm = quantized.Nodes.First(n => n.OpType == QuantDomain.QGemm);
        var constants = gemm.Inputs.Skip(1).Where(x => x.Length > 0).ToDictionary(x => x, x => quantized.Initializers[x], StringComparer.Ordinal);
        var weights = gemm.Inputs[2];
        var computed = new Dictionary<string, Tensor>(StringComparer.Ordinal) { [weights] = constants[weights] };
        constants.Remove(weights);
        var k = quantized.Initializers[weights].Shape[1];
        computed[gemm.Inputs[0]] = Tensor.FromArray(new sbyte[k], [1, k]);
        var e = Assert.Throws<ProvenantFormatException>(() => IntegerEngine.RunNode(gemm, quantized.Opsets, constants, computed));
        Assert.Contains("initializer", e.Message);
    }

    [Fact]
    public void A_missing_activation_and_an_unsupported_operator_set_are_refused()
    {
        var (_, quantized, _) = QuantizedModels.Quantize("deepprove-mlp-iris");
        var gemm = quantized.Nodes.First(n => n.OpType == QuantDomain.QGemm);
        var constants = gemm.Inputs.Skip(1).Where(x => x.Length > 0).ToDictionary(x => x, x => quantized.Initializers[x], StringComparer.Ordinal);
        var empty = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var missing = Assert.Throws<ProvenantException>(() => IntegerEngine.RunNode(gemm, quantized.Opsets, constants, empty));
        Assert.Contains("has no value", missing.Message);
        var opsets = new Dictionary<string, int>(quantized.Opsets) { [QuantDomain.Name] = 2 };
        Assert.Throws<UnsupportedFeatureException>(() => IntegerEngine.RunNode(gemm, opsets, constants, empty));
    }
}
