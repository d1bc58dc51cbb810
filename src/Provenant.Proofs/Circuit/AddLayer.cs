using Provenant.Inference.Integer;

namespace Provenant.Proofs.Circuit;

/// <summary>
/// QAdd: Y = clamp(y_zp + RoundingShift(a_mult · (A − a_zp) + b_mult · (B − b_zp), shift), lo, 127) with numpy
/// broadcasting (docs/quantization.md). <see cref="IndexA"/>/<see cref="IndexB"/> give, for every output element, the
/// element of A/B it reads.
/// </summary>
public sealed class AddLayer : CircuitLayer
{
    internal AddLayer(string node, int a, int b, int output, long[] parameters, int[] indexA, int[] indexB)
        : base("Add", node, [a, b], output)
    {
        (ZeroPointA, ZeroPointB, MultiplierA, MultiplierB, Shift, ZeroPoint, Minimum) =
            (parameters[0], parameters[1], parameters[2], parameters[3], (int)parameters[4], parameters[5], parameters[6]);
        IndexA = indexA;
        IndexB = indexB;
    }

    /// <summary>a_zero_point.</summary>
    public long ZeroPointA { get; }

    /// <summary>b_zero_point.</summary>
    public long ZeroPointB { get; }

    /// <summary>a_multiplier.</summary>
    public long MultiplierA { get; }

    /// <summary>b_multiplier.</summary>
    public long MultiplierB { get; }

    /// <summary>The shared right shift.</summary>
    public int Shift { get; }

    /// <summary>y_zero_point.</summary>
    public long ZeroPoint { get; }

    /// <summary>The clamp's lower bound (−128, or y_zero_point with relu).</summary>
    public long Minimum { get; }

    /// <summary>Per output element, the row-major index into A.</summary>
    public IReadOnlyList<int> IndexA { get; }

    /// <summary>Per output element, the row-major index into B.</summary>
    public IReadOnlyList<int> IndexB { get; }

    /// <inheritdoc />
    public override long GateCount => IndexA.Count;

    internal override long[] Evaluate(IReadOnlyList<long[]?> values)
    {
        var a = values[Inputs[0]]!;
        var b = values[Inputs[1]]!;
        var y = new long[IndexA.Count];
        for (int i = 0; i < y.Length; i++)
        {
            long sum = MultiplierA * (a[IndexA[i]] - ZeroPointA) + MultiplierB * (b[IndexB[i]] - ZeroPointB);
            y[i] = QuantArithmetic.Clamp(ZeroPoint + QuantArithmetic.RoundingShift(sum, Shift), Minimum, sbyte.MaxValue);
        }
        return y;
    }

    internal override void Describe(CircuitDescriptionWriter w)
    {
        DescribeHeader(w);
        w.Write([ZeroPointA, ZeroPointB, MultiplierA, MultiplierB, Shift, ZeroPoint, Minimum]);
        w.Write(IndexA.ToArray());
        w.Write(IndexB.ToArray());
    }
}
