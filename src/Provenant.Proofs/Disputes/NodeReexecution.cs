using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// The referee's one step of work: runs a single node of a quantized model on the integer engine, on opened input
/// values, and returns the trace entry that node would have produced. The node's kernel is built and run alone
/// (<see cref="IntegerEngine.RunNode"/>): weights go in as the kernel's constants, so the integer engine's load-time
/// checks on its parameters still apply, and no one-node model is built, serialized or validated.
/// </summary>
public static class NodeReexecution
{
    private static readonly EngineOptions SingleThread = new(1);

    /// <summary>Re-executes node <paramref name="nodeId"/> of <paramref name="skeleton"/>.</summary>
    /// <param name="skeleton">The model's structure.</param>
    /// <param name="nodeId">The node (its trace leaf index).</param>
    /// <param name="values">Every present input of the node by value name (weights and activations alike).</param>
    /// <param name="traceVersion">The trace format whose leaf to compute: 2 (default) or 1.</param>
    /// <returns>The recomputed trace entry (leaf hash over id, operator and outputs) and the outputs.</returns>
    /// <exception cref="Provenant.Core.Errors.ProvenantException">The node rejects the inputs or its parameters (a load-time check or a kernel error).</exception>
    /// <exception cref="KeyNotFoundException">An input named by the node is missing from <paramref name="values"/>.</exception>
    public static (TraceNode Entry, IReadOnlyList<Tensor?> Outputs) Run(ModelSkeleton skeleton, int nodeId, IReadOnlyDictionary<string, Tensor> values,
        int traceVersion = (int)TraceFormat.Version2)
    {
        ArgumentNullException.ThrowIfNull(skeleton);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(nodeId);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nodeId, skeleton.Nodes.Count);
        var onnx = skeleton.Nodes[nodeId];
        foreach (var name in onnx.Inputs)
        {
            if (name.Length > 0 && !values.ContainsKey(name)) throw new KeyNotFoundException($"no value for input '{name}' of node {nodeId}");
        }
        // Only the committed tensors are the kernel's constants (its load-time checks apply to them); every other
        // input is looked up in `values` as a computed value.
        var node = ModelGraph.NodeFromOnnx(onnx, nodeId, skeleton.OpsetVersions, "referee");
        var produced = IntegerEngine.RunNode(node, skeleton.OpsetVersions, new CommittedTensors(values, skeleton.WeightNames), values, SingleThread);
        // One reused hash state per thread (creating a native SHA-256 context costs about as much as a small node).
        return (TraceNodeHasher.ForCurrentThread.Entry(node, produced, traceVersion), produced);
    }
}
