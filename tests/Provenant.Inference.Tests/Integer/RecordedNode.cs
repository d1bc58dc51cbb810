using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tests.Integer;

/// <summary>One node of a run: its initializer inputs, computed inputs and outputs, whole.</summary>
internal sealed record RecordedNode(GraphNode Node, IReadOnlyDictionary<string, int> Opsets, Dictionary<string, Tensor> Constants,
    Dictionary<string, Tensor> Computed, IReadOnlyList<Tensor?> Outputs)
{
    /// <summary>Every input's dims by position (null where omitted).</summary>
    public int[]?[] InputDims => [.. Node.Inputs.Select((name, j) => Node.HasInput(j) ? (Constants.GetValueOrDefault(name) ?? Computed[name]).Shape.ToArray() : null)];

    /// <summary>Runs <paramref name="graph"/> on the integer engine (one thread) on <paramref name="input"/> and records every node, in order.</summary>
    public static List<RecordedNode> Run(ModelGraph graph, IReadOnlyDictionary<string, Tensor> input)
    {
        var values = new Dictionary<string, Tensor>(input, StringComparer.Ordinal);
        var nodes = new List<RecordedNode>();
        new IntegerEngine(graph, new EngineOptions(1)).Run(input, (node, outs) =>
        {
            var constants = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            var computed = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var name in node.Inputs.Where(x => x.Length > 0))
            {
                if (graph.Initializers.TryGetValue(name, out var w)) constants[name] = w;
                else computed[name] = values[name];
            }
            for (var j = 0; j < outs.Count; j++)
            {
                if (outs[j] is { } t) values[node.Outputs[j]] = t;
            }
            nodes.Add(new RecordedNode(node, graph.Opsets, constants, computed, [.. outs]));
        });
        return nodes;
    }
}
