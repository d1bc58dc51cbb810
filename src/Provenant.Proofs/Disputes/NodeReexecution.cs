using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// The referee's one step of work: runs a single node of a quantized model on the integer engine, on opened input
/// values, and returns the trace entry that node would have produced. The node is compiled alone (a one-node model
/// with the original operator, attributes and operator-set imports; weights as initializers, other inputs as graph
/// inputs), so the integer engine's load-time checks on its parameters still apply.
/// </summary>
public static class NodeReexecution
{
    /// <summary>Re-executes node <paramref name="nodeId"/> of <paramref name="skeleton"/>.</summary>
    /// <param name="skeleton">The model's structure.</param>
    /// <param name="nodeId">The node (its trace leaf index).</param>
    /// <param name="values">Every present input of the node by value name (weights and activations alike).</param>
    /// <returns>The recomputed trace entry (leaf hash over id, operator and output digests) and the outputs.</returns>
    /// <exception cref="Provenant.Core.Errors.ProvenantException">The node rejects the inputs or its parameters (a load-time check or a kernel error).</exception>
    /// <exception cref="KeyNotFoundException">An input named by the node is missing from <paramref name="values"/>.</exception>
    public static (TraceNode Entry, IReadOnlyList<Tensor?> Outputs) Run(ModelSkeleton skeleton, int nodeId, IReadOnlyDictionary<string, Tensor> values)
    {
        ArgumentNullException.ThrowIfNull(skeleton);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(nodeId);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nodeId, skeleton.Nodes.Count);
        var node = skeleton.Nodes[nodeId];
        var initializers = new List<OnnxTensor>();
        var inputs = new List<OnnxValueInfo>();
        foreach (var name in node.Inputs.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal))
        {
            var t = values[name];
            if (skeleton.WeightNames.Contains(name))
            {
                initializers.Add(t.ToOnnx(name));
            }
            else
            {
                inputs.Add(new OnnxValueInfo(name, TensorDataTypes.ToOnnx(t.DataType), t.Shape.Select(d => new OnnxDimension(d, null)).ToArray()));
            }
        }
        var outputs = node.Outputs.Where(n => n.Length > 0).Select(n => new OnnxValueInfo(n, null, null)).ToArray();
        var model = new OnnxModel(skeleton.IrVersion, skeleton.Opsets, "provenant-referee", "", new OnnxGraph($"node {nodeId}", [node], initializers, inputs, outputs, []));
        var graph = ModelGraph.FromOnnx(model, $"referee: node {nodeId}");
        var engine = new IntegerEngine(graph, new EngineOptions(1));
        IReadOnlyList<Tensor?> produced = [];
        GraphNode? ran = null;
        engine.Run(inputs.ToDictionary(v => v.Name, v => values[v.Name], StringComparer.Ordinal), (n, outs) =>
        {
            ran = n;
            produced = outs.ToArray();
        });
        var digests = new byte[]?[node.Outputs.Count];
        for (var j = 0; j < digests.Length; j++)
        {
            if (node.Outputs[j].Length > 0) digests[j] = TraceEncoding.TensorDigest(produced[j]!);
        }
        return (TraceNode.Create(nodeId, ran!.Domain, ran.OpType, ran.OpsetVersion, ran.Name, digests), produced);
    }
}
