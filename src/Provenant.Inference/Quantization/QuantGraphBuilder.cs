using Provenant.Formats.Onnx;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Quantization;

/// <summary>Collects the nodes and initializers of a quantized model, with unique value names.</summary>
internal sealed class QuantGraphBuilder(IEnumerable<string> reserved)
{
    private readonly HashSet<string> _names = new(reserved, StringComparer.Ordinal);

    public List<OnnxNode> Nodes { get; } = [];

    public List<OnnxTensor> Initializers { get; } = [];

    /// <summary>A fresh value name starting with <paramref name="stem"/>.</summary>
    public string Fresh(string stem)
    {
        var name = stem;
        for (var i = 1; !_names.Add(name); i++)
        {
            name = $"{stem}_{i}";
        }
        return name;
    }

    /// <summary>Adds an initializer under a fresh name derived from <paramref name="stem"/>; returns the name.</summary>
    public string Constant(string stem, Tensor value)
    {
        var name = Fresh(stem);
        Initializers.Add(value.ToOnnx(name));
        return name;
    }

    public string Int8(string stem, int value) => Constant(stem, Tensor.FromArray(new[] { (sbyte)value }));

    public string Float(string stem, float value) => Constant(stem, Tensor.FromArray(new[] { value }));

    /// <summary>Adds a node of <see cref="QuantDomain.Name"/> (or the default domain when <paramref name="defaultDomain"/>).</summary>
    public void Node(string op, string name, string[] inputs, string output, IReadOnlyList<OnnxAttribute>? attributes = null, bool defaultDomain = false) =>
        Node(op, name, inputs, [output], attributes, defaultDomain);

    /// <summary>As above, for a node with several outputs.</summary>
    public void Node(string op, string name, string[] inputs, string[] outputs, IReadOnlyList<OnnxAttribute>? attributes = null, bool defaultDomain = false) =>
        Nodes.Add(new OnnxNode(name, op, defaultDomain ? "" : QuantDomain.Name, inputs, outputs, attributes ?? []));
}
