using Provenant.Core.Errors;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Inference.Integer;

/// <summary>
/// Row-local re-execution of one node (docs/disputes.md, sub-node bisection): the dispute pins one chunk of rows of one
/// node output (<see cref="TraceChunks"/>: rows = product of all dims but the last, width = the last dim), and the referee
/// computes just those rows on the integer engine, from the same rows of the node's <b>row operands</b> and its other
/// inputs whole. The rows are byte-for-byte the rows of <see cref="IntegerEngine.RunNode"/>'s output on the full inputs.
/// <para>
/// Row-local forms: Quantize, Dequantize, QLookup (elementwise); Requantize with one multiplier, or per-channel
/// multipliers on the last axis; QAdd where each operand either has the output's shape (a row operand) or is 1 on every
/// axis but the last (used whole); QSoftmax and QLayerNorm over the last axis (a QSoftmax mask is sliced to the rows it
/// broadcasts to); QGemm (A [..., K], any rank); QMatMul A [..., M, K] × B [..., K, N] (A the row operand, each output
/// row multiplied by its batch's block of B); Identity; Split along the last axis of a rank ≥ 2 input. Everything else
/// (QConv, pools, QGather, Reshape, Transpose, …) runs whole.
/// </para>
/// </summary>
public static class RowLocalExecution
{
    /// <summary>
    /// The input positions of <paramref name="node"/> that are row operands for output <paramref name="output"/>: output
    /// row r depends only on row r of each of them (same row count and row indexing as the output) and on the other inputs
    /// whole.
    /// </summary>
    /// <param name="node">The node.</param>
    /// <param name="output">Output position.</param>
    /// <param name="inputDims">Every input's full dims, by position (null exactly where an input is omitted).</param>
    /// <returns>The row operand positions, ascending; null when the node is not row-local for these attributes and shapes (or the kernel would reject the shapes): the referee then runs it whole.</returns>
    /// <exception cref="ArgumentException"><paramref name="inputDims"/> does not have one entry per input position, non-null exactly where an input is present.</exception>
    public static IReadOnlyList<int>? RowOperands(GraphNode node, int output, IReadOnlyList<int[]?> inputDims) =>
        Plan(node, output, inputDims)?.Operands;

    /// <summary>
    /// The row-local plan of output <paramref name="output"/> of <paramref name="node"/> for these input dims (its
    /// <see cref="RowLocalPlan.Operands"/> are <see cref="RowOperands"/>), to be run by
    /// <see cref="RunRows(RowLocalPlan, IReadOnlyDictionary{string, int}, IReadOnlyDictionary{string, Tensor}, IReadOnlyDictionary{string, Tensor}, long, long)"/>
    /// without planning again; null when the node is not row-local.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="inputDims"/> does not have one entry per input position, non-null exactly where an input is present.</exception>
    public static RowLocalPlan? Plan(GraphNode node, int output, IReadOnlyList<int[]?> inputDims) =>
        RowLocalRules.Plan(node, output, inputDims) is { } rule ? new RowLocalPlan(node, output, [.. inputDims], rule) : null;

    /// <summary>
    /// Runs <paramref name="node"/> for rows [<paramref name="start"/>, <paramref name="end"/>) of output
    /// <paramref name="output"/> only. A node that is not row-local (<see cref="RowOperands"/> null) is run whole on
    /// <paramref name="values"/> (then every input is whole) and its rows are cut from the output. An empty range is not
    /// computed: the kernel is built and run on one row of zeros (so its parameters are checked and its element type known)
    /// and an empty tensor is returned (shape [0] for a rank-0 or rank-1 output). Shape and parameter rejections are the
    /// whole node's (a shape the kernel refuses is not row-local, so it runs whole and throws); a rejection that depends on
    /// values (a NaN given to Quantize) is found only in the rows run.
    /// </summary>
    /// <param name="node">The node.</param>
    /// <param name="opsets">The model's domain versions; <c>ai.provenant.quant</c> must be version 1.</param>
    /// <param name="constants">The node's initializer inputs by name, as <see cref="IntegerEngine.RunNode"/> takes them. A row operand found here is taken whole and its rows are cut from it.</param>
    /// <param name="values">The computed inputs by name: for a row operand only its rows [start, end) (<see cref="TraceChunks.FromRows"/>: same rank, shape [1, …, 1, end − start, width]; a rank-0 or rank-1 operand whole, or empty), for the other inputs the whole tensor.</param>
    /// <param name="inputDims">Every input's full dims, by position (null where omitted).</param>
    /// <param name="output">Output position.</param>
    /// <param name="start">First output row.</param>
    /// <param name="end">End output row (exclusive).</param>
    /// <returns>The rows as <see cref="TraceChunks.FromRows"/> shapes them (its bytes are rows [start, end) of the whole output, row-major) and the whole output's dims.</returns>
    /// <exception cref="ArgumentException"><paramref name="inputDims"/> is malformed, or [start, end) is not within the output's rows.</exception>
    /// <exception cref="UnsupportedFeatureException">The operator or operator-set version is not supported.</exception>
    /// <exception cref="ProvenantFormatException">A parameter is missing, of the wrong type or shape, or out of range.</exception>
    /// <exception cref="ProvenantException">An input has no value or not the dims <paramref name="inputDims"/> (or the row slice) gives, or the kernel rejects the inputs.</exception>
    public static (Tensor Rows, int[] FullDims) RunRows(GraphNode node, IReadOnlyDictionary<string, int> opsets,
        IReadOnlyDictionary<string, Tensor> constants, IReadOnlyDictionary<string, Tensor> values, IReadOnlyList<int[]?> inputDims,
        int output, long start, long end)
    {
        ArgumentNullException.ThrowIfNull(opsets);
        ArgumentNullException.ThrowIfNull(constants);
        ArgumentNullException.ThrowIfNull(values);
        return Plan(node, output, inputDims) is { } plan
            ? RunRows(plan, opsets, constants, values, start, end)
            : Whole(node, opsets, constants, values, inputDims, output, start, end);
    }

    /// <summary>
    /// <see cref="RunRows(GraphNode, IReadOnlyDictionary{string, int}, IReadOnlyDictionary{string, Tensor}, IReadOnlyDictionary{string, Tensor}, IReadOnlyList{int[]}, int, long, long)"/>
    /// for a node already planned (<see cref="Plan"/>): its node, output and input dims are the plan's.
    /// </summary>
    /// <exception cref="ArgumentException">[start, end) is not within the output's rows.</exception>
    /// <exception cref="UnsupportedFeatureException">The operator or operator-set version is not supported.</exception>
    /// <exception cref="ProvenantFormatException">A parameter is missing, of the wrong type or shape, or out of range.</exception>
    /// <exception cref="ProvenantException">An input has no value or not the plan's dims (or the row slice), or the kernel rejects the inputs.</exception>
    public static (Tensor Rows, int[] FullDims) RunRows(RowLocalPlan plan, IReadOnlyDictionary<string, int> opsets,
        IReadOnlyDictionary<string, Tensor> constants, IReadOnlyDictionary<string, Tensor> values, long start, long end)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(opsets);
        ArgumentNullException.ThrowIfNull(constants);
        ArgumentNullException.ThrowIfNull(values);
        var (node, output, inputDims, rule) = (plan.Node, plan.Output, plan.InputDims, plan.Rule);
        var x = inputDims[0]!;
        var outputRows = TraceChunks.Rows(rule.OutputDims ?? x);
        CheckRange(node, outputRows, start, end);
        var empty = start == end;
        // An empty range runs on one row of zeros: [0, 1) exists whenever the output has rows (it has none only when all chunks are empty).
        var (runStart, runEnd) = empty ? (0L, Math.Min(1L, outputRows)) : (start, end);
        var run = new RowRun(node, opsets, constants, values);
        for (var j = 0; j < node.Inputs.Count; j++)
        {
            if (!node.HasInput(j)) continue;
            var dims = inputDims[j]!;
            if (!rule.Operands.Contains(j))
            {
                var whole = run.Find(j);
                run.Put(j, node.OpType == QuantDomain.QSoftmax && j == 2 ? RowSlices.MaskRows(CheckDims(node, j, whole, dims), x, runStart, runEnd) : CheckDims(node, j, whole, dims));
                continue;
            }
            var rows = constants.TryGetValue(node.Inputs[j], out var constant)
                ? RowSlices.Rows(CheckDims(node, j, constant, dims), runStart, runEnd)
                : CheckDims(node, j, run.Find(j), RowSlices.Shape(dims, start, end));
            run.Put(j, empty ? RowSlices.Zeros(rows.DataType, dims, runStart, runEnd) : rows);
        }
        var y = node.OpType == QuantDomain.QMatMul && node.Domain == QuantDomain.Name ? MatMulRows(run, x, inputDims[2]!, runStart, runEnd) : run.Output(output);
        var full = rule.OutputDims ?? [.. x[..^1], y?.Shape[^1] ?? 0];
        if (empty || y is null)
        {
            return (TraceChunks.FromRows(y?.DataType ?? TensorDataType.Int32, full, [], start, end), full);
        }
        var width = TraceChunks.RowWidth(full);
        if (y.Length != (end - start) * width)
        {
            throw new InvalidOperationException($"{node}: rows {start} to {end} gave {y.ShapeText}, not {end - start} rows of {width} elements");
        }
        return (TraceChunks.FromRows(y.DataType, full, y.RawBytes(), start, end), full);
    }

    /// <summary>
    /// QMatMul rows [start, end) of A [..., M, K]: split at multiples of M, each piece multiplied by its batch's B block
    /// [K, N] (both as rank-kept tensors), the pieces' rows concatenated. Null when there is no row to run.
    /// </summary>
    private static Tensor? MatMulRows(RowRun run, int[] a, int[] b, long start, long end)
    {
        if (start == end)
        {
            return null;
        }
        var rows = run.Get(0);
        var whole = run.Get(2);
        int m = a[^2], k = a[^1], n = b[^1];
        var y = new int[(end - start) * n];
        for (var first = start; first < end;)
        {
            var batch = first / m;
            var last = Math.Min(end, (batch + 1) * m);
            run.Put(0, RowSlices.Rows(rows, first - start, last - start));
            run.Put(2, RowSlices.Block(whole, batch, k, n));
            run.Output(0)!.AsSpan<int>().CopyTo(y.AsSpan((int)((first - start) * n)));
            first = last;
        }
        return Tensor.FromTrusted(TensorDataType.Int32, y, [(int)(end - start), n]);
    }

    /// <summary>Not row-local: the node whole, and the output rows cut from it.</summary>
    private static (Tensor Rows, int[] FullDims) Whole(GraphNode node, IReadOnlyDictionary<string, int> opsets, IReadOnlyDictionary<string, Tensor> constants,
        IReadOnlyDictionary<string, Tensor> values, IReadOnlyList<int[]?> inputDims, int output, long start, long end)
    {
        var run = new RowRun(node, opsets, constants, values);
        for (var j = 0; j < node.Inputs.Count; j++)
        {
            if (node.HasInput(j))
            {
                run.Put(j, CheckDims(node, j, run.Find(j), inputDims[j]!));
            }
        }
        if (output < 0 || output >= node.Outputs.Count || run.Output(output) is not { } y)
        {
            throw new ArgumentException($"{node} has no output {output}", nameof(output));
        }
        int[] full = [.. y.Shape];
        CheckRange(node, TraceChunks.Rows(full), start, end);
        return (RowSlices.Rows(y, start, end), full);
    }

    private static void CheckRange(GraphNode node, long rows, long start, long end)
    {
        if (start < 0 || end < start || end > rows)
        {
            throw new ArgumentException($"{node}: rows {start} to {end} are not within the output's {rows} rows");
        }
    }

    private static Tensor CheckDims(GraphNode node, int j, Tensor t, int[] dims) =>
        t.Dims.AsSpan().SequenceEqual(dims) ? t
            : throw KernelErrors.Fail(node, $"input {j} '{node.Inputs[j]}' is {t.ShapeText}, expected {TensorShape.ToText(dims)}");
}
