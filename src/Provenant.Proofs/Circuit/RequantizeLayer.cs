using Provenant.Inference.Integer;

namespace Provenant.Proofs.Circuit;

/// <summary>
/// Requantize: Y = clamp(y_zero_point + RoundingShift(X · multiplier[c], shift[c]), lo, hi) elementwise, c the channel
/// of the element (element index / <see cref="Inner"/> mod <see cref="Channels"/>), [lo, hi] the output type's range
/// raised to y_zero_point when relu = 1 (docs/quantization.md).
/// </summary>
public sealed class RequantizeLayer : CircuitLayer
{
    internal RequantizeLayer(string node, int x, int output, long[] multipliers, long[] shifts, int channels, int inner, long zeroPoint, long lo, long hi, int length)
        : base("Requantize", node, [x], output)
    {
        Multipliers = multipliers;
        Shifts = shifts;
        Channels = channels;
        Inner = inner;
        ZeroPoint = zeroPoint;
        Minimum = lo;
        Maximum = hi;
        Length = length;
    }

    /// <summary>Fixed-point multipliers, one per channel (each in [0, 2^31 − 1]).</summary>
    public IReadOnlyList<long> Multipliers { get; }

    /// <summary>Right shifts, one per channel (each in [1, 62]).</summary>
    public IReadOnlyList<long> Shifts { get; }

    /// <summary>Number of channels (1 for per-tensor parameters).</summary>
    public int Channels { get; }

    /// <summary>Elements per channel run (the product of the dimensions after the channel axis).</summary>
    public int Inner { get; }

    /// <summary>y_zero_point.</summary>
    public long ZeroPoint { get; }

    /// <summary>The clamp's lower bound lo.</summary>
    public long Minimum { get; }

    /// <summary>The clamp's upper bound hi.</summary>
    public long Maximum { get; }

    /// <summary>Elements of X and Y.</summary>
    public int Length { get; }

    /// <summary>The channel of row-major element <paramref name="index"/>.</summary>
    public int ChannelOf(int index) => Channels == 1 ? 0 : index / Inner % Channels;

    /// <summary>The unclamped value y_zero_point + RoundingShift(x · multiplier, shift) for element <paramref name="index"/>.</summary>
    public long Unclamped(long x, int index)
    {
        int c = ChannelOf(index);
        return ZeroPoint + QuantArithmetic.RoundingShift(x * Multipliers[c], (int)Shifts[c]);
    }

    /// <inheritdoc />
    public override long GateCount => Length;

    internal override long[] Evaluate(IReadOnlyList<long[]?> values)
    {
        var x = values[Inputs[0]]!;
        var y = new long[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = QuantArithmetic.Clamp(Unclamped(x[i], i), Minimum, Maximum);
        return y;
    }

    internal override void Describe(CircuitDescriptionWriter w)
    {
        DescribeHeader(w);
        w.Write(Multipliers.ToArray());
        w.Write(Shifts.ToArray());
        w.Write(Channels);
        w.Write(Inner);
        w.Write(ZeroPoint);
        w.Write(Minimum);
        w.Write(Maximum);
    }
}
