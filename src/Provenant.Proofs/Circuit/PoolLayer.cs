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
    internal PoolLayer(string node, bool max, int x, int output, long zeroPoint, int[][] taps, int[] counts, WindowGeometry geometry)
        : base(max ? "MaxPool" : "AveragePool", node, [x], output)
    {
        Geometry = geometry;
        IsMax = max;
        ZeroPoint = zeroPoint;
        Taps = taps;
        Counts = counts;
    }

    internal WindowGeometry Geometry { get; }

    /// <summary>
    /// True when the windows tile the input: 2 spatial axes, stride = kernel, no padding, no dilation, and each input size
    /// a multiple of the kernel (the LeNet-style pools the max-pool gadget proves).
    /// </summary>
    public bool IsTiling
    {
        get
        {
            var g = Geometry;
            return g.Rank == 2 && Enumerable.Range(0, 2).All(i => g.Stride[i] == g.Kernel[i] && g.PadBegin[i] == 0 && g.PadEnd[i] == 0
                && g.Dilation[i] == 1 && g.Input[i] % g.Kernel[i] == 0 && g.Output[i] * g.Kernel[i] == g.Input[i]);
        }
    }

    /// <summary>Kernel height and width (for <see cref="IsTiling"/> pools).</summary>
    public (int Height, int Width) Kernel => (Geometry.Kernel[0], Geometry.Kernel[^1]);

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
