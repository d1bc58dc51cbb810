using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// Re-executes one node, exactly as the engine that made a <see cref="SegmentedTrace"/> did (the integer engine's
/// <see cref="Integer.IntegerEngine.RunNode"/> for claims), so that a segment's outputs need not be kept.
/// </summary>
/// <param name="node">The node.</param>
/// <param name="values">Every present input of the node by value name, weights included.</param>
/// <returns>The node's outputs (null for omitted ones).</returns>
public delegate IReadOnlyList<Tensor?> NodeRerun(GraphNode node, IReadOnlyDictionary<string, Tensor> values);
