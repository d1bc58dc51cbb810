using Provenant.Core.Errors;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// Executes quantized models (operator set <c>ai.provenant.quant</c> version 1, docs/quantization.md) with
/// exact integer arithmetic: after the input boundary (<c>Quantize</c>) every value is int8, int16 or
/// int32 and every operator is integer-only, so results are bit-identical for any thread count and any
/// SIMD width. Construction checks every parameter (types, shapes, shift and multiplier ranges, table
/// lengths, accumulator bounds) and that each consumer's declared zero point equals its producer's, so a
/// corrupt model fails at load, never with a wrong answer. Same run contract as <see cref="FloatEngine"/>.
/// </summary>
public sealed class IntegerEngine : IInferenceEngine
{
    private static readonly Dictionary<string, Func<QuantParameters, Kernel>> Factories = Build();
    private readonly GraphProgram _program;

    /// <summary>Compiles and checks <paramref name="graph"/>.</summary>
    /// <exception cref="UnsupportedFeatureException">A node's operator is not in the quantized operator set or the default-domain data-movement subset, or the set's version is not 1.</exception>
    /// <exception cref="ProvenantFormatException">A parameter is missing, of the wrong type or shape, out of range, or a zero point disagrees with its producer.</exception>
    public IntegerEngine(ModelGraph graph, EngineOptions? options = null)
    {
        Graph = graph;
        CheckOpset(graph.Opsets, graph.Name);
        var context = new Engine.ExecutionContext(options ?? EngineOptions.Default);
        _program = new GraphProgram(graph, n => Compile(new KernelBuilder(n, context, graph.Initializers)));
        ZeroPointCheck.Run(graph);
    }

    /// <inheritdoc />
    public ModelGraph Graph { get; }

    /// <inheritdoc />
    public string Kind => "integer";

    /// <summary>Operators of <see cref="QuantDomain.Name"/> this engine implements, sorted.</summary>
    public static IReadOnlyList<string> SupportedOperators { get; } = [.. Factories.Keys.Order(StringComparer.Ordinal)];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs,
        Action<GraphNode, IReadOnlyList<Tensor?>>? onNode = null, CancellationToken cancellationToken = default) =>
        _program.Run(inputs, onNode, cancellationToken);

    /// <summary>
    /// Executes one node alone, as it would run inside a model whose initializers include <paramref name="constants"/>
    /// and whose earlier nodes produced <paramref name="inputs"/>: the node's kernel is built (with every load-time
    /// check on its parameters: types, shapes, ranges, accumulator bounds) and run once, without building or checking
    /// a whole model. The kernel is built to run once: it skips precomputation that pays off only over many runs (QGemm
    /// multiplies a few rows by the unpacked weights, QAdd computes its rule per element instead of tabulating it), and
    /// the outputs are bit-identical to the node's outputs in <see cref="Run"/> on the same values. The
    /// cross-node zero-point check (<see cref="IntegerEngine(ModelGraph, EngineOptions?)"/>) is not made: it needs the
    /// producers of the node's inputs. This is the dispute referee's one step of work (docs/disputes.md §Referee).
    /// </summary>
    /// <param name="node">The node (<see cref="ModelGraph.NodeFromOnnx"/>, or a node of a loaded graph).</param>
    /// <param name="opsets">The model's domain versions (<see cref="ModelGraph.OpsetVersions"/>); <c>ai.provenant.quant</c> must be version 1.</param>
    /// <param name="constants">The node's initializer inputs by name (weights, zero points, multipliers, tables); parameters must be here.</param>
    /// <param name="inputs">The node's computed inputs by name (activations, graph inputs).</param>
    /// <param name="options">Threads for the kernel; null for <see cref="EngineOptions.Default"/>.</param>
    /// <returns>One entry per declared output position; null exactly where the node omits an optional output.</returns>
    /// <exception cref="UnsupportedFeatureException">The operator or operator-set version is not supported.</exception>
    /// <exception cref="ProvenantFormatException">A parameter is missing, of the wrong type or shape, or out of range.</exception>
    /// <exception cref="ProvenantException">A present input has no value in either dictionary, the kernel rejects the inputs, or a declared output is not produced.</exception>
    public static Tensor?[] RunNode(GraphNode node, IReadOnlyDictionary<string, int> opsets, IReadOnlyDictionary<string, Tensor> constants,
        IReadOnlyDictionary<string, Tensor> inputs, EngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(opsets);
        ArgumentNullException.ThrowIfNull(constants);
        ArgumentNullException.ThrowIfNull(inputs);
        CheckOpset(opsets, node);
        // Built to run once: kernels skip load-time precomputation that only pays off over many runs (same integers).
        options ??= EngineOptions.Default;
        var context = options.Threads == 1 ? SingleRunOneThread : new Engine.ExecutionContext(options, singleRun: true);
        var kernel = Compile(new KernelBuilder(node, context, constants));
        var args = new Tensor?[node.Inputs.Count];
        for (var j = 0; j < args.Length; j++)
        {
            if (!node.HasInput(j)) continue;
            var name = node.Inputs[j];
            args[j] = constants.GetValueOrDefault(name) ?? inputs.GetValueOrDefault(name) ?? throw KernelErrors.Fail(node, $"input '{name}' has no value");
        }
        var results = kernel(args);
        var outputs = new Tensor?[node.Outputs.Count];
        for (var j = 0; j < outputs.Length; j++)
        {
            if (node.Outputs[j].Length == 0) continue;
            outputs[j] = j < results.Length && results[j] is { } t ? t
                : throw KernelErrors.Fail(node, $"output {j} ('{node.Outputs[j]}') is not produced by this operator form");
        }
        return outputs;
    }

    // RunNode's usual context (immutable): one thread, kernels built for one run.
    private static readonly Engine.ExecutionContext SingleRunOneThread = new(new EngineOptions(1), singleRun: true);

    private static void CheckOpset(IReadOnlyDictionary<string, int> opsets, object where)
    {
        // `where` is formatted only on failure (a node's description is built on demand).
        var version = opsets.GetValueOrDefault(QuantDomain.Name);
        if (version != QuantDomain.Version)
        {
            throw new UnsupportedFeatureException($"{where}: operator set {QuantDomain.Name} version {version} is not supported (this engine implements version {QuantDomain.Version})");
        }
    }

    private static Kernel Compile(KernelBuilder b)
    {
        var node = b.Node;
        if (node.Domain.Length == 0 && QuantDomain.DataMovement.Contains(node.OpType))
        {
            return OperatorRegistry.Create(b);
        }
        if (node.Domain != QuantDomain.Name || !Factories.TryGetValue(node.OpType, out var factory))
        {
            throw new UnsupportedFeatureException(
                $"{node}: the integer engine runs {QuantDomain.Name} operators ({string.Join(", ", SupportedOperators)}) and ai.onnx {string.Join("/", QuantDomain.DataMovement)} only");
        }
        return factory(new QuantParameters(b));
    }

    private static Dictionary<string, Func<QuantParameters, Kernel>> Build()
    {
        var r = new Dictionary<string, Func<QuantParameters, Kernel>>(StringComparer.Ordinal);
        BoundaryKernels.Register(r);
        QGemmKernel.Register(r);
        QConvKernel.Register(r);
        RequantizeKernel.Register(r);
        QAddKernel.Register(r);
        QPoolKernels.Register(r);
        QLookupKernel.Register(r);
        QSoftmaxKernel.Register(r);
        QLayerNormKernel.Register(r);
        QMatMulKernel.Register(r);
        QGatherKernel.Register(r);
        return r;
    }
}
