using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// The referee's step in a chunked format-3 dispute (docs/disputes.md §Chunked fine trees): recomputes the leaf of chunk
/// c of output o of one node. When the node is row-local for the opened shapes
/// (<see cref="RowLocalExecution.Plan"/>, made once and run), only the chunk's rows are computed, from the chunk's rows of its row
/// operands and the other inputs whole; otherwise the node runs whole (<see cref="IntegerEngine.RunNode"/>) and the
/// chunk's rows are taken from its output. Either way the leaf is the one an honest party's fine tree holds.
/// </summary>
public static class ChunkReexecution
{
    private static readonly EngineOptions SingleThread = new(1);

    /// <summary>The chunk leaf (<see cref="TraceNodeHasher.ChunkLeaf"/>) of chunk <paramref name="chunk"/> of output <paramref name="output"/> of node <paramref name="nodeId"/>.</summary>
    /// <param name="skeleton">The model's structure.</param>
    /// <param name="nodeId">The node.</param>
    /// <param name="output">The output slot.</param>
    /// <param name="chunk">The chunk, 0 ≤ chunk &lt; 2^<paramref name="chunkBits"/>.</param>
    /// <param name="chunkBits">h: chunks per output are 2^h.</param>
    /// <param name="inputs">Per input position its value (null for an omitted input).</param>
    /// <returns>The leaf and a description of what was computed (for the ruling).</returns>
    /// <exception cref="ChunkOpeningException">An input is given as a chunk where the node needs it whole, or as another chunk.</exception>
    /// <exception cref="Core.Errors.ProvenantException">The node rejects its inputs or parameters.</exception>
    public static (byte[] Leaf, string What) Run(ModelSkeleton skeleton, int nodeId, int output, int chunk, int chunkBits, IReadOnlyList<ChunkInput?> inputs)
    {
        ArgumentNullException.ThrowIfNull(skeleton);
        ArgumentNullException.ThrowIfNull(inputs);
        var onnx = skeleton.Nodes[nodeId];
        var count = 1 << chunkBits;
        var hasher = TraceNodeHasher.ForCurrentThread;
        var what = $"chunk {chunk} of {count} of output {output} of node {nodeId} ({onnx.OpType})";
        if (onnx.Outputs[output].Length == 0) return (hasher.ChunkLeaf(nodeId, output, chunk, count, default, null, default), what + " (omitted)");
        var node = ModelGraph.NodeFromOnnx(onnx, nodeId, skeleton.OpsetVersions, "referee");
        var dims = inputs.Select(i => i?.FullDims).ToArray();
        var plan = RowLocalExecution.Plan(node, output, dims);
        var rowOperands = plan?.Operands;
        for (var p = 0; p < inputs.Count; p++)
        {
            if (inputs[p]?.Chunk is not { } given) continue;
            if (rowOperands is null || !rowOperands.Contains(p)) throw new ChunkOpeningException($"input {p} of node {nodeId} is opened as one chunk's rows, but the node needs it whole for these shapes");
            if (given != chunk) throw new ChunkOpeningException($"input {p} of node {nodeId} is opened as chunk {given}'s rows, chunk {chunk} is disputed");
        }
        // Committed tensors go in as the kernel's constants (its load-time checks apply to them), as NodeReexecution does.
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var constants = new CommittedTensors(values, skeleton.WeightNames);
        if (plan is { Operands.Count: > 0 })
        {
            var (start, end) = TraceChunks.ChunkRows(TraceChunks.Rows(dims[plan.Operands[0]]!), chunk, count);
            for (var p = 0; p < inputs.Count; p++)
            {
                if (inputs[p] is not { } x) continue;
                // A committed tensor goes in whole even as a row operand (RunRows cuts its rows); a computed row operand
                // as the chunk's rows, opened so or cut here from a whole opening.
                var name = onnx.Inputs[p];
                var value = !plan.Operands.Contains(p) || skeleton.WeightNames.Contains(name) || x.Chunk is not null ? x.Tensor : TraceChunks.SliceRows(x.Tensor, start, end);
                values[name] = value;
            }
            var (rows, fullDims) = RowLocalExecution.RunRows(plan, skeleton.OpsetVersions, constants, values, start, end);
            return (hasher.ChunkLeaf(nodeId, output, chunk, count, rows.DataType, fullDims, rows.ToBytes()), what + $", rows {start} to {end} alone");
        }
        for (var p = 0; p < inputs.Count; p++)
        {
            if (inputs[p] is { } x) values[onnx.Inputs[p]] = x.Tensor;
        }
        var produced = IntegerEngine.RunNode(node, skeleton.OpsetVersions, constants, values, SingleThread);
        var t = produced[output]!;
        return (hasher.ChunkLeaf(nodeId, output, chunk, count, t.DataType, t.Shape, TraceChunks.RowBytes(t, chunk, count)), what + ", whole node");
    }
}
