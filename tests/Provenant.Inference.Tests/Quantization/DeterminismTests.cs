using Provenant.Inference.Engine;
using Provenant.Inference.Integer;

namespace Provenant.Inference.Tests.Quantization;

/// <summary>The integer engine gives identical output bytes (and per-node trace bytes) for 1 and 2 threads.</summary>
public sealed class DeterminismTests
{
    [Theory]
    [InlineData("wonnx-opt-mnist")]
    [InlineData("ezkl-3l_relu_conv_fc")]
    [InlineData("deepprove-mlp-iris")]
    public void One_and_two_threads_give_identical_bytes(string name)
    {
        var (_, quantized, inputs) = QuantizedModels.Quantize(name);
        var one = new IntegerEngine(quantized, new EngineOptions(1));
        var two = new IntegerEngine(quantized, new EngineOptions(2));
        foreach (var input in inputs)
        {
            var traceOne = new List<byte>();
            var traceTwo = new List<byte>();
            var a = QuantizedModels.OutputBytes(one.Run(input, (_, outs) => traceOne.AddRange(outs.SelectMany(t => t!.ToBytes()))));
            var b = QuantizedModels.OutputBytes(two.Run(input, (_, outs) => traceTwo.AddRange(outs.SelectMany(t => t!.ToBytes()))));
            Assert.Equal(a, b);
            Assert.Equal(traceOne, traceTwo);
            Assert.NotEmpty(a);
        }
    }

    [Fact]
    public void The_node_callback_sees_every_node_in_order_with_integer_outputs()
    {
        var (_, quantized, inputs) = QuantizedModels.Quantize("wonnx-opt-mnist");
        var seen = new List<int>();
        new IntegerEngine(quantized).Run(inputs[0], (node, outs) =>
        {
            seen.Add(node.Id);
            Assert.Single(outs);
            Assert.Equal(node.OpType == QuantDomain.Dequantize, outs[0]!.DataType == Tensors.TensorDataType.Float32);
        });
        Assert.Equal(Enumerable.Range(0, quantized.Nodes.Count), seen);
    }
}
