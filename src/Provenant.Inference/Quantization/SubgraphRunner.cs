using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Quantization;

/// <summary>
/// Runs a few nodes of a source model on the float reference engine, as their own small model: the nodes' constant
/// inputs become initializers and <c>inputs</c> its graph inputs. Used at quantize time for lookup tables (an
/// elementwise chain over the 256 dequantized input values) and for constant folding (a node whose inputs are all
/// constants).
/// </summary>
internal static class SubgraphRunner
{
    /// <summary>The values of <paramref name="outputs"/> after running <paramref name="nodes"/> (in order) on <paramref name="inputs"/>.</summary>
    public static IReadOnlyDictionary<string, Tensor> Run(ModelGraph source, IReadOnlyList<GraphNode> nodes, IReadOnlyDictionary<string, Tensor> constants,
        IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyList<string> outputs, string what)
    {
        var used = nodes.SelectMany(n => n.Inputs).Where(i => i.Length > 0 && !inputs.ContainsKey(i) && constants.ContainsKey(i)).Distinct(StringComparer.Ordinal);
        var onnxNodes = nodes.Select(n => new OnnxNode(n.Name, n.OpType, n.Domain, n.Inputs, n.Outputs,
            n.Attributes.Names.Select(a => n.Attributes[a]!).ToArray())).ToArray();
        var graph = new OnnxGraph(what, onnxNodes, used.Select(c => constants[c].ToOnnx(c)).ToArray(),
            inputs.Select(kv => new OnnxValueInfo(kv.Key, TensorDataTypes.ToOnnx(kv.Value.DataType), kv.Value.Shape.Select(d => new OnnxDimension(d, null)).ToArray())).ToArray(),
            outputs.Select(o => new OnnxValueInfo(o, null, null)).ToArray(), []);
        var model = new OnnxModel(8, source.Opsets.Select(o => new OnnxOpsetImport(o.Key, o.Value)).ToArray(), "provenant", "", graph);
        var engine = new FloatEngine(ModelGraph.FromOnnx(OnnxModelReader.Parse(OnnxModelWriter.ToBytes(model), what), what), new EngineOptions(1));
        return engine.Run(inputs);
    }
}
