namespace Provenant.Proofs.Circuit;

/// <summary>
/// QGemm: Y[m, n] = Σ_k (A[m, k] − a_zero_point) · B[n, k] + bias[n] over int8 A [rows, K], int8 weights B [N, K] and
/// int32 bias [N] (docs/quantization.md). Proven by Thaler's matrix-product sumcheck over k.
/// </summary>
public sealed class GemmLayer : CircuitLayer
{
    internal GemmLayer(string node, int a, int weight, int bias, int output, long aZeroPoint, int rows, int n, int k)
        : base("Gemm", node, bias >= 0 ? [a, weight, bias] : [a, weight], output)
    {
        ZeroPoint = aZeroPoint;
        Rows = rows;
        Columns = n;
        Depth = k;
    }

    /// <summary>The activation zero point a_zero_point.</summary>
    public long ZeroPoint { get; }

    /// <summary>Rows of A and Y (the product of A's leading dimensions).</summary>
    public int Rows { get; }

    /// <summary>N: output columns (rows of B).</summary>
    public int Columns { get; }

    /// <summary>K: the summed dimension.</summary>
    public int Depth { get; }

    /// <summary>Tensor id of B.</summary>
    public int Weight => Inputs[1];

    /// <summary>Tensor id of the bias, or −1.</summary>
    public int Bias => Inputs.Count > 2 ? Inputs[2] : -1;

    /// <inheritdoc />
    public override long GateCount => (long)Rows * Columns * Depth;

    internal override long[] Evaluate(IReadOnlyList<long[]?> values)
    {
        var a = values[Inputs[0]]!;
        var b = values[Weight]!;
        var bias = Bias >= 0 ? values[Bias]! : null;
        var y = new long[Rows * Columns];
        for (int m = 0; m < Rows; m++)
        {
            for (int n = 0; n < Columns; n++)
            {
                long acc = bias?[n] ?? 0;
                for (int k = 0; k < Depth; k++) acc += (a[m * Depth + k] - ZeroPoint) * b[n * Depth + k];
                y[m * Columns + n] = acc;
            }
        }
        return y;
    }

    internal override void Describe(CircuitDescriptionWriter w)
    {
        DescribeHeader(w);
        w.Write(ZeroPoint);
        w.Write(Rows);
        w.Write(Columns);
        w.Write(Depth);
    }
}
