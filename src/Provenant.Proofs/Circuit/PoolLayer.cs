using Provenant.Inference.Integer;

namespace Provenant.Proofs.Circuit;

/// <summary>
/// QMaxPool, QAveragePool and QGlobalAveragePool over int8 X [N, C, spatial…]: for every output element a window of
/// X elements (<see cref="Taps"/>, −1 for the padding). Max: the largest in-bounds element. Average:
/// zp + RoundingDivide(Σ (x − zp), count) with count = in-bounds taps or, with count_include_pad, the taps inside the
/// padded extent (docs/quantization.md).
/// </summary>
public sealed class PoolLayer : CircuitLayer
{
    internal PoolLayer(string node, bool max, int x, int output, long zeroPoint, int[][] taps, int[] counts)
        : base(max ? "MaxPool" : "AveragePool", node, [x], output)
    {
        IsMax = max;
        ZeroPoint = zeroPoint;
        Taps = taps;
        Counts = counts;
    }

    /// <summary>True for max pooling, false for average pooling.</summary>
    public bool IsMax { get; }

    /// <summary>x_zero_point (average pooling; 0 for max).</summary>
    public long ZeroPoint { get; }

    /// <summary>Taps[t][o]: the row-major X index tap t of output o reads, or −1 in the padding.</summary>
    public IReadOnlyList<int[]> Taps { get; }

    /// <summary>The divisor per output (average pooling).</summary>
    public IReadOnlyList<int> Counts { get; }

    /// <inheritdoc />
    public override long GateCount => (long)Taps.Count * Counts.Count;

    internal override long[] Evaluate(IReadOnlyList<long[]?> values)
    {
        var x = values[Inputs[0]]!;
        var y = new long[Counts.Count];
        for (int o = 0; o < y.Length; o++)
        {
            long best = long.MinValue, sum = 0;
            foreach (var tap in Taps)
            {
                if (tap[o] < 0) continue;
                best = Math.Max(best, x[tap[o]]);
                sum += x[tap[o]] - ZeroPoint;
            }
            y[o] = IsMax ? best : QuantArithmetic.Clamp(ZeroPoint + QuantArithmetic.RoundingDivide(sum, Math.Max(1, Counts[o])), sbyte.MinValue, sbyte.MaxValue);
        }
        return y;
    }

    internal override void Describe(CircuitDescriptionWriter w)
    {
        DescribeHeader(w);
        w.Write(ZeroPoint);
        foreach (var tap in Taps) w.Write(tap);
        w.Write(Counts.ToArray());
    }
}
