namespace Provenant.Formats.Onnx;

/// <summary>
/// A computation graph (<c>GraphProto</c>) as validated by <see cref="OnnxModelReader"/>: every node
/// input is a graph input, an initializer or an earlier node's output, value names are assigned once,
/// and <see cref="Nodes"/> is in topological order (the file's order whenever that order is valid).
/// </summary>
/// <param name="Name">Graph name.</param>
/// <param name="Nodes">Nodes in topological order; the index is the node id.</param>
/// <param name="Initializers">Constant tensors by name, in file order.</param>
/// <param name="Inputs">Declared inputs (may include names that also have an initializer, which then acts as a default).</param>
/// <param name="Outputs">Declared outputs.</param>
/// <param name="ValueInfo">Declared types of intermediate values (optional in ONNX).</param>
public sealed record OnnxGraph(
    string Name,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs,
    IReadOnlyList<OnnxValueInfo> ValueInfo);
