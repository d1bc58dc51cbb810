using Provenant.Core.Merkle;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// Builds an execution trace from any engine's per-node callback (<see cref="Record"/> has the shape of
/// <c>Action&lt;GraphNode, IReadOnlyList&lt;Tensor?&gt;&gt;</c>): each node's outputs are hashed as they are produced and
/// only the ≈ 100-byte <see cref="TraceNode"/> is kept, so memory does not grow with tensor sizes unless
/// <c>keepTensors</c> is asked for. With a <see cref="TraceWriter"/> each record (and its tensors when the writer
/// includes them) goes to the file immediately. Not thread-safe: engines call back from their driving thread.
/// </summary>
public sealed class TraceRecorder
{
    private readonly List<TraceNode> _nodes = [];
    private readonly List<IReadOnlyList<Tensor?>>? _tensors;
    private readonly MerkleTreeBuilder _tree = new();
    private readonly TraceWriter? _writer;
    private readonly byte[] _modelDigest;
    private readonly byte[] _inputDigest;

    /// <summary>Starts a trace bound to a model and an input.</summary>
    /// <param name="modelDigest">SHA-256 of the model file (<see cref="TraceEncoding.ModelDigest"/>), 32 bytes.</param>
    /// <param name="inputDigest"><see cref="TraceEncoding.InputDigest"/> of the inputs about to be run, 32 bytes.</param>
    /// <param name="writer">Where to stream records, or null; its header must carry the same digests.</param>
    /// <param name="keepTensors">Keep every node's output tensors in memory (for <see cref="ExecutionTrace.Tensors"/>).</param>
    /// <exception cref="ArgumentException">A digest is not 32 bytes.</exception>
    public TraceRecorder(byte[] modelDigest, byte[] inputDigest, TraceWriter? writer = null, bool keepTensors = false)
    {
        ArgumentNullException.ThrowIfNull(modelDigest);
        ArgumentNullException.ThrowIfNull(inputDigest);
        if (modelDigest.Length != 32 || inputDigest.Length != 32) throw new ArgumentException("model and input digests must be 32 bytes");
        _modelDigest = modelDigest;
        _inputDigest = inputDigest;
        _writer = writer;
        _tensors = keepTensors ? [] : null;
    }

    /// <summary>Nodes recorded so far.</summary>
    public int NodeCount => _nodes.Count;

    /// <summary>The root over the nodes recorded so far (32 bytes).</summary>
    public byte[] CurrentRoot() => _tree.Root();

    /// <summary>The engine callback: hashes the node's outputs and appends its leaf.</summary>
    /// <param name="node">The node just executed; its id must equal <see cref="NodeCount"/> (topological order, no gaps).</param>
    /// <param name="outputs">Its outputs by position.</param>
    /// <exception cref="InvalidOperationException">Nodes arrive out of order or a declared output is missing.</exception>
    public void Record(GraphNode node, IReadOnlyList<Tensor?> outputs)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Id != _nodes.Count) throw new InvalidOperationException($"{node} arrived where node {_nodes.Count} was expected");
        var entry = TraceNode.FromOutputs(node, outputs);
        IReadOnlyList<Tensor?>? kept = null;
        if (_tensors is not null || _writer is { IncludesTensors: true })
        {
            kept = Enumerable.Range(0, node.Outputs.Count)
                .Select(j => entry.OutputDigests[j] is null ? null : outputs[j]).ToArray();
        }
        _writer?.WriteNode(entry, kept);
        _tensors?.Add(kept!);
        _tree.Append(entry.LeafHash);
        _nodes.Add(entry);
    }

    /// <summary>Ends the trace with the graph's outputs; completes the writer if there is one.</summary>
    /// <param name="graphOutputs">Graph outputs in declared order.</param>
    /// <returns>The trace (with tensors when kept).</returns>
    public ExecutionTrace Complete(IReadOnlyList<KeyValuePair<string, Tensor>> graphOutputs)
    {
        var outputDigest = TraceEncoding.OutputDigest(graphOutputs);
        var trace = new ExecutionTrace(_modelDigest, _inputDigest, outputDigest, _nodes.ToArray(), _tensors?.ToArray());
        _writer?.Complete(outputDigest, trace.Root);
        return trace;
    }
}
