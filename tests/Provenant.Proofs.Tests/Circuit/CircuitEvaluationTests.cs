using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;
using Provenant.Proofs.Circuit;

namespace Provenant.Proofs.Tests.Circuit;

/// <summary>
/// The circuit's own integer evaluation must equal the integer engine bit for bit: every layer output against the
/// engine's node output of the same name, and the dequantized output against the engine's FLOAT output, on real
/// dataset rows.
/// </summary>
public sealed class CircuitEvaluationTests
{
    [Theory]
    [InlineData(ProofModels.Digits, 12)]
    [InlineData(ProofModels.DigitsSoftmax, 6)]
    [InlineData(ProofModels.FashionCnn, 3)]
    public void Every_circuit_tensor_equals_the_integer_engine_on_real_inputs(string name, int rows)
    {
        var model = ProofModels.Get(name);
        var circuit = CircuitCompiler.Compile(model.Graph, model.InputShape);
        var engine = new IntegerEngine(model.Graph);
        for (int row = 0; row < rows; row++)
        {
            var input = model.Input(row * 37);
            var engineValues = new Dictionary<string, long[]>(StringComparer.Ordinal);
            var outputs = engine.Run(new Dictionary<string, Tensor> { [model.Graph.Inputs[0].Name] = input }, (node, outs) =>
            {
                for (int i = 0; i < outs.Count; i++)
                {
                    if (outs[i] is { DataType: not TensorDataType.Float32 } t) engineValues[node.Outputs[i]] = t.ToIntegers();
                }
            });
            var witness = circuit.Evaluate(circuit.QuantizeInput(input.AsSpan<float>()));
            int compared = 0;
            foreach (var t in circuit.Tensors.Where(t => t.Role != CircuitTensorRole.Weight))
            {
                Assert.True(engineValues.TryGetValue(t.Name, out var expected), $"engine has no value '{t.Name}'");
                Assert.Equal(expected, witness.Values[t.Id]);
                compared++;
            }
            Assert.Equal(circuit.Layers.Count + 1, compared);
            var floats = outputs[model.Graph.Outputs[0].Name].AsSpan<float>().ToArray();
            Assert.Equal(floats, circuit.DequantizeOutput(witness.Output));
        }
    }

    [Fact]
    public void Covered_layers_of_the_models_are_listed_in_order()
    {
        Assert.Equal(["Lookup", "Gemm", "Requantize", "Gemm", "Requantize"], Ops(ProofModels.Digits));
        Assert.Equal(["Lookup", "Gemm", "Requantize", "Gemm", "Requantize", "Softmax"], Ops(ProofModels.DigitsSoftmax));
        var cnn = Ops(ProofModels.FashionCnn);
        Assert.Contains("Conv", cnn);
        Assert.Contains("MaxPool", cnn);
        Assert.Contains("Reshape", cnn);
    }

    [Fact]
    public void Digest_depends_on_the_public_constants_and_not_on_the_weight_values()
    {
        var model = ProofModels.Get(ProofModels.Digits);
        var a = CircuitCompiler.Compile(model.Graph, model.InputShape);
        var b = CircuitCompiler.Compile(model.Graph, model.InputShape);
        Assert.Equal(a.Digest, b.Digest);
        var batch2 = CircuitCompiler.Compile(model.Graph, [2, model.InputShape[1]]);
        Assert.NotEqual(a.Digest, batch2.Digest);
        Assert.True(a.ParameterCount > 4000, $"{a.ParameterCount} parameters");
    }

    private static string[] Ops(string name)
    {
        var m = ProofModels.Get(name);
        return CircuitCompiler.Compile(m.Graph, m.InputShape).Layers.Select(l => l.Op).ToArray();
    }
}
