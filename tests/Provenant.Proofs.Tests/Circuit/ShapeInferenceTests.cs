using Provenant.Formats.Onnx;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;
using Provenant.Proofs.Circuit;
using Provenant.Proofs.ProofFormat;
using Provenant.Proofs.Weights;

namespace Provenant.Proofs.Tests.Circuit;

/// <summary>
/// The verifier's shape-only compile must describe exactly the circuit the prover's engine-run compile does: every
/// value's inferred shape equals the shape the integer engine produces, and <see cref="CircuitCompiler.CompileSkeleton"/>
/// on the proof's skeleton (zero weights) has the digest of <see cref="CircuitCompiler.Compile"/> on the real model.
/// </summary>
public sealed class ShapeInferenceTests
{
    public static TheoryData<string> RealModels => [ProofModels.Digits, ProofModels.DigitsSoftmax, ProofModels.DigitsLayerNorm, ProofModels.FashionCnn];

    public static TheoryData<string> SyntheticNames => ["Gemm", "LookupGemm", "ConvGemm", "LookupAdd", "PoolAdd", "PoolAdd5", "PoolAddActivation", "GemmSoftmax", "GemmLayerNorm"];

    [Theory]
    [MemberData(nameof(RealModels))]
    public void Real_models_infer_the_engine_shapes_and_the_same_circuit(string name)
    {
        var model = ProofModels.Get(name);
        AssertSameCircuit(model.Graph, model.InputShape, OnnxModelReader.Parse(model.Bytes, name));
    }

    [Theory]
    [MemberData(nameof(SyntheticNames))]
    public void Synthetic_models_infer_the_engine_shapes_and_the_same_circuit(string name)
    {
        var graph = name switch
        {
            "Gemm" => SyntheticModels.Gemm(3),
            "LookupGemm" => SyntheticModels.LookupGemm(4),
            "ConvGemm" => SyntheticModels.ConvGemm(5),
            "LookupAdd" => SyntheticModels.LookupAdd(6),
            "PoolAdd" => SyntheticModels.PoolAdd(7),
            "PoolAdd5" => SyntheticModels.PoolAdd(8, kernel: 5),
            "PoolAddActivation" => SyntheticModels.PoolAddActivation(9),
            "GemmSoftmax" => SyntheticModels.GemmSoftmax(10),
            _ => SyntheticModels.GemmLayerNorm(11),
        };
        int[] shape = [.. graph.Inputs[0].Shape!.Select(d => d ?? 1)];
        AssertSameCircuit(graph, shape, null);
    }

    [Fact]
    public void A_node_outside_the_covered_operators_falls_back_to_the_engine()
    {
        var model = ProofModels.Get(ProofModels.Digits);
        Assert.NotNull(ShapeInference.Infer(model.Graph, model.InputShape));
        var onnx = OnnxModelReader.Parse(model.Bytes, "digits");
        var first = onnx.Graph.Nodes[0];
        var nodes = onnx.Graph.Nodes.Select(n => n == first ? n with { OpType = "Erf", Domain = "" } : n).ToList();
        var edited = ModelGraph.FromOnnx(onnx with { Graph = onnx.Graph with { Nodes = nodes } }, "digits (edited)");
        Assert.Null(ShapeInference.Infer(edited, model.InputShape));
    }

    [Fact]
    public void A_value_beyond_the_element_bound_falls_back_to_the_engine()
    {
        var graph = SyntheticModels.Gemm(3);
        Assert.NotNull(ShapeInference.Infer(graph, [1, 16]));
        Assert.Null(ShapeInference.Infer(graph, [(int)(ShapeInference.MaxElements / 16) + 1, 16]));
        Assert.Null(ShapeInference.Infer(graph, [1, 17])); // K disagrees with the weights
    }

    private static void AssertSameCircuit(ModelGraph graph, int[] inputShape, OnnxModel? onnx)
    {
        var inferred = ShapeInference.Infer(graph, inputShape);
        Assert.NotNull(inferred);
        var engine = new IntegerEngine(graph);
        int compared = 0;
        engine.Run(new Dictionary<string, Tensor> { [graph.Inputs[0].Name] = Tensor.Zeros(TensorDataType.Float32, inputShape) }, (node, outs) =>
        {
            Assert.True(inferred!.TryGetValue(node.Outputs[0], out var shape), $"no shape inferred for '{node.Outputs[0]}'");
            Assert.Equal(outs[0]!.Shape.ToArray(), shape);
            compared++;
        });
        Assert.Equal(graph.Nodes.Count, compared);
        var full = CircuitCompiler.Compile(graph, inputShape);
        Assert.Equal(full.Digest, CircuitCompiler.CompileSkeleton(graph, inputShape).Digest);
        if (onnx is null) return;
        var (weights, _) = WeightCommitment.Commit(graph, "model");
        var restored = ModelSkeleton.Restore(ModelSkeleton.Strip(onnx, weights.Layout), weights.Layout, "skeleton");
        Assert.Equal(full.Digest, CircuitCompiler.CompileSkeleton(restored, inputShape).Digest);
    }
}
