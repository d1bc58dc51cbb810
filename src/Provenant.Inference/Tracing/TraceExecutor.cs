using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// Runs a model once, calling <paramref name="onNode"/> after each node in topological order with its outputs, and
/// returns the graph outputs by name — the shape of <see cref="Engine.FloatEngine.Run"/> (pass <c>engine.Run</c>), so
/// tracing and verification work with any engine that offers the same callback.
/// </summary>
/// <param name="inputs">Input tensors by graph input name.</param>
/// <param name="onNode">Per-node callback.</param>
/// <param name="cancellationToken">Checked between nodes; cancelling stops the run with <see cref="OperationCanceledException"/>.</param>
public delegate IReadOnlyDictionary<string, Tensor> TraceExecutor(IReadOnlyDictionary<string, Tensor> inputs,
    Action<GraphNode, IReadOnlyList<Tensor?>>? onNode, CancellationToken cancellationToken);
