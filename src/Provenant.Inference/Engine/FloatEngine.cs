using Provenant.Core.Errors;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Engine;

/// <summary>
/// The float reference engine: executes a <see cref="ModelGraph"/> on the CPU node by node in
/// topological order with each operator's ONNX semantics for the model's opset (see
/// <see cref="OperatorRegistry"/>). Deterministic: every reduction has a fixed order and work is split
/// across threads only over independent outputs, so results do not depend on
/// <see cref="EngineOptions.MaxThreads"/>. Construction compiles every node and fails on the first
/// unsupported one; an instance can run many inputs and is safe to use from one thread at a time.
/// </summary>
public sealed class FloatEngine : IInferenceEngine
{
    private readonly GraphProgram _program;

    /// <summary>Compiles <paramref name="graph"/>.</summary>
    /// <exception cref="UnsupportedFeatureException">A node uses an operator, opset, attribute value or data type the engine does not implement (the message names the node and op).</exception>
    /// <exception cref="ProvenantException">A node's attributes are invalid.</exception>
    public FloatEngine(ModelGraph graph, EngineOptions? options = null)
    {
        Graph = graph;
        var context = new ExecutionContext(options ?? EngineOptions.Default);
        _program = new GraphProgram(graph, n => OperatorRegistry.Create(new KernelBuilder(n, context, graph.Initializers)));
    }

    /// <inheritdoc />
    public ModelGraph Graph { get; }

    /// <inheritdoc />
    public string Kind => "float";

    /// <summary>
    /// Runs the graph. <paramref name="inputs"/> must give every <see cref="ModelGraph.Inputs"/> value with
    /// its declared element type and fixed dimensions; inputs that have an initializer may be overridden.
    /// Returns the graph outputs by name, in declared order.
    /// </summary>
    /// <param name="inputs">Input tensors by graph input name.</param>
    /// <param name="onNode">Called after each node with the node and its outputs (for execution traces); may be null.</param>
    /// <param name="cancellationToken">Checked between nodes.</param>
    /// <exception cref="ProvenantException">A missing, unknown or mistyped input, or an operator rejecting its inputs (the message names the node).</exception>
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs,
        Action<GraphNode, IReadOnlyList<Tensor?>>? onNode = null, CancellationToken cancellationToken = default) =>
        _program.Run(inputs, onNode, cancellationToken);
}
