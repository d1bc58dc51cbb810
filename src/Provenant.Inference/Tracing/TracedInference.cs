using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>Runs a model with any engine and records its execution trace (optionally streaming it to a <c>trace.bin</c>).</summary>
public static class TracedInference
{
    /// <summary>
    /// Runs <paramref name="execute"/> on <paramref name="inputs"/> with a <see cref="TraceRecorder"/> attached and
    /// completes the trace with the graph outputs in declared order.
    /// </summary>
    /// <param name="execute">The engine's run method, e.g. <c>floatEngine.Run</c>.</param>
    /// <param name="graph">The graph the engine runs (for the declared output order).</param>
    /// <param name="modelDigest">SHA-256 of the model file (<see cref="TraceEncoding.ModelDigest"/>), 32 bytes.</param>
    /// <param name="inputs">Input tensors by name.</param>
    /// <param name="traceFile">A writable, seekable stream to write <c>trace.bin</c> to as nodes complete, or null.</param>
    /// <param name="includeTensors">With <paramref name="traceFile"/>: write every node's output tensors too.</param>
    /// <param name="keepTensors">Keep every node's output tensors in the returned trace (memory grows with them).</param>
    /// <param name="hashOnWorker">Hash and write on a background thread (<see cref="TraceRecorder"/> remarks): less wall time when a core is free.</param>
    /// <param name="cancellationToken">Passed to the engine.</param>
    /// <param name="version">Trace format version: <see cref="TraceFormat.Version"/> (1, default) or <see cref="TraceFormat.Version2"/> (one hash per node; a trace file then includes tensors).</param>
    /// <exception cref="Provenant.Core.Errors.ProvenantException">The engine rejects the inputs or a node fails.</exception>
    /// <exception cref="ArgumentException">Version 2 with a trace file but without <paramref name="includeTensors"/>.</exception>
    public static TracedRun Run(TraceExecutor execute, ModelGraph graph, byte[] modelDigest, IReadOnlyDictionary<string, Tensor> inputs,
        Stream? traceFile = null, bool includeTensors = false, bool keepTensors = false, bool hashOnWorker = false, CancellationToken cancellationToken = default,
        int version = (int)TraceFormat.Version)
    {
        ArgumentNullException.ThrowIfNull(execute);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        var inputDigest = TraceNodeHasher.ForCurrentThread.InputDigest(inputs);
        var writer = traceFile is null ? null : new TraceWriter(traceFile, modelDigest, inputDigest, includeTensors, version);
        using var recorder = new TraceRecorder(modelDigest, inputDigest, writer, keepTensors, hashOnWorker, version);
        var outputs = execute(inputs, recorder.Record, cancellationToken);
        var ordered = new KeyValuePair<string, Tensor>[graph.Outputs.Count];
        for (var i = 0; i < ordered.Length; i++) ordered[i] = new(graph.Outputs[i].Name, outputs[graph.Outputs[i].Name]);
        return new TracedRun(ordered, recorder.Complete(ordered));
    }
}
