using Provenant.Core.Merkle;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// An execution trace: the model and input it is bound to, one <see cref="TraceNode"/> per executed node in
/// topological order, the output digest and the trace commitment <see cref="Root"/> (RFC 9162 Merkle root over the
/// nodes' leaf hashes). Optionally the full output tensors of every node (what a dispute challenger bisects over).
/// Produced by <see cref="TraceRecorder"/>, read and written by <see cref="TraceFile"/>.
/// </summary>
public sealed class ExecutionTrace
{
    /// <summary>Assembles a trace and computes its root from the nodes' leaf hashes.</summary>
    /// <param name="modelDigest">SHA-256 of the model file, 32 bytes.</param>
    /// <param name="inputDigest"><see cref="TraceEncoding.InputDigest"/> of the inputs, 32 bytes.</param>
    /// <param name="outputDigest"><see cref="TraceEncoding.OutputDigest"/> of the graph outputs, 32 bytes.</param>
    /// <param name="nodes">Entries in order; entry i must have <c>Id == i</c>.</param>
    /// <param name="tensors">Null, or per node its output tensors (null for omitted outputs), parallel to <paramref name="nodes"/>.</param>
    /// <exception cref="ArgumentException">A digest is not 32 bytes, ids are not 0…n−1, the entries mix format versions, or the tensors do not line up with the nodes.</exception>
    public ExecutionTrace(byte[] modelDigest, byte[] inputDigest, byte[] outputDigest, IReadOnlyList<TraceNode> nodes,
        IReadOnlyList<IReadOnlyList<Tensor?>>? tensors = null)
        : this(modelDigest, inputDigest, outputDigest, nodes, tensors, null, null)
    {
    }

    /// <summary>As the public constructor, with the leaf hashes listed and the root already computed over them (by <see cref="TraceRecorder"/>).</summary>
    internal ExecutionTrace(byte[] modelDigest, byte[] inputDigest, byte[] outputDigest, IReadOnlyList<TraceNode> nodes,
        IReadOnlyList<IReadOnlyList<Tensor?>>? tensors, byte[][]? leafHashes, byte[]? root)
    {
        ModelDigest = Require32(modelDigest, nameof(modelDigest));
        InputDigest = Require32(inputDigest, nameof(inputDigest));
        OutputDigest = Require32(outputDigest, nameof(outputDigest));
        ArgumentNullException.ThrowIfNull(nodes);
        Version = nodes.Count > 0 ? nodes[0].Version : (int)TraceFormat.Version;
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i].Id != i) throw new ArgumentException($"entry {i} has node id {nodes[i].Id}", nameof(nodes));
            if (nodes[i].Version != Version) throw new ArgumentException($"entry {i} is of format version {nodes[i].Version}, entry 0 of version {Version}", nameof(nodes));
            if (tensors is not null && (i >= tensors.Count || tensors[i].Count != nodes[i].OutputDigests.Count))
            {
                throw new ArgumentException("tensors must give one list per node with one entry per output", nameof(tensors));
            }
        }
        if (tensors is not null && tensors.Count != nodes.Count) throw new ArgumentException("tensors must give one list per node with one entry per output", nameof(tensors));
        Nodes = nodes;
        Tensors = tensors;
        if (leafHashes is null)
        {
            leafHashes = new byte[nodes.Count][];
            for (var i = 0; i < leafHashes.Length; i++) leafHashes[i] = nodes[i].LeafHash;
        }
        LeafHashes = leafHashes;
        Root = root ?? Rfc9162.RootFromLeafHashes(LeafHashes);
    }

    /// <summary>The trace format version of its entries (<see cref="TraceFormat.Version"/> or <see cref="TraceFormat.Version2"/>; 1 for an empty trace).</summary>
    public int Version { get; }

    /// <summary>SHA-256 of the model file (32 bytes).</summary>
    public byte[] ModelDigest { get; }

    /// <summary>Digest of the inputs (32 bytes, <see cref="TraceEncoding.InputDigest"/>).</summary>
    public byte[] InputDigest { get; }

    /// <summary>Digest of the graph outputs (32 bytes, <see cref="TraceEncoding.OutputDigest"/>).</summary>
    public byte[] OutputDigest { get; }

    /// <summary>The nodes in topological order.</summary>
    public IReadOnlyList<TraceNode> Nodes { get; }

    /// <summary>Per node its output tensors, or null when the trace holds only digests.</summary>
    public IReadOnlyList<IReadOnlyList<Tensor?>>? Tensors { get; }

    /// <summary>The leaf hashes, in node order.</summary>
    public IReadOnlyList<byte[]> LeafHashes { get; }

    /// <summary>The trace commitment: RFC 9162 Merkle root over <see cref="LeafHashes"/> (32 bytes; SHA-256("") for no nodes).</summary>
    public byte[] Root { get; }

    /// <summary>An inclusion proof that node <paramref name="nodeId"/>'s entry is leaf <paramref name="nodeId"/> under <see cref="Root"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such node.</exception>
    /// <exception cref="InvalidOperationException">A version-2 trace: its leaves hash the tensors, so a node is opened with its outputs (the dispute game's activation openings), not with this proof.</exception>
    public TraceNodeProof ProveNode(int nodeId)
    {
        if (Version != (int)TraceFormat.Version)
        {
            throw new InvalidOperationException($"node inclusion proofs are defined for trace format version 1; this trace is version {Version}, whose leaves hash the output tensors");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(nodeId);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nodeId, Nodes.Count);
        return new TraceNodeProof(Root, Nodes.Count, Nodes[nodeId], InclusionProof.Generate(LeafHashes, (ulong)nodeId));
    }

    private static byte[] Require32(byte[] digest, string name)
    {
        ArgumentNullException.ThrowIfNull(digest, name);
        return digest.Length == Rfc9162.HashSize ? digest : throw new ArgumentException($"{name} must be 32 bytes", name);
    }
}
