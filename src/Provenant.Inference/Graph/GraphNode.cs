namespace Provenant.Inference.Graph;

/// <summary>
/// One operator invocation in a <see cref="ModelGraph"/>. <see cref="Id"/> is the node's position in
/// topological order (the unit execution traces are keyed by). <see cref="OpsetVersion"/> is the
/// imported version of the node's domain, which selects the operator's semantics.
/// </summary>
public sealed class GraphNode
{
    internal GraphNode(int id, string name, string opType, string domain, int opsetVersion,
        IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, NodeAttributes attributes)
    {
        Id = id;
        Name = name;
        OpType = opType;
        Domain = domain;
        OpsetVersion = opsetVersion;
        Inputs = inputs;
        Outputs = outputs;
        Attributes = attributes;
    }

    /// <summary>A node outside any graph (id −1), used to name conversions done for callers in messages.</summary>
    internal static GraphNode Synthetic(string name, string opType) =>
        new(-1, name, opType, "", 0, [], [], new NodeAttributes([], name));

    /// <summary>Position in topological order, from 0.</summary>
    public int Id { get; }

    /// <summary>Node name from the model (may be empty).</summary>
    public string Name { get; }

    /// <summary>Operator name, e.g. <c>Conv</c>.</summary>
    public string OpType { get; }

    /// <summary>Operator set domain; empty for the default ONNX domain.</summary>
    public string Domain { get; }

    /// <summary>Imported version of <see cref="Domain"/>.</summary>
    public int OpsetVersion { get; }

    /// <summary>Input value names; empty string for an omitted optional input.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Output value names; empty string for an omitted optional output.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>Attributes.</summary>
    public NodeAttributes Attributes { get; }

    /// <summary>Whether input <paramref name="index"/> is present (given and not the empty name).</summary>
    public bool HasInput(int index) => index < Inputs.Count && Inputs[index].Length > 0;

    /// <summary>For messages: <c>node 3 'conv1' (Conv, opset 13)</c>.</summary>
    public override string ToString() =>
        $"node {Id} " + (Name.Length > 0 ? $"'{Name}' " : "") + $"({(Domain.Length > 0 ? Domain + "." : "")}{OpType}, opset {OpsetVersion})";
}
