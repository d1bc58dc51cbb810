using Provenant.Core.Errors;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Engine;

/// <summary>What a kernel factory gets: the node, the execution context, and constant inputs.</summary>
internal sealed class KernelBuilder(GraphNode node, ExecutionContext context, IReadOnlyDictionary<string, Tensor> initializers)
{
    public GraphNode Node { get; } = node;

    public ExecutionContext Context { get; } = context;

    public int Opset => Node.OpsetVersion;

    public NodeAttributes Attr => Node.Attributes;

    /// <summary>The input's initializer when input <paramref name="index"/> is a constant, else null.</summary>
    public Tensor? Constant(int index) =>
        Node.HasInput(index) && initializers.TryGetValue(Node.Inputs[index], out var t) ? t : null;

    /// <summary>A node-specific error for a bad model or input at run time.</summary>
    public ProvenantException Fail(string message) => KernelErrors.Fail(Node, message);

    /// <summary>An error for a construct this engine does not implement.</summary>
    public UnsupportedFeatureException Unsupported(string message) => new($"{Node}: {message}");
}

/// <summary>Error construction shared by kernels: every message names the node.</summary>
internal static class KernelErrors
{
    public static ProvenantException Fail(GraphNode node, string message) => new($"{node}: {message}");

    public static UnsupportedFeatureException UnsupportedType(GraphNode node, int input, TensorDataType type) =>
        new($"{node}: input {input} of type {TensorDataTypes.Name(type)} is not supported by this operator");
}
