using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Inference.Tests.Integer;

/// <summary>
/// Runs every chunk of every output of a node row by row (<see cref="RowLocalExecution.RunRows"/>, row operands cut by
/// <see cref="TraceChunks.FromRows"/> from the whole inputs) and requires the whole output's rows byte for byte.
/// </summary>
internal static class RowChunkCheck
{
    /// <summary>Chunk counts tried on every output (with fewer rows than chunks some chunks are empty).</summary>
    public static readonly int[] ChunkCounts = [2, 3, 16, 64];

    /// <summary>Checks every chunk of every output; returns whether every output of the node was row-local.</summary>
    public static bool AssertEveryChunk(RecordedNode r, IEnumerable<int>? chunkCounts = null)
    {
        var dims = r.InputDims;
        var rowLocal = true;
        for (var o = 0; o < r.Outputs.Count; o++)
        {
            if (r.Outputs[o] is not { } whole) continue;
            var operands = RowLocalExecution.RowOperands(r.Node, o, dims);
            rowLocal &= operands is not null;
            foreach (var count in chunkCounts ?? ChunkCounts)
            {
                for (var c = 0; c < count; c++)
                {
                    AssertChunk(r, dims, operands ?? [], o, whole, c, count);
                }
            }
        }
        return rowLocal;
    }

    private static void AssertChunk(RecordedNode r, int[]?[] dims, IReadOnlyList<int> operands, int o, Tensor whole, int c, int count)
    {
        var (start, end) = TraceChunks.ChunkRows(TraceChunks.Rows(whole.Shape), c, count);
        var values = new Dictionary<string, Tensor>(r.Computed, StringComparer.Ordinal);
        foreach (var j in operands.Where(j => r.Computed.ContainsKey(r.Node.Inputs[j])))
        {
            var input = r.Computed[r.Node.Inputs[j]];
            values[r.Node.Inputs[j]] = TraceChunks.FromRows(input.DataType, dims[j]!, TraceChunks.RowBytes(input, c, count), start, end);
        }
        var (rows, full) = RowLocalExecution.RunRows(r.Node, r.Opsets, r.Constants, values, dims, o, start, end);
        var expected = TraceChunks.FromRows(whole.DataType, whole.Shape, TraceChunks.RowBytes(whole, c, count), start, end);
        var where = $"{r.Node} output {o} chunk {c} of {count}";
        Assert.True(whole.Shape.SequenceEqual(full), $"{where}: full dims [{string.Join(",", full)}], expected {whole.ShapeText}");
        Assert.True(expected.DataType == rows.DataType && expected.Shape.SequenceEqual(rows.Shape), $"{where}: rows {rows.ShapeText} {rows.DataType}, expected {expected.ShapeText} {expected.DataType}");
        Assert.True(expected.ToBytes().AsSpan().SequenceEqual(rows.ToBytes()), $"{where}: rows {start} to {end} differ from the whole node's");
    }
}
