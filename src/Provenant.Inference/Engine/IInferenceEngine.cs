using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Engine;

/// <summary>
/// A compiled model that runs inputs node by node in topological order: the float reference engine
/// (<see cref="FloatEngine"/>) or the integer engine (<see cref="Integer.IntegerEngine"/>); pick one with
/// <see cref="InferenceEngines.Create"/>.
/// </summary>
public interface IInferenceEngine
{
    /// <summary>The graph this engine runs.</summary>
    ModelGraph Graph { get; }

    /// <summary><c>float</c> or <c>integer</c>, for messages.</summary>
    string Kind { get; }

    /// <summary>
    /// Runs the graph on <paramref name="inputs"/> (every <see cref="ModelGraph.Inputs"/> value, with its
    /// declared element type and fixed dimensions) and returns the graph outputs by name.
    /// </summary>
    /// <param name="inputs">Input tensors by graph input name.</param>
    /// <param name="onNode">Called after each node, in topological order, with the node and its outputs (null for outputs it does not produce); may be null.</param>
    /// <param name="cancellationToken">Checked between nodes.</param>
    /// <exception cref="Provenant.Core.Errors.ProvenantException">A missing, unknown or mistyped input, or an operator rejecting its inputs (the message names the node).</exception>
    IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs,
        Action<GraphNode, IReadOnlyList<Tensor?>>? onNode = null, CancellationToken cancellationToken = default);
}
