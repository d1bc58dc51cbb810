using Provenant.Core.Errors;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;

namespace Provenant.Proofs.Circuit;

/// <summary>
/// The shape of every value of a quantized model (<c>ai.provenant.quant</c> v1, docs/quantization.md) at a concrete
/// input shape, computed from the graph's attributes and the initializers' shapes alone: no weight is read and nothing
/// is executed, so the work is linear in the number of nodes, not in the number of parameters. It covers the operators
/// <see cref="CircuitCompiler"/> turns into layers (Quantize, Dequantize, Requantize, QLookup, QSoftmax, QLayerNorm:
/// the input's shape; QGemm: <c>[..., N]</c> for weights <c>[N, K]</c>; QConv and the pools: <c>[N, C, spatial]</c> by
/// <see cref="WindowGeometry"/>; QAdd: the two inputs broadcast) and the ONNX Identity, Flatten and Reshape (constant
/// shape; 0 copies, −1 infers). Anything else, an inconsistent shape or a value of more than <see cref="MaxElements"/>
/// elements returns null, and the caller falls back to running the engine.
/// </summary>
public static class ShapeInference
{
    /// <summary>Most elements an inferred value may have (2^24); a larger one (a hostile skeleton's attributes, say)
    /// makes <see cref="Infer"/> return null, so the caller's engine run validates the model instead.</summary>
    public const long MaxElements = 1L << 24;

    /// <summary>Shapes by value name, or null when a node is outside the covered set or its shapes do not fit.</summary>
    /// <param name="graph">A topologically sorted quantized model with one input.</param>
    /// <param name="inputShape">The shape of the graph input.</param>
    public static Dictionary<string, int[]>? Infer(ModelGraph graph, IReadOnlyList<int> inputShape)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputShape);
        if (graph.Inputs.Count != 1) return null;
        var shapes = new Dictionary<string, int[]>(StringComparer.Ordinal) { [graph.Inputs[0].Name] = [.. inputShape] };
        foreach (var node in graph.Nodes)
        {
            int[]? output;
            try
            {
                output = Output(graph, node, shapes);
            }
            catch (Exception e) when (e is OverflowException or ArgumentException or InvalidOperationException or ProvenantException)
            {
                return null;
            }
            if (output is null || node.Outputs.Count < 1 || output.Any(d => d < 0) || output.Aggregate(1L, (p, d) => Math.Min(p * d, MaxElements + 1)) > MaxElements) return null;
            shapes[node.Outputs[0]] = output;
        }
        return shapes;
    }

    private static int[]? Output(ModelGraph graph, GraphNode node, Dictionary<string, int[]> shapes)
    {
        int[]? In(int index) =>
            index < node.Inputs.Count && node.Inputs[index].Length > 0
                ? shapes.TryGetValue(node.Inputs[index], out var s) ? s
                : graph.Initializers.TryGetValue(node.Inputs[index], out var t) ? [.. t.Shape] : null
                : null;
        var x = In(0);
        if (x is null) return null;
        if (node.Domain.Length == 0)
        {
            return node.OpType switch
            {
                "Identity" => x,
                "Flatten" => Flatten(node, x),
                "Reshape" => Reshape(graph, node, x),
                _ => null,
            };
        }
        switch (node.OpType)
        {
            case QuantDomain.Quantize or QuantDomain.Dequantize or QuantDomain.Requantize or QuantDomain.QLookup
                or QuantDomain.QSoftmax or QuantDomain.QLayerNorm:
                return x;
            case QuantDomain.QGemm:
            {
                var w = In(2);
                if (w is null || w.Length != 2 || x.Length == 0 || x[^1] != w[1]) return null;
                return [.. x[..^1], w[0]];
            }
            case QuantDomain.QConv:
            {
                var w = In(2);
                if (w is null || x.Length < 3 || w.Length != x.Length) return null;
                var g = WindowGeometry.Compute(node, x.AsSpan(2), w.AsSpan(2), ceilMode: false);
                return [x[0], w[0], .. g.Output];
            }
            case QuantDomain.QMaxPool or QuantDomain.QAveragePool:
            {
                if (x.Length < 3 || node.Attributes.Ints("kernel_shape") is not { } k) return null;
                var g = WindowGeometry.Compute(node, x.AsSpan(2), k.Select(v => (int)v).ToArray(), node.Attributes.Int("ceil_mode", 0) == 1);
                return [x[0], x[1], .. g.Output];
            }
            case QuantDomain.QGlobalAveragePool:
                return x.Length < 3 ? null : [x[0], x[1], .. Enumerable.Repeat(1, x.Length - 2)];
            case QuantDomain.QAdd:
                return In(2) is { } b ? TensorShape.Broadcast(x, b) : null;
            default:
                return null;
        }
    }

    private static int[]? Flatten(GraphNode node, int[] x)
    {
        var axis = (int)node.Attributes.Int("axis", 1);
        if (axis < 0) axis += x.Length;
        if (axis < 0 || axis > x.Length) return null;
        long outer = 1, inner = 1;
        for (var d = 0; d < axis; d++) outer *= x[d];
        for (var d = axis; d < x.Length; d++) inner *= x[d];
        return outer > int.MaxValue || inner > int.MaxValue ? null : [(int)outer, (int)inner];
    }

    private static int[]? Reshape(ModelGraph graph, GraphNode node, int[] x)
    {
        if (node.Inputs.Count < 2 || !graph.Initializers.TryGetValue(node.Inputs[1], out var target)) return null;
        var dims = target.ToIntegers();
        var allowZero = node.Attributes.Int("allowzero", 0) == 1;
        var total = x.Aggregate(1L, (p, d) => p * d);
        var shape = new int[dims.Length];
        int infer = -1;
        long known = 1;
        for (var i = 0; i < dims.Length; i++)
        {
            var d = dims[i];
            if (d == 0 && !allowZero)
            {
                if (i >= x.Length) return null;
                d = x[i];
            }
            if (d == -1)
            {
                if (infer >= 0) return null;
                infer = i;
                continue;
            }
            if (d < 0 || d > MaxElements) return null;
            shape[i] = (int)d;
            known = checked(known * d);
        }
        if (infer >= 0)
        {
            if (known == 0 || total % known != 0) return null;
            shape[infer] = (int)(total / known);
        }
        else if (known != total)
        {
            return null;
        }
        return shape;
    }
}
