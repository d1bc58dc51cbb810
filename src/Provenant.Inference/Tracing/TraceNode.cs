using Provenant.Core.Hashing;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// One node's entry in an execution trace: what the leaf commits to (id, operator, opset, name, one tensor digest per
/// output) and the leaf hash itself (<see cref="TraceEncoding"/>). Small (≈ 100 bytes); the tensors are not held.
/// In format version 2 (<see cref="Version"/>) the leaf hashes the output tensors themselves: a present output's entry
/// in <see cref="OutputDigests"/> is then <see cref="PresentV2"/> (empty), and the leaf can only be recomputed from the
/// tensors (<see cref="CreateV2"/>).
/// </summary>
/// <param name="Id">Position in topological order, from 0 (the leaf index in the trace tree).</param>
/// <param name="Domain">Operator set domain; empty for ai.onnx.</param>
/// <param name="OpType">Operator name, e.g. <c>MatMul</c>.</param>
/// <param name="OpsetVersion">Imported version of <paramref name="Domain"/>.</param>
/// <param name="Name">Node name from the model (may be empty).</param>
/// <param name="OutputDigests">Per output (the node's declared outputs), its 32-byte tensor digest (version 1) or
/// <see cref="PresentV2"/> (version 2); null for an omitted optional output.</param>
/// <param name="LeafHash">RFC 9162 leaf hash of the node's leaf input, 32 bytes.</param>
public sealed record TraceNode(int Id, string Domain, string OpType, int OpsetVersion, string Name,
    IReadOnlyList<byte[]?> OutputDigests, byte[] LeafHash)
{
    /// <summary>The marker of a present output in a version-2 entry (an empty array: the leaf hashes the tensor, not a digest).</summary>
    public static byte[] PresentV2 { get; } = [];

    /// <summary>The trace format version whose leaf encoding <see cref="LeafHash"/> follows: 1 (default) or 2.</summary>
    public int Version { get; init; } = (int)TraceFormat.Version;

    /// <summary>
    /// The entry for <paramref name="node"/> in format <paramref name="version"/> (1 or 2) with the engine's outputs.
    /// </summary>
    /// <exception cref="InvalidOperationException">A declared output has no tensor (an engine bug).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An unknown version.</exception>
    public static TraceNode FromOutputs(GraphNode node, IReadOnlyList<Tensor?> outputs, int version) => version switch
    {
        (int)TraceFormat.Version => FromOutputs(node, outputs),
        (int)TraceFormat.Version2 => CreateV2(node.Id, node.Domain, node.OpType, node.OpsetVersion, node.Name, Declared(node, outputs)),
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "trace format version 1 or 2"),
    };

    /// <summary>A version-2 entry with its leaf hash computed from the fields and the output tensors (null = omitted).</summary>
    /// <exception cref="ArgumentException">A field is out of the bounds <see cref="TraceEncoding.EncodeLeafV2"/> names.</exception>
    public static TraceNode CreateV2(int id, string domain, string opType, int opsetVersion, string name, IReadOnlyList<Tensor?> outputs) =>
        new(id, domain, opType, opsetVersion, name, outputs.Select(t => t is null ? null : PresentV2).ToArray(),
            TraceEncoding.LeafHashV2(id, domain, opType, opsetVersion, name, outputs)) { Version = (int)TraceFormat.Version2 };

    // The engine's outputs for the node's declared outputs: an output whose name is empty is omitted whatever was computed.
    private static Tensor?[] Declared(GraphNode node, IReadOnlyList<Tensor?> outputs)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(outputs);
        var declared = new Tensor?[node.Outputs.Count];
        for (var j = 0; j < declared.Length; j++)
        {
            if (node.Outputs[j].Length == 0) continue;
            declared[j] = (j < outputs.Count ? outputs[j] : null) ?? throw new InvalidOperationException($"{node}: output {j} ('{node.Outputs[j]}') has no tensor");
        }
        return declared;
    }

    /// <summary>
    /// The entry for <paramref name="node"/> with the outputs an engine produced: output j is hashed when the node
    /// declares a (non-empty) output name j, and recorded as omitted otherwise.
    /// </summary>
    /// <param name="node">The executed node.</param>
    /// <param name="outputs">The engine's outputs for it, by output position.</param>
    /// <exception cref="InvalidOperationException">A declared output has no tensor (an engine bug).</exception>
    public static TraceNode FromOutputs(GraphNode node, IReadOnlyList<Tensor?> outputs)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(outputs);
        var digests = new byte[]?[node.Outputs.Count];
        for (var j = 0; j < digests.Length; j++)
        {
            if (node.Outputs[j].Length == 0)
            {
                continue;
            }
            var t = j < outputs.Count ? outputs[j] : null;
            digests[j] = TraceEncoding.TensorDigest(t ?? throw new InvalidOperationException($"{node}: output {j} ('{node.Outputs[j]}') has no tensor"));
        }
        return Create(node.Id, node.Domain, node.OpType, node.OpsetVersion, node.Name, digests);
    }

    /// <summary>An entry with its leaf hash computed from the fields.</summary>
    /// <exception cref="ArgumentException">A field is out of the bounds <see cref="TraceEncoding.EncodeLeaf"/> names.</exception>
    public static TraceNode Create(int id, string domain, string opType, int opsetVersion, string name, IReadOnlyList<byte[]?> outputDigests) =>
        new(id, domain, opType, opsetVersion, name, outputDigests, TraceEncoding.LeafHash(id, domain, opType, opsetVersion, name, outputDigests));

    /// <summary>Recomputes a version-1 leaf hash from the fields (for checking an entry read from a file or a proof).</summary>
    /// <exception cref="ArgumentException">A field is out of bounds.</exception>
    /// <exception cref="InvalidOperationException">A version-2 entry: its leaf is recomputed from the tensors (<see cref="CreateV2"/>).</exception>
    public byte[] ComputeLeafHash() => Version == (int)TraceFormat.Version
        ? TraceEncoding.LeafHash(Id, Domain, OpType, OpsetVersion, Name, OutputDigests)
        : throw new InvalidOperationException($"{Describe()}: a version-{Version} leaf hashes the output tensors; recompute it from them");

    /// <summary>For messages: <c>node 3 'conv1' (Conv)</c>.</summary>
    public string Describe() => $"node {Id} " + (Name.Length > 0 ? $"'{Name}' " : "") + $"({(Domain.Length > 0 ? Domain + "." : "")}{OpType})";

    /// <summary>Output digests as text: hex, or <c>-</c> for an omitted output (<c>tensor</c> for a present output of a version-2 entry).</summary>
    public IEnumerable<string> OutputDigestsHex => OutputDigests.Select(d => d is null ? "-" : d.Length == 0 ? "tensor" : Hex.Encode(d));
}
