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
/// <remarks>
/// With <c>hashOnWorker</c> the hashing, the Merkle tree and the writing run on one thread-pool thread, in node order,
/// pipelined with the engine: node i's outputs are hashed while node i + 1 runs. They are fed through a
/// single-producer ring (<see cref="NodeHandoff{T}"/>) of at most <see cref="WorkerQueueCapacity"/> nodes (the engine waits when it is full, so memory
/// stays bounded; a waiting side spins briefly, then sleeps). The result is byte-identical
/// to hashing inline. This needs an engine that never changes a tensor after passing it to the callback (true of
/// <see cref="Engine.FloatEngine"/> and <see cref="Integer.IntegerEngine"/>, whose tensors are immutable once
/// produced), and a free core to gain anything: on a busy machine the worker competes with the engine.
/// </remarks>
public sealed class TraceRecorder : IDisposable
{
    /// <summary>Most nodes waiting for the background hasher before <see cref="Record"/> blocks.</summary>
    public const int WorkerQueueCapacity = NodeHandoff<int>.Capacity;

    private readonly List<TraceNode> _nodes = [];
    private readonly List<IReadOnlyList<Tensor?>>? _tensors;
    private readonly List<byte[]> _leaves = [];
    private readonly TraceNodeHasher _hasher;
    private readonly bool _ownsHasher;
    private readonly int _version;
    private readonly TraceWriter? _writer;
    private readonly byte[] _modelDigest;
    private readonly byte[] _inputDigest;
    private readonly NodeHandoff<(GraphNode Node, Tensor?[] Outputs)>? _queue;
    private readonly Task? _worker;
    private int _received;
    private bool _disposed;
    private volatile System.Runtime.ExceptionServices.ExceptionDispatchInfo? _failure;

    /// <summary>Starts a trace bound to a model and an input.</summary>
    /// <param name="modelDigest">SHA-256 of the model file (<see cref="TraceEncoding.ModelDigest"/>), 32 bytes.</param>
    /// <param name="inputDigest"><see cref="TraceEncoding.InputDigest"/> of the inputs about to be run, 32 bytes.</param>
    /// <param name="writer">Where to stream records, or null; its header must carry the same digests.</param>
    /// <param name="keepTensors">Keep every node's output tensors in memory (for <see cref="ExecutionTrace.Tensors"/>).</param>
    /// <param name="hashOnWorker">Hash (and write) on a background thread; see the remarks.</param>
    /// <param name="version">Trace format version of the leaves: <see cref="TraceFormat.Version"/> (1) or <see cref="TraceFormat.Version2"/>
    /// (one hash per node over its outputs; a writer must then include tensors).</param>
    /// <exception cref="ArgumentException">A digest is not 32 bytes, or the writer is of another version.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An unknown version.</exception>
    public TraceRecorder(byte[] modelDigest, byte[] inputDigest, TraceWriter? writer = null, bool keepTensors = false, bool hashOnWorker = false,
        int version = (int)TraceFormat.Version)
    {
        ArgumentNullException.ThrowIfNull(modelDigest);
        ArgumentNullException.ThrowIfNull(inputDigest);
        if (modelDigest.Length != 32 || inputDigest.Length != 32) throw new ArgumentException("model and input digests must be 32 bytes");
        if (!TraceFormat.IsKnownVersion((uint)version)) throw new ArgumentOutOfRangeException(nameof(version), version, "trace format version 1 or 2");
        if (writer is not null && writer.Version != version) throw new ArgumentException($"the writer writes format version {writer.Version}, not {version}", nameof(writer));
        _version = version;
        // Inline, the caller's thread hashes and its reused state saves creating one per run; the worker gets its own.
        _ownsHasher = hashOnWorker;
        _hasher = hashOnWorker ? new TraceNodeHasher() : TraceNodeHasher.ForCurrentThread;
        _modelDigest = modelDigest;
        _inputDigest = inputDigest;
        _writer = writer;
        _tensors = keepTensors ? [] : null;
        if (hashOnWorker)
        {
            _queue = new();
            _worker = Task.Run(() =>
            {
                // Keeps draining after a failure so that Record never blocks on a full queue.
                while (_queue.TryTake(out var item))
                {
                    var (node, outputs) = item;
                    if (_failure is not null) continue;
                    try
                    {
                        Append(node, outputs);
                    }
                    catch (Exception e)
                    {
                        _failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
                    }
                }
            });
        }
    }

    /// <summary>Nodes passed to <see cref="Record"/> so far.</summary>
    public int NodeCount => _received;

    /// <summary>The engine callback: hashes the node's outputs and appends its leaf (or queues them for the background hasher).</summary>
    /// <param name="node">The node just executed; its id must equal <see cref="NodeCount"/> (topological order, no gaps).</param>
    /// <param name="outputs">Its outputs by position.</param>
    /// <exception cref="InvalidOperationException">Nodes arrive out of order, a declared output is missing, or the background hasher failed.</exception>
    public void Record(GraphNode node, IReadOnlyList<Tensor?> outputs)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(outputs);
        if (node.Id != _received) throw new InvalidOperationException($"{node} arrived where node {_received} was expected");
        _received++;
        if (_queue is null)
        {
            Append(node, outputs);
            return;
        }
        _failure?.Throw();
        _queue.Add((node, outputs.ToArray()));
    }

    private void Append(GraphNode node, IReadOnlyList<Tensor?> outputs)
    {
        var entry = _hasher.Entry(node, outputs, _version);
        Tensor?[]? kept = null;
        if (_tensors is not null || _writer is { IncludesTensors: true })
        {
            kept = new Tensor?[node.Outputs.Count];
            for (var j = 0; j < kept.Length; j++) kept[j] = entry.OutputDigests[j] is null ? null : outputs[j];
        }
        _writer?.WriteNode(entry, kept);
        _tensors?.Add(kept!);
        _leaves.Add(entry.LeafHash);
        _nodes.Add(entry);
    }

    private void Drain()
    {
        if (_queue is null) return;
        _queue.Complete();
        _worker!.Wait();
        _failure?.Throw();
    }

    /// <summary>Stops the background hasher, if any, without completing the trace, and releases the hash state.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_queue is not null)
        {
            _queue.Complete();
            _worker!.Wait();
            _queue.Dispose();
        }
        if (_ownsHasher) _hasher.Dispose();
    }

    /// <summary>Ends the trace with the graph's outputs; completes the writer if there is one.</summary>
    /// <param name="graphOutputs">Graph outputs in declared order.</param>
    /// <returns>The trace (with tensors when kept).</returns>
    /// <exception cref="InvalidOperationException">A declared output was missing (also when found by the background hasher, whose exception is rethrown here).</exception>
    public ExecutionTrace Complete(IReadOnlyList<KeyValuePair<string, Tensor>> graphOutputs)
    {
        Drain();
        var outputDigest = _hasher.OutputDigest(graphOutputs);
        // The interior hashes in one pass at the end, over one buffer of the leaf hashes (RFC 9162 MTH).
        const int h = Core.Merkle.Rfc9162.HashSize;
        var leaves = _leaves.ToArray();
        Span<byte> buffer = leaves.Length <= 256 ? stackalloc byte[leaves.Length * h] : new byte[leaves.Length * h];
        for (var i = 0; i < leaves.Length; i++) leaves[i].CopyTo(buffer[(i * h)..]);
        var root = _hasher.Root(buffer, leaves.Length);
        var trace = new ExecutionTrace(_modelDigest, _inputDigest, outputDigest, _nodes.ToArray(), _tensors?.ToArray(), leaves, root);
        _writer?.Complete(outputDigest, trace.Root);
        return trace;
    }
}
