using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Graph;

/// <summary>
/// The engines' graph IR: nodes in topological order with ids, initializers decoded to
/// <see cref="Tensor"/>s, the graph's inputs and outputs, the operator sets imported, and the types of
/// values that were declared (<c>value_info</c>).
/// Built from an ONNX model by <see cref="FromOnnx"/>; immutable afterwards.
/// </summary>
public sealed class ModelGraph
{
    private ModelGraph(string name, IReadOnlyList<GraphNode> nodes, IReadOnlyDictionary<string, Tensor> initializers,
        IReadOnlyList<GraphValue> inputs, IReadOnlyList<GraphValue> outputs, IReadOnlyDictionary<string, int> opsets,
        Dictionary<string, GraphValue> values)
    {
        Name = name;
        Nodes = nodes;
        Initializers = initializers;
        Inputs = inputs;
        Outputs = outputs;
        Opsets = opsets;
        Values = values;
    }

    /// <summary>Graph name.</summary>
    public string Name { get; }

    /// <summary>Nodes in topological order; <c>Nodes[i].Id == i</c>.</summary>
    public IReadOnlyList<GraphNode> Nodes { get; }

    /// <summary>Constant tensors by value name.</summary>
    public IReadOnlyDictionary<string, Tensor> Initializers { get; }

    /// <summary>Inputs a caller must supply (declared graph inputs that have no initializer).</summary>
    public IReadOnlyList<GraphValue> Inputs { get; }

    /// <summary>Graph outputs in declared order.</summary>
    public IReadOnlyList<GraphValue> Outputs { get; }

    /// <summary>Imported operator set version by domain (empty string for <c>ai.onnx</c>).</summary>
    public IReadOnlyDictionary<string, int> Opsets { get; }

    /// <summary>Known types of values (graph inputs, outputs, <c>value_info</c>), by name.</summary>
    public IReadOnlyDictionary<string, GraphValue> Values { get; }

    /// <summary>The default-domain (<c>ai.onnx</c>) opset version, or 0 when not imported.</summary>
    public int DefaultOpset => Opsets.GetValueOrDefault("");

    /// <summary>Builds the IR from a validated ONNX model.</summary>
    /// <param name="model">A model from <see cref="OnnxModelReader"/> (topologically sorted, no dangling inputs).</param>
    /// <param name="source">File name for messages.</param>
    /// <exception cref="UnsupportedFeatureException">An initializer or declared value uses an unsupported element type, or a value exceeds 2^31−1 elements.</exception>
    public static ModelGraph FromOnnx(OnnxModel model, string source)
    {
        var opsets = OpsetVersions(model.OpsetImports);
        var g = model.Graph;
        var initializers = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var t in g.Initializers)
        {
            initializers[t.Name] = Tensor.FromOnnx(t, $"{source}: initializer '{t.Name}'");
        }
        var values = new Dictionary<string, GraphValue>(StringComparer.Ordinal);
        GraphValue Declare(OnnxValueInfo v, string what)
        {
            var value = ToGraphValue(v, $"{source}: {what} '{v.Name}'");
            values[v.Name] = value;
            return value;
        }
        foreach (var v in g.ValueInfo)
        {
            Declare(v, "value_info");
        }
        var inputs = g.Inputs.Select(v => Declare(v, "graph input")).Where(v => !initializers.ContainsKey(v.Name)).ToArray();
        var outputs = g.Outputs.Select(v => Declare(v, "graph output")).ToArray();
        foreach (var (name, t) in initializers)
        {
            values[name] = new GraphValue(name, t.DataType, t.Shape.Select(d => (int?)d).ToArray());
        }
        var nodes = new GraphNode[g.Nodes.Count];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = NodeFromOnnx(g.Nodes[i], i, opsets, source);
        }
        var graph = new ModelGraph(g.Name, nodes, initializers, inputs, outputs, opsets, values);
        return graph;
    }

    /// <summary>
    /// The imported version of each operator-set domain, as <see cref="Opsets"/> holds it: the largest version imported
    /// for a domain, capped at <see cref="int.MaxValue"/>.
    /// </summary>
    /// <param name="imports">The model's <c>opset_import</c> entries.</param>
    public static IReadOnlyDictionary<string, int> OpsetVersions(IEnumerable<OnnxOpsetImport> imports)
    {
        ArgumentNullException.ThrowIfNull(imports);
        var opsets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var o in imports)
        {
            var v = (int)Math.Min(o.Version, int.MaxValue);
            opsets[o.Domain] = Math.Max(v, opsets.GetValueOrDefault(o.Domain));
        }
        return opsets;
    }

    /// <summary>
    /// One node of the IR built alone, exactly as <see cref="FromOnnx"/> builds node <paramref name="id"/> of a model
    /// (same name, operator, domain version and attributes): what a single-node execution
    /// (<see cref="Integer.IntegerEngine.RunNode"/>) needs, without the rest of the graph.
    /// </summary>
    /// <param name="node">The ONNX node.</param>
    /// <param name="id">Its position in topological order, ≥ 0.</param>
    /// <param name="opsets">Domain versions (<see cref="OpsetVersions"/>).</param>
    /// <param name="source">File name for messages.</param>
    public static GraphNode NodeFromOnnx(OnnxNode node, int id, IReadOnlyDictionary<string, int> opsets, string source)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(opsets);
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        var desc = $"{source}: node {id} " + (node.Name.Length > 0 ? $"'{node.Name}' " : "") + $"({node.OpType})";
        return new GraphNode(id, node.Name, node.OpType, node.Domain, opsets.GetValueOrDefault(node.Domain),
            node.Inputs, node.Outputs, new NodeAttributes(node.Attributes, desc));
    }

    /// <summary>Reads an ONNX file and builds the IR (<see cref="OnnxModelReader.Read"/> then <see cref="FromOnnx"/>).</summary>
    /// <exception cref="ProvenantFormatException">The file is not a valid ONNX model.</exception>
    /// <exception cref="UnsupportedFeatureException">The model uses something the engines do not support.</exception>
    public static ModelGraph Load(string path) => FromOnnx(OnnxModelReader.Read(path), path);

    private static GraphValue ToGraphValue(OnnxValueInfo v, string where)
    {
        if (!v.IsTensor)
        {
            throw new UnsupportedFeatureException($"{where}: only tensor values are supported (this one is a sequence, map, optional or sparse tensor)");
        }
        TensorDataType? type = v.ElementType is { } et ? TensorDataTypes.FromOnnx(et, where) : null;
        IReadOnlyList<int?>? shape = v.Shape?.Select(d => d.Value is long x
            ? x <= int.MaxValue ? (int?)x : throw new UnsupportedFeatureException($"{where}: dimension {x} exceeds {int.MaxValue}")
            : null).ToArray();
        return new GraphValue(v.Name, type, shape);
    }
}
