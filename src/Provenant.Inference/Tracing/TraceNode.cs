using Provenant.Core.Hashing;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// One node's entry in an execution trace: what the leaf commits to (id, operator, opset, name, one tensor digest per
/// output) and the leaf hash itself (<see cref="TraceEncoding"/>). Small (≈ 100 bytes); the tensors are not held.
/// </summary>
/// <param name="Id">Position in topological order, from 0 (the leaf index in the trace tree).</param>
/// <param name="Domain">Operator set domain; empty for ai.onnx.</param>
/// <param name="OpType">Operator name, e.g. <c>MatMul</c>.</param>
/// <param name="OpsetVersion">Imported version of <paramref name="Domain"/>.</param>
/// <param name="Name">Node name from the model (may be empty).</param>
/// <param name="OutputDigests">Per output (the node's declared outputs), its 32-byte tensor digest; null for an omitted optional output.</param>
/// <param name="LeafHash">RFC 9162 leaf hash of the node's leaf input, 32 bytes.</param>
public sealed record TraceNode(int Id, string Domain, string OpType, int OpsetVersion, string Name,
    IReadOnlyList<byte[]?> OutputDigests, byte[] LeafHash)
{
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

    /// <summary>Recomputes the leaf hash from the fields (for checking an entry read from a file or a proof).</summary>
    /// <exception cref="ArgumentException">A field is out of bounds.</exception>
    public byte[] ComputeLeafHash() => TraceEncoding.LeafHash(Id, Domain, OpType, OpsetVersion, Name, OutputDigests);

    /// <summary>For messages: <c>node 3 'conv1' (Conv)</c>.</summary>
    public string Describe() => $"node {Id} " + (Name.Length > 0 ? $"'{Name}' " : "") + $"({(Domain.Length > 0 ? Domain + "." : "")}{OpType})";

    /// <summary>Output digests as text: hex, or <c>-</c> for an omitted output.</summary>
    public IEnumerable<string> OutputDigestsHex => OutputDigests.Select(d => d is null ? "-" : Hex.Encode(d));
}
