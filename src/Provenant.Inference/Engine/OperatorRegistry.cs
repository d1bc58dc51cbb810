using Provenant.Core.Errors;
using Provenant.Inference.Engine.Kernels;
using Provenant.Inference.Graph;

namespace Provenant.Inference.Engine;

/// <summary>
/// The operators the float reference engine implements, by (domain, op type), each with the range of
/// default-domain opset versions whose semantics it follows. Anything else is an
/// <see cref="UnsupportedFeatureException"/> naming the node, op and opset — never a guess.
/// </summary>
public static class OperatorRegistry
{
    /// <summary>Lowest default-domain opset accepted (older versions differ in attribute forms not implemented).</summary>
    public const int MinOpset = 6;

    /// <summary>Highest default-domain opset accepted (ONNX 1.22 defines up to 25).</summary>
    public const int MaxOpset = 25;

    private static readonly Dictionary<string, Func<KernelBuilder, Kernel>> Factories = Build();

    /// <summary>Operator names the engine implements in the default domain, sorted.</summary>
    public static IReadOnlyList<string> SupportedOperators { get; } = [.. Factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Whether an operator of the default domain is implemented.</summary>
    public static bool IsSupported(string opType) => Factories.ContainsKey(opType);

    internal static Kernel Create(KernelBuilder b)
    {
        var node = b.Node;
        if (node.Domain.Length > 0)
        {
            throw new UnsupportedFeatureException($"{node}: operator domain '{node.Domain}' is not supported (only ai.onnx)");
        }
        if (!Factories.TryGetValue(node.OpType, out var factory))
        {
            throw new UnsupportedFeatureException($"{node}: operator '{node.OpType}' is not supported by the float reference engine");
        }
        if (node.OpsetVersion is < MinOpset or > MaxOpset)
        {
            throw new UnsupportedFeatureException(
                $"{node}: opset {node.OpsetVersion} is not supported (the engine implements ai.onnx opsets {MinOpset}–{MaxOpset})");
        }
        return factory(b);
    }

    private static Dictionary<string, Func<KernelBuilder, Kernel>> Build()
    {
        var r = new Dictionary<string, Func<KernelBuilder, Kernel>>(StringComparer.Ordinal);
        ElementwiseKernels.Register(r);
        MatMulKernels.Register(r);
        ConvKernels.Register(r);
        PoolKernels.Register(r);
        ShapeKernels.Register(r);
        SliceKernels.Register(r);
        ReduceKernels.Register(r);
        NormalizationKernels.Register(r);
        CastKernels.Register(r);
        return r;
    }
}
