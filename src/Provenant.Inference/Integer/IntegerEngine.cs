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
        var version = graph.Opsets.GetValueOrDefault(QuantDomain.Name);
        if (version != QuantDomain.Version)
        {
            throw new UnsupportedFeatureException($"{graph.Name}: operator set {QuantDomain.Name} version {version} is not supported (this engine implements version {QuantDomain.Version})");
        }
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
        return r;
    }
}
