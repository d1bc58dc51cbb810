using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// A quantized model as a dispute participant holds it: the ONNX model, its graph, its skeleton (structure digest),
/// its per-tensor commitment and its file digest (both hashed over the weights, so only when first used). Makes claims
/// (<see cref="Claim"/>) and serves weight openings.
/// </summary>
public sealed class DisputeModel
{
    private readonly Lazy<byte[]> _fileDigest;
    private readonly Lazy<ModelTensors> _tensors;

    private DisputeModel(string path, OnnxModel model, ModelGraph graph)
    {
        Name = Path.GetFileName(path);
        Onnx = model;
        Graph = graph;
        Skeleton = ModelSkeleton.FromModel(model);
        _fileDigest = new(() => TraceEncoding.ModelDigest(path));
        _tensors = new(() => ModelTensors.FromModel(model, path));
    }

    /// <summary>Loads a quantized model file.</summary>
    /// <exception cref="ProvenantException">Not a quantized (<c>ai.provenant.quant</c>) model: claims need the exact integer engine (exit code 2).</exception>
    /// <exception cref="ProvenantFormatException">Not a valid ONNX model.</exception>
    public static DisputeModel Load(string path)
    {
        var model = OnnxModelReader.Read(path);
        var graph = ModelGraph.FromOnnx(model, path);
        if (!InferenceEngines.IsQuantized(graph))
        {
            throw new ProvenantException($"{path}: claims and disputes need a quantized model (provenant quantize): only the integer engine is bit-exact on every machine", ExitCodes.Usage);
        }
        return new DisputeModel(path, model, graph);
    }

    /// <summary>The file name (the claim's subject name).</summary>
    public string Name { get; }

    /// <summary>SHA-256 of the model file (computed on first use).</summary>
    public byte[] FileDigest => _fileDigest.Value;

    /// <summary>The ONNX model.</summary>
    public OnnxModel Onnx { get; }

    /// <summary>The engine graph.</summary>
    public ModelGraph Graph { get; }

    /// <summary>The structure without weights.</summary>
    public ModelSkeleton Skeleton { get; }

    /// <summary>The per-tensor commitment over the initializers (computed on first use: a referee never needs it).</summary>
    public ModelTensors Tensors => _tensors.Value;

    /// <summary>
    /// Runs the model on the integer engine with a trace (tensors kept) and states the claim. The trace is the one
    /// <see cref="TracedInference.Run"/> records (format version 2 unless <paramref name="traceVersion"/> asks for 1), hashed with
    /// <see cref="TraceNodeHasher"/>; with <paramref name="hashOnWorker"/> the hashing is pipelined on a second thread
    /// (node i's outputs are hashed while node i + 1 runs; <see cref="TraceRecorder"/> remarks), with the same result.
    /// </summary>
    /// <param name="inputs">Input tensors by name.</param>
    /// <param name="execute">The engine's run method; null for this model's integer engine. (Tests pass a tampered engine to make a cheating claimant.)</param>
    /// <param name="hashOnWorker">Hash on a second thread. Only for an engine that never changes a tensor after passing
    /// it on (the integer engine; not a tampering test executor that edits an output which may share its buffer with an
    /// earlier node's, e.g. through Reshape): the hasher may read a node's outputs after the engine has moved on.</param>
    /// <param name="cancellationToken">Passed to the engine.</param>
    /// <param name="traceVersion">Trace format version: 2 (default: one hash per node) or 1 (a tensor digest and a leaf per node, as claims made before format 2).</param>
    /// <exception cref="ProvenantException">The engine rejects the inputs.</exception>
    public ClaimedRun Claim(IReadOnlyDictionary<string, Tensor> inputs, TraceExecutor? execute = null, bool hashOnWorker = false, CancellationToken cancellationToken = default,
        int traceVersion = (int)TraceFormat.Version2)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        execute ??= InferenceEngines.Create(Graph).Run;
        var run = TracedInference.Run(execute, Graph, FileDigest, inputs, keepTensors: true,
            hashOnWorker: hashOnWorker, cancellationToken: cancellationToken, version: traceVersion);
        return new ClaimedRun(ClaimFor(run.Trace), run.Trace, run.Outputs);
    }

    /// <summary>
    /// Runs the model on the integer engine and states a format-3 (segmented) claim (docs/execution-traces.md §Format 3):
    /// only each segment's exports are hashed and only the outputs of exporting nodes are kept; a segment's other
    /// outputs are recomputed by re-running its nodes (<see cref="IntegerEngine.RunNode"/>) if a dispute asks for its
    /// per-node leaves.
    /// </summary>
    /// <param name="inputs">Input tensors by name.</param>
    /// <param name="segmentBits">g (segments of 2^g nodes), or null for <see cref="TraceSegments.DefaultSegmentBits"/>.</param>
    /// <param name="execute">The engine's run method; null for this model's integer engine (tests pass a tampered one).</param>
    /// <param name="cancellationToken">Passed to the engine.</param>
    /// <param name="keepAllOutputs">Keep every node's outputs instead of recomputing: needed when <paramref name="execute"/>
    /// is not the integer engine (a tampered test executor), whose run a single-node re-execution would not reproduce.</param>
    /// <param name="chunkBits">h: disputes over this claim cut every node output into 2^h row chunks (0 to
    /// <see cref="TraceFormat.MaxChunkBits"/>; 0: one leaf per node), so the referee re-executes one chunk of one node; null
    /// chooses it from the run (<see cref="TraceChunks.DefaultChunkBits"/> of <see cref="SegmentedTrace.ExportRows"/>), as
    /// <c>provenant claim</c> does unless told.</param>
    /// <exception cref="ProvenantException">The engine rejects the inputs.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="segmentBits"/> outside 0 to <see cref="TraceFormat.MaxSegmentBits"/>.</exception>
    public SegmentedClaimedRun ClaimSegmented(IReadOnlyDictionary<string, Tensor> inputs, int? segmentBits = null, TraceExecutor? execute = null,
        CancellationToken cancellationToken = default, bool keepAllOutputs = false, int? chunkBits = 0)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        execute ??= InferenceEngines.Create(Graph).Run;
        var (outputs, trace) = SegmentedTrace.Run(execute, Graph, Segments(segmentBits ?? TraceSegments.DefaultSegmentBits(Graph.Nodes.Count)), FileDigest, inputs,
            cancellationToken, keepAllOutputs ? null : Rerun);
        trace.ChunkBits = chunkBits ?? TraceChunks.DefaultChunkBits(trace.ExportRows);
        return new SegmentedClaimedRun(ClaimFor(trace), trace, outputs);
    }

    /// <summary>
    /// Reads the claimant's store of a format-3 claim on this model (<see cref="SegmentedTraceFile"/>, what
    /// <c>provenant claim</c> writes): the exporting nodes' outputs, checked against this model's segmentation, the
    /// given inputs and the file's root; the other nodes' outputs are recomputed on the integer engine when a dispute
    /// asks for them.
    /// </summary>
    /// <param name="path">The trace file.</param>
    /// <param name="inputs">The claimed run's graph inputs.</param>
    /// <exception cref="ProvenantFormatException">The file is malformed, or made for another model, segmentation or input (as <see cref="SegmentedTraceFile.Read(string, ModelGraph, Func{int, TraceSegments}, IReadOnlyDictionary{string, Tensor}, NodeRerun)"/>).</exception>
    public SegmentedTrace ReadSegmentedTrace(string path, IReadOnlyDictionary<string, Tensor> inputs)
    {
        var trace = SegmentedTraceFile.Read(path, Graph, Segments, inputs, Rerun);
        if (!trace.ModelDigest.AsSpan().SequenceEqual(FileDigest))
        {
            throw new ProvenantFormatException(path, "model_digest", $"the model file's SHA-256 {Provenant.Core.Hashing.Hex.Encode(FileDigest)}", Provenant.Core.Hashing.Hex.Encode(trace.ModelDigest), 16);
        }
        return trace;
    }

    // One node on the integer engine, weights as its constants (as the referee runs it).
    private IReadOnlyList<Tensor?> Rerun(GraphNode node, IReadOnlyDictionary<string, Tensor> values) =>
        IntegerEngine.RunNode(node, Skeleton.OpsetVersions, new CommittedTensors(values, Skeleton.WeightNames), values, new EngineOptions(1));

    /// <summary>This model's segmentation into segments of 2^<paramref name="segmentBits"/> nodes (kept per g).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="segmentBits"/> outside 0 to <see cref="TraceFormat.MaxSegmentBits"/>.</exception>
    public TraceSegments Segments(int segmentBits)
    {
        lock (_segmentations)
        {
            if (!_segmentations.TryGetValue(segmentBits, out var s)) _segmentations[segmentBits] = s = TraceSegments.Create(Graph, segmentBits);
            return s;
        }
    }

    private readonly Dictionary<int, TraceSegments> _segmentations = [];

    /// <summary>The format-3 claim a segmented trace of this model supports.</summary>
    public InferenceClaim ClaimFor(SegmentedTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return new InferenceClaim(Name, FileDigest, Skeleton.Digest, Tensors.Commitment.Root, Tensors.Commitment.TensorCount,
            trace.InputDigest, trace.OutputDigest, trace.Root, trace.Segments.NodeCount, (int)TraceFormat.Version3, trace.Segments.SegmentBits, trace.ChunkBits);
    }

    /// <summary>The claim a trace of this model supports.</summary>
    public InferenceClaim ClaimFor(ExecutionTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return new InferenceClaim(Name, FileDigest, Skeleton.Digest, Tensors.Commitment.Root, Tensors.Commitment.TensorCount,
            trace.InputDigest, trace.OutputDigest, trace.Root, trace.Nodes.Count, trace.Version);
    }

    /// <summary>The initializer named <paramref name="name"/> as a tensor.</summary>
    /// <exception cref="KeyNotFoundException">No such initializer.</exception>
    public Tensor Weight(string name) => Graph.Initializers[name];
}
