using Provenant.Inference.Integer;

namespace Provenant.Proofs.Circuit;

/// <summary>
/// QSoftmax over the last axis: per row d_i = max(X) − X_i, e_i = table[d_i], S = Σ e_i,
/// Y_i = RoundingDivide(32767 · e_i, S) (docs/quantization.md).
/// </summary>
public sealed class SoftmaxLayer : CircuitLayer
{
    /// <summary>The output value that stands for probability 1.</summary>
    public const long One = 32767;

    internal SoftmaxLayer(string node, int x, int output, long[] table, int rowLength, int length)
        : base("Softmax", node, [x], output)
    {
        Table = table;
        RowLength = rowLength;
        Length = length;
    }

    /// <summary>The 256-entry exp table, indexed by d = max − x.</summary>
    public IReadOnlyList<long> Table { get; }

    /// <summary>L: elements per row (the last axis).</summary>
    public int RowLength { get; }

    /// <summary>Elements of X and Y.</summary>
    public int Length { get; }

    /// <inheritdoc />
    public override long GateCount => 3L * Length;

    internal override long[] Evaluate(IReadOnlyList<long[]?> values)
    {
        var x = values[Inputs[0]]!;
        var y = new long[x.Length];
        for (int row = 0; row + RowLength <= x.Length && RowLength > 0; row += RowLength)
        {
            long max = long.MinValue, sum = 0;
            for (int i = 0; i < RowLength; i++) max = Math.Max(max, x[row + i]);
            for (int i = 0; i < RowLength; i++) sum += Table[(int)(max - x[row + i])];
            for (int i = 0; i < RowLength; i++) y[row + i] = QuantArithmetic.RoundingDivide(One * Table[(int)(max - x[row + i])], sum);
        }
        return y;
    }

    internal override void Describe(CircuitDescriptionWriter w)
    {
        DescribeHeader(w);
        w.Write(Table.ToArray());
        w.Write(RowLength);
    }
}
