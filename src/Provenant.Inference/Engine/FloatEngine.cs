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
public sealed class FloatEngine
{
    private readonly Kernel[] _kernels;
    private readonly int[][] _inputSlots;
    private readonly int[][] _outputSlots;
    private readonly int[][] _releaseAfter;
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly Tensor?[] _constants;

    /// <summary>Compiles <paramref name="graph"/>.</summary>
    /// <exception cref="UnsupportedFeatureException">A node uses an operator, opset, attribute value or data type the engine does not implement (the message names the node and op).</exception>
    /// <exception cref="ProvenantException">A node's attributes are invalid.</exception>
    public FloatEngine(ModelGraph graph, EngineOptions? options = null)
    {
        Graph = graph;
        var context = new ExecutionContext(options ?? EngineOptions.Default);
        int Slot(string name)
        {
            if (!_slots.TryGetValue(name, out var s))
            {
                s = _slots.Count;
                _slots[name] = s;
            }
            return s;
        }
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
            _kernels[i] = OperatorRegistry.Create(new KernelBuilder(n, context, graph.Initializers));
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

    /// <summary>The graph this engine runs.</summary>
    public ModelGraph Graph { get; }

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
        Action<GraphNode, IReadOnlyList<Tensor?>>? onNode = null, CancellationToken cancellationToken = default)
    {
        var values = (Tensor?[])_constants.Clone();
        foreach (var (name, t) in inputs)
        {
            var declared = Graph.Values.GetValueOrDefault(name);
            var isInput = Graph.Inputs.Any(v => v.Name == name) || Graph.Initializers.ContainsKey(name);
            if (!isInput || !_slots.TryGetValue(name, out var slot))
            {
                throw new ProvenantException($"'{name}' is not an input of this model (inputs: {string.Join(", ", Graph.Inputs.Select(v => v.Name))})");
            }
            if (declared is not null && !declared.Accepts(t))
            {
                throw new ProvenantException(
                    $"input '{name}': expected {(declared.DataType is { } dt ? TensorDataTypes.Name(dt) : "any type")} {declared.ShapeText}, got {TensorDataTypes.Name(t.DataType)} {t.ShapeText}");
            }
            values[slot] = t;
        }
        foreach (var v in Graph.Inputs)
        {
            if (values[_slots[v.Name]] is null)
            {
                throw new ProvenantException($"input '{v.Name}' ({(v.DataType is { } dt ? TensorDataTypes.Name(dt) : "?")} {v.ShapeText}) was not given");
            }
        }
        var nodes = Graph.Nodes;
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
        foreach (var v in Graph.Outputs)
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
