using System.Runtime.InteropServices;
using Provenant.Formats.Onnx;

namespace Provenant.Training.Export;

/// <summary>
/// Builds a chain-shaped ONNX graph: each <see cref="Node"/> takes the previous node's output (or the graph
/// input) as its first input. Value and initializer names are <c>L{layer}.{name}</c> and <c>h{n}</c>; the last
/// node's output becomes <see cref="OutputName"/>.
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>The graph input's name.</summary>
    public const string InputName = "input";

    /// <summary>The graph output's name (class scores before softmax).</summary>
    public const string OutputName = "logits";

    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private string _current = InputName;

    /// <summary>Default-domain opset version of the model (13; a layer needing a newer operator raises it, e.g. LayerNormalization to 17).</summary>
    public int Opset { get; set; } = 13;

    /// <summary>Index of the layer whose nodes are being added (names initializers and nodes).</summary>
    public int Layer { get; set; }

    /// <summary>Adds a float32 initializer with the given dims (row-major data) and returns its name.</summary>
    /// <exception cref="ArgumentException">The data length is not the product of the dims.</exception>
    public string Initializer(string name, ReadOnlySpan<float> data, params long[] dims)
    {
        var full = $"L{Layer}.{name}";
        var bytes = MemoryMarshal.AsBytes(data).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian");
        }
        _initializers.Add(new OnnxTensor(full, OnnxDataType.Float, dims, bytes));
        return full;
    }

    /// <summary>Appends <paramref name="op"/> with inputs (current value, <paramref name="extraInputs"/>…).</summary>
    public void Node(string op, string[] extraInputs, params OnnxAttribute[] attributes)
    {
        var output = $"h{_nodes.Count}";
        _nodes.Add(new OnnxNode($"L{Layer}.{op}", op, "", [_current, .. extraInputs], [output], attributes));
        _current = output;
    }

    /// <summary>
    /// The model: opset <see cref="Opset"/>, input <see cref="InputName"/> float <c>[N, inputShape…]</c> (N symbolic), output
    /// <see cref="OutputName"/> float <c>[N, classes]</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No node was added.</exception>
    public OnnxModel Build(string graphName, IReadOnlyList<int> inputShape, int classes, string producerVersion)
    {
        if (_nodes.Count == 0)
        {
            throw new InvalidOperationException("the graph has no nodes");
        }
        var last = _nodes[^1];
        _nodes[^1] = last with { Outputs = [OutputName] };
        OnnxDimension Batch() => new(null, "N");
        var input = new OnnxValueInfo(InputName, OnnxDataType.Float, [Batch(), .. inputShape.Select(d => new OnnxDimension(d, null))]);
        var output = new OnnxValueInfo(OutputName, OnnxDataType.Float, [Batch(), new OnnxDimension(classes, null)]);
        var graph = new OnnxGraph(graphName, [.. _nodes], [.. _initializers], [input], [output], []);
        return new OnnxModel(8, [new OnnxOpsetImport("", Opset)], "provenant-train", producerVersion, graph);
    }
}
