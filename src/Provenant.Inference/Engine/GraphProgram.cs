using Provenant.Core.Errors;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Engine;

/// <summary>
/// The node-by-node interpreter both engines share: value slots, constants, input checks, the topological
/// run loop with the per-node callback, and releasing intermediates after their last use. The engines
/// differ only in the compiled <see cref="Kernel"/> per node.
/// </summary>
internal sealed class GraphProgram
{
    private readonly Kernel[] _kernels;
    private readonly int[][] _inputSlots;
    private readonly int[][] _outputSlots;
    private readonly int[][] _releaseAfter;
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly Tensor?[] _constants;
    private readonly ModelGraph _graph;

    /// <summary>Compiles every node of <paramref name="graph"/> with <paramref name="compile"/> (in topological order).</summary>
    public GraphProgram(ModelGraph graph, Func<GraphNode, Kernel> compile)
    {
        _graph = graph;
        foreach (var name in graph.Initializers.Keys)
        {
            Slot(name);
        }
        foreach (var v in graph.Inputs)
        {
            Slot(v.Name);
        }
        var nodes = graph.Nodes;
        _kernels = new Kernel[nodes.Count];
        _inputSlots = new int[nodes.Count][];
        _outputSlots = new int[nodes.Count][];
        for (var i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            _inputSlots[i] = n.Inputs.Select(x => x.Length == 0 ? -1 : Slot(x)).ToArray();
            _outputSlots[i] = n.Outputs.Select(x => x.Length == 0 ? -1 : Slot(x)).ToArray();
            _kernels[i] = compile(n);
        }
        foreach (var v in graph.Outputs)
        {
            Slot(v.Name);
        }
        _constants = new Tensor?[_slots.Count];
        foreach (var (name, t) in graph.Initializers)
        {
            _constants[_slots[name]] = t;
        }
        _releaseAfter = PlanReleases(nodes.Count, graph);
    }

    private int Slot(string name)
    {
        if (!_slots.TryGetValue(name, out var s))
        {
            s = _slots.Count;
            _slots[name] = s;
        }
        return s;
    }

    /// <summary>Runs the graph (see <see cref="IInferenceEngine.Run"/>).</summary>
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs,
        Action<GraphNode, IReadOnlyList<Tensor?>>? onNode, CancellationToken cancellationToken)
    {
        var values = (Tensor?[])_constants.Clone();
        foreach (var (name, t) in inputs)
        {
            var declared = _graph.Values.GetValueOrDefault(name);
            var isInput = _graph.Inputs.Any(v => v.Name == name) || _graph.Initializers.ContainsKey(name);
            if (!isInput || !_slots.TryGetValue(name, out var slot))
            {
                throw new ProvenantException($"'{name}' is not an input of this model (inputs: {string.Join(", ", _graph.Inputs.Select(v => v.Name))})");
            }
            if (declared is not null && !declared.Accepts(t))
            {
                throw new ProvenantException(
                    $"input '{name}': expected {(declared.DataType is { } dt ? TensorDataTypes.Name(dt) : "any type")} {declared.ShapeText}, got {TensorDataTypes.Name(t.DataType)} {t.ShapeText}");
            }
            values[slot] = t;
        }
        foreach (var v in _graph.Inputs)
        {
            if (values[_slots[v.Name]] is null)
            {
                throw new ProvenantException($"input '{v.Name}' ({(v.DataType is { } dt ? TensorDataTypes.Name(dt) : "?")} {v.ShapeText}) was not given");
            }
        }
        var nodes = _graph.Nodes;
        for (var i = 0; i < nodes.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ins = _inputSlots[i];
            var args = new Tensor?[ins.Length];
            for (var j = 0; j < ins.Length; j++)
            {
                args[j] = ins[j] < 0 ? null : values[ins[j]] ?? throw KernelErrors.Fail(nodes[i], $"input '{nodes[i].Inputs[j]}' has no value");
            }
            var results = _kernels[i](args);
            var outs = _outputSlots[i];
            for (var j = 0; j < outs.Length; j++)
            {
                if (outs[j] < 0)
                {
                    continue;
                }
                if (j >= results.Length || results[j] is null)
                {
                    throw KernelErrors.Fail(nodes[i], $"output {j} ('{nodes[i].Outputs[j]}') is not produced by this operator form");
                }
                values[outs[j]] = results[j];
            }
            onNode?.Invoke(nodes[i], results);
            foreach (var s in _releaseAfter[i])
            {
                values[s] = null;
            }
        }
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var v in _graph.Outputs)
        {
            result[v.Name] = values[_slots[v.Name]] ?? throw new ProvenantException($"graph output '{v.Name}' was not computed");
        }
        return result;
    }

    private int[][] PlanReleases(int nodeCount, ModelGraph graph)
    {
        var keep = new HashSet<int>(graph.Outputs.Select(v => _slots[v.Name]));
        keep.UnionWith(graph.Initializers.Keys.Select(k => _slots[k]));
        var lastUse = new Dictionary<int, int>();
        for (var i = 0; i < nodeCount; i++)
        {
            foreach (var s in _inputSlots[i].Concat(_outputSlots[i]))
            {
                if (s >= 0 && !keep.Contains(s))
                {
                    lastUse[s] = i;
                }
            }
        }
        var release = new List<int>[nodeCount];
        for (var i = 0; i < nodeCount; i++)
        {
            release[i] = [];
        }
        foreach (var (slot, node) in lastUse)
        {
            release[node].Add(slot);
        }
        return release.Select(l => l.ToArray()).ToArray();
    }
}
