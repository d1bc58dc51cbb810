using System.Security.Cryptography;
using Provenant.Core;
using Provenant.Core.Hashing;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Tracing;

/// <summary>
/// Checks an execution trace by re-executing the model: the trace must name this model (file SHA-256) and these
/// inputs, and every node's recomputed entry must equal the trace's, node by node in topological order; the first
/// divergent node is reported (id, operator, name, which outputs) and re-execution stops there. Exact comparison:
/// meaningful for a deterministic engine (the integer engine everywhere; the float engine on one machine).
/// </summary>
public static class TraceVerifier
{
    /// <summary>Verifies <paramref name="trace"/> against a model and inputs with the given engine. Never throws on a hostile trace.</summary>
    /// <param name="trace">The trace (from <see cref="TraceFile.Read(string, bool)"/>, which already checked its internal consistency).</param>
    /// <param name="modelDigest">SHA-256 of the model file being checked against (<see cref="TraceEncoding.ModelDigest"/>).</param>
    /// <param name="graph">The model's graph.</param>
    /// <param name="inputs">The inputs, by name.</param>
    /// <param name="execute">The engine's run method, e.g. <c>new FloatEngine(graph).Run</c>.</param>
    /// <param name="cancellationToken">Stops re-execution.</param>
    /// <exception cref="Provenant.Core.Errors.ProvenantException">The engine rejects the inputs (a caller error, not a trace error).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static TraceVerification Verify(ExecutionTrace trace, byte[] modelDigest, ModelGraph graph,
        IReadOnlyDictionary<string, Tensor> inputs, TraceExecutor execute, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(modelDigest);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(execute);
        if (!Same(trace.ModelDigest, modelDigest))
        {
            return new(VerificationResult.Rejected(
                $"the trace is of another model: it binds model SHA-256 {Hex.Encode(trace.ModelDigest)}, the model file has {Hex.Encode(modelDigest)}"));
        }
        var inputDigest = TraceEncoding.InputDigest(inputs);
        if (!Same(trace.InputDigest, inputDigest))
        {
            return new(VerificationResult.Rejected(
                $"the trace is of other inputs: it binds input digest {Hex.Encode(trace.InputDigest)}, the given inputs have {Hex.Encode(inputDigest)}"));
        }
        if (trace.Nodes.Count != graph.Nodes.Count)
        {
            return new(VerificationResult.Rejected($"the trace has {trace.Nodes.Count} nodes, the model {graph.Nodes.Count}"));
        }
        TraceNode? claimed = null, recomputed = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        IReadOnlyDictionary<string, Tensor>? outputs = null;
        try
        {
            outputs = execute(inputs, (node, outs) =>
            {
                var mine = TraceNode.FromOutputs(node, outs, trace.Version);
                var theirs = trace.Nodes[node.Id];
                if (!Same(mine.LeafHash, theirs.LeafHash))
                {
                    (claimed, recomputed) = (theirs, mine);
                    stop.Cancel();
                }
            }, stop.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && claimed is not null)
        {
        }
        if (claimed is not null && recomputed is not null)
        {
            return new(VerificationResult.Rejected($"divergent at {recomputed.Describe()}: {Difference(claimed, recomputed)}", Findings(claimed, recomputed)),
                recomputed.Id, claimed, recomputed);
        }
        var ordered = graph.Outputs.Select(v => new KeyValuePair<string, Tensor>(v.Name, outputs![v.Name])).ToArray();
        var outputDigest = TraceEncoding.OutputDigest(ordered);
        if (!Same(outputDigest, trace.OutputDigest))
        {
            return new(VerificationResult.Rejected(
                $"every node matches, but the trace's output digest {Hex.Encode(trace.OutputDigest)} is not the outputs' digest {Hex.Encode(outputDigest)}"));
        }
        return new(VerificationResult.Valid(
            $"all {trace.Nodes.Count} nodes re-executed and matched; trace root {Hex.Encode(trace.Root)}, output digest {Hex.Encode(outputDigest)}"));
    }

    private static string Difference(TraceNode claimed, TraceNode recomputed)
    {
        if (claimed.Domain != recomputed.Domain || claimed.OpType != recomputed.OpType || claimed.OpsetVersion != recomputed.OpsetVersion || claimed.Name != recomputed.Name)
        {
            return $"the trace records {claimed.Describe()} (opset {claimed.OpsetVersion}) where the model has {recomputed.Describe()} (opset {recomputed.OpsetVersion})";
        }
        if (claimed.OutputDigests.Count != recomputed.OutputDigests.Count)
        {
            return $"the trace records {claimed.OutputDigests.Count} outputs, re-execution gives {recomputed.OutputDigests.Count}";
        }
        if (claimed.Version != (int)TraceFormat.Version) return "its outputs differ (a version-2 leaf hashes the tensors)";
        var differing = Enumerable.Range(0, claimed.OutputDigests.Count)
            .Where(j => !SameOrBothNull(claimed.OutputDigests[j], recomputed.OutputDigests[j])).ToArray();
        return differing.Length == 0 ? "the leaf hash differs from its fields" : $"output(s) {string.Join(", ", differing)} differ";
    }

    private static List<string> Findings(TraceNode claimed, TraceNode recomputed) =>
    [
        $"trace:      {string.Join(" ", claimed.OutputDigestsHex)} leaf {Hex.Encode(claimed.LeafHash)}",
        $"recomputed: {string.Join(" ", recomputed.OutputDigestsHex)} leaf {Hex.Encode(recomputed.LeafHash)}",
    ];

    private static bool SameOrBothNull(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && Same(a, b);

    private static bool Same(byte[] a, byte[] b) => a.Length == b.Length && CryptographicOperations.FixedTimeEquals(a, b);
}
