using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// How one output of a node is computed row by row (<see cref="RowLocalExecution"/>): the input positions whose rows are
/// the output's rows, and the whole output's dims (null for Split, whose output width comes from its split sizes and is
/// read from the run).
/// </summary>
internal sealed record RowPlan(int[] Operands, int[]? OutputDims);

/// <summary>
/// The row-locality rules per operator, from the node's attributes and every input's full dims only. A rule answers null
/// whenever it is not sure (the referee then runs the node whole), including every shape the kernel would reject.
/// </summary>
internal static class RowLocalRules
{
    /// <summary>The plan for output <paramref name="output"/>, or null when it is not row-local.</summary>
    /// <exception cref="ArgumentException"><paramref name="dims"/> is not one entry per input position, non-null exactly where an input is present.</exception>
    public static RowPlan? Plan(GraphNode node, int output, IReadOnlyList<int[]?> dims)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Count != node.Inputs.Count)
        {
            throw new ArgumentException($"{node}: {dims.Count} input dims given for {node.Inputs.Count} input positions", nameof(dims));
        }
        for (var j = 0; j < dims.Count; j++)
        {
            if (node.HasInput(j) != dims[j] is not null)
            {
                throw new ArgumentException($"{node}: input {j} is {(node.HasInput(j) ? "present" : "omitted")} but its dims are {(dims[j] is null ? "null" : "given")}", nameof(dims));
            }
        }
        if (output < 0 || output >= node.Outputs.Count || node.Outputs[output].Length == 0 || dims.Count == 0 || dims[0] is not { } x)
        {
            return null;
        }
        var plan = node.Domain switch
        {
            QuantDomain.Name when output == 0 => Quantized(node, x, dims),
            "" => DataMovement(node, output, x),
            _ => null,
        };
        // A row operand's name at another position would need its rows and its whole tensor under one name.
        return plan is not null && SharesName(node, plan.Operands) ? null : plan;
    }

    private static RowPlan? Quantized(GraphNode node, int[] x, IReadOnlyList<int[]?> dims)
    {
        var lastAxis = x.Length > 0 && TensorShape.NormalizeAxis(node.Attributes.Int("axis", -1), x.Length) == x.Length - 1;
        return node.OpType switch
        {
            QuantDomain.Quantize or QuantDomain.Dequantize or QuantDomain.QLookup => new RowPlan([0], x),
            QuantDomain.Requantize => Requantize(node, x, dims),
            QuantDomain.QAdd => QAdd(dims),
            QuantDomain.QSoftmax when lastAxis && (Input(dims, 2) is not { } mask || BroadcastsTo(mask, x)) => new RowPlan([0], x),
            QuantDomain.QLayerNorm when lastAxis && Input(dims, 1) is { } gamma && TensorShape.Size(gamma) == x[^1] => new RowPlan([0], x),
            QuantDomain.QGemm when x.Length >= 1 && Input(dims, 2) is [var n, var k] && x[^1] == k => new RowPlan([0], [.. x[..^1], n]),
            QuantDomain.QMatMul when MatMulDims(x, Input(dims, 2)) is { } y => new RowPlan([0], y),
            _ => null,
        };
    }

    private static RowPlan? DataMovement(GraphNode node, int output, int[] x) => node.OpType switch
    {
        "Identity" when output == 0 => new RowPlan([0], x),
        // Along the last axis (rank ≥ 2, so an empty chunk still has a row tensor to split): each output row is a piece of the input row.
        "Split" when x.Length >= 2 && TensorShape.NormalizeAxis(node.Attributes.Int("axis", 0), x.Length) == x.Length - 1 => new RowPlan([0], null),
        _ => null,
    };

    /// <summary>Per-tensor parameters are elementwise; per-channel ones only on the last axis (the kernel's channel count check is kept).</summary>
    private static RowPlan? Requantize(GraphNode node, int[] x, IReadOnlyList<int[]?> dims)
    {
        if (Input(dims, 1) is not { } multiplier)
        {
            return null;
        }
        var channels = TensorShape.Size(multiplier);
        if (channels == 1)
        {
            return new RowPlan([0], x);
        }
        var axis = TensorShape.NormalizeAxis(node.Attributes.Int("axis", 1), x.Length);
        return channels > 1 && axis == x.Length - 1 && x[^1] == channels ? new RowPlan([0], x) : null;
    }

    /// <summary>
    /// A (position 0) and B (position 2) broadcast: an operand of the output's shape (aligned right) is a row operand; one
    /// whose dims are all 1 but the last is used whole (it varies along the row only); anything else varies along the row
    /// dims with another layout, so the node is not row-local.
    /// </summary>
    private static RowPlan? QAdd(IReadOnlyList<int[]?> dims)
    {
        if (Input(dims, 0) is not { } a || Input(dims, 2) is not { } b || TensorShape.Broadcast(a, b) is not { } y)
        {
            return null;
        }
        var operands = new List<int>(2);
        foreach (var (p, d) in new[] { (0, a), (2, b) })
        {
            if (Aligned(d, y.Length).SequenceEqual(y))
            {
                operands.Add(p);
            }
            else if (TraceRowsOf(d) != 1)
            {
                return null;
            }
        }
        return new RowPlan([.. operands], y);
    }

    /// <summary>The output dims of QMatMul A [..., M, K] × B [..., K, N] when the kernel accepts them, else null.</summary>
    private static int[]? MatMulDims(int[] a, int[]? b) =>
        b is not null && a.Length >= 2 && b.Length == a.Length && a.AsSpan(0, a.Length - 2).SequenceEqual(b.AsSpan(0, b.Length - 2))
        && a[^1] == b[^2] && a[^1] <= QMatMulKernel.MaxK
            ? [.. a[..^1], b[^1]]
            : null;

    /// <summary>Whether <paramref name="mask"/> broadcasts to <paramref name="x"/> one way (numpy rules, rank at most x's).</summary>
    internal static bool BroadcastsTo(int[] mask, int[] x)
    {
        if (mask.Length > x.Length)
        {
            return false;
        }
        for (var i = 1; i <= mask.Length; i++)
        {
            if (mask[^i] != 1 && mask[^i] != x[^i])
            {
                return false;
            }
        }
        return true;
    }

    private static int[] Aligned(int[] d, int rank) => [.. Enumerable.Repeat(1, rank - d.Length), .. d];

    private static long TraceRowsOf(int[] d) => Tracing.TraceChunks.Rows(d);

    private static int[]? Input(IReadOnlyList<int[]?> dims, int j) => j < dims.Count ? dims[j] : null;

    // Plain loops: the referee plans every chunk step, and the node has only a handful of inputs.
    private static bool SharesName(GraphNode node, int[] operands)
    {
        foreach (var p in operands)
        {
            for (var j = 0; j < node.Inputs.Count; j++)
            {
                if (Array.IndexOf(operands, j) < 0 && node.HasInput(j) && string.Equals(node.Inputs[j], node.Inputs[p], StringComparison.Ordinal)) return true;
            }
        }
        return false;
    }
}
