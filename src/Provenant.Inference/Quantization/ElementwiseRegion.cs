using Provenant.Inference.Graph;

namespace Provenant.Inference.Quantization;

/// <summary>
/// A chain of elementwise float nodes whose value depends on one quantized activation only (its
/// <see cref="Root"/>) and on scalar constants, e.g. the Div–Erf–Add–Mul–Mul of an exact GELU. Such a value
/// is a function of the root's 256 int8 values and becomes one QLookup table when it is needed.
/// </summary>
/// <param name="Root">The source float value name whose quantized form feeds the table.</param>
/// <param name="Nodes">The float nodes computing the value from the root, in topological order.</param>
internal sealed record ElementwiseRegion(string Root, IReadOnlyList<GraphNode> Nodes)
{
    /// <summary>Operators that act elementwise (with scalar constant operands for the binary ones).</summary>
    public static readonly IReadOnlySet<string> Operators = new HashSet<string>(StringComparer.Ordinal)
    {
        "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Erf", "Gelu", "Exp", "Log", "Sqrt", "Neg", "Abs", "Reciprocal",
        "Clip", "Add", "Sub", "Mul", "Div", "Pow", "Identity",
    };
}
