using Provenant.Core.Errors;

namespace Provenant.Formats.Onnx;

/// <summary>
/// Orders nodes topologically (ONNX IR: "nodes … MUST be sorted topologically"; some exporters do not
/// comply, so the order is recomputed) and rejects dangling inputs, values assigned twice and cycles.
/// Ready nodes are taken lowest file index first, so a valid file order is kept unchanged.
/// </summary>
internal static class OnnxGraphOrder
{
    public static OnnxNode[] Sort(OnnxNode[] nodes, HashSet<string> graphValues, string file, string path)
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Length; i++)
        {
            foreach (var o in nodes[i].Outputs)
            {
                if (o.Length == 0)
                {
                    continue;
                }
                if (graphValues.Contains(o) || !producer.TryAdd(o, i))
                {
                    throw new ProvenantFormatException(file, $"{path}.node {nodes[i].Describe(i)}.output '{o}'",
                        "a value name assigned once in the graph (static single assignment)", "a name already defined");
                }
            }
        }
        var pending = new int[nodes.Length];
        var consumers = new List<int>[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            consumers[i] = [];
        }
        for (var i = 0; i < nodes.Length; i++)
        {
            var seen = new HashSet<int>();
            for (var j = 0; j < nodes[i].Inputs.Count; j++)
            {
                var name = nodes[i].Inputs[j];
                if (name.Length == 0 || graphValues.Contains(name))
                {
                    continue;
                }
                if (!producer.TryGetValue(name, out var p))
                {
                    throw new ProvenantFormatException(file, $"{path}.node {nodes[i].Describe(i)}.input[{j}]",
                        "a graph input, an initializer or another node's output", $"undefined value '{name}'");
                }
                if (seen.Add(p))
                {
                    pending[i]++;
                    consumers[p].Add(i);
                }
            }
        }
        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < nodes.Length; i++)
        {
            if (pending[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }
        var order = new List<OnnxNode>(nodes.Length);
        while (ready.TryDequeue(out var i, out _))
        {
            order.Add(nodes[i]);
            foreach (var c in consumers[i])
            {
                if (--pending[c] == 0)
                {
                    ready.Enqueue(c, c);
                }
            }
        }
        if (order.Count != nodes.Length)
        {
            var stuck = Enumerable.Range(0, nodes.Length).First(i => pending[i] > 0);
            throw new ProvenantFormatException(file, $"{path}.node {nodes[stuck].Describe(stuck)}",
                "an acyclic graph", $"a cycle through this node ({nodes.Length - order.Count} nodes on or behind cycles)");
        }
        return [.. order];
    }
}
