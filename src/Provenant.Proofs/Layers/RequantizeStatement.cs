using Provenant.Proofs.Field;
using Provenant.Proofs.Lookups;

namespace Provenant.Proofs.Layers;

/// <summary>
/// The public description of a Requantize node (docs/quantization.md): Y = clamp(z + RoundingShift(X·M_c, s_c), lo, hi) for
/// an int32 accumulator X whose magnitude is below 2^<see cref="AccumulatorBits"/>, and the derived proof parameters:
/// the common shift S = max s_c, the excess width B, and the advice tensors (16-bit limbs) the prover commits to.
/// </summary>
/// <remarks>
/// Advice per element (all integers, see <see cref="RequantizeGadget"/>): low = X + 2^A·σ ∈ [0, 2^A) and the sign σ = [X &lt; 0];
/// the scaled remainder ρ̂ = ρ·2^{S − s_c} ∈ [0, 2^S); the excesses d⁺ = max(0, t − Y), d⁻ = max(0, Y − t) ∈ [0, 2^B) with
/// t = z + RoundingShift(X·M_c, s_c). Each is split into 16-bit limbs (the top limb narrower), each limb one advice tensor
/// of <see cref="Layout"/>. The constructor refuses parameters for which the field identity could wrap around p.
/// </remarks>
public sealed class RequantizeStatement
{
    /// <summary>Limb width of every advice decomposition.</summary>
    public const int LimbBits = 16;

    /// <summary>Creates and checks a statement.</summary>
    /// <param name="input">The accumulator tensor's name (int32, e.g. the QGemm output).</param>
    /// <param name="output">The requantized tensor's name; advice tensors are named "{output}/…".</param>
    /// <param name="layout">The common layout of X and Y.</param>
    /// <param name="channelAxis">The axis of the per-channel parameters, or −1 for one multiplier/shift for the whole tensor.</param>
    /// <param name="multipliers">M_c ∈ [0, 2^31 − 1], one per channel (or one).</param>
    /// <param name="shifts">s_c ∈ [1, 62].</param>
    /// <param name="zeroPoint">The output zero point z.</param>
    /// <param name="min">lo (the type minimum, or max(type minimum, z) with relu).</param>
    /// <param name="max">hi, ≥ lo.</param>
    /// <param name="accumulatorBits">A ∈ [1, 48] with |X| &lt; 2^A (e.g. from the model's bound 255·Σ|W_c| + |b_c|; up to 2^40 for the QAdd sum a_mult·(a − a_zp) + b_mult·(b − b_zp) requantized with multiplier 1).</param>
    /// <exception cref="ArgumentException">A parameter is out of range, or the field identity could wrap around p.</exception>
    public RequantizeStatement(string input, string output, TensorLayout layout, int channelAxis, long[] multipliers, int[] shifts,
        long zeroPoint, long min, long max, int accumulatorBits)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(multipliers);
        ArgumentNullException.ThrowIfNull(shifts);
        int channels = channelAxis < 0 ? 1 : layout.Dims[channelAxis];
        if (channelAxis >= layout.Dims.Length || multipliers.Length != channels || shifts.Length != channels)
            throw new ArgumentException($"Requantize {output}: {multipliers.Length} multipliers and {shifts.Length} shifts for {channels} channel(s).");
        if (accumulatorBits < 1 || accumulatorBits > 48) throw new ArgumentException($"Requantize {output}: accumulator bits {accumulatorBits} outside [1, 48].");
        if (min > max || Math.Abs(min) > 1 << 16 || Math.Abs(max) > 1 << 16 || Math.Abs(zeroPoint) > 1 << 16)
            throw new ArgumentException($"Requantize {output}: output range [{min}, {max}] or zero point {zeroPoint} invalid.");
        Input = input;
        Output = output;
        Layout = layout;
        ChannelAxis = channelAxis;
        Multipliers = (long[])multipliers.Clone();
        Shifts = (int[])shifts.Clone();
        ZeroPoint = zeroPoint;
        Min = min;
        Max = max;
        AccumulatorBits = accumulatorBits;
        int minShift = 62;
        UInt128 quotient = 0;
        for (int c = 0; c < channels; c++)
        {
            if (multipliers[c] < 0 || multipliers[c] > int.MaxValue || shifts[c] < 1 || shifts[c] > 62)
                throw new ArgumentException($"Requantize {output}: channel {c} has multiplier {multipliers[c]}, shift {shifts[c]}.");
            CommonShift = Math.Max(CommonShift, shifts[c]);
            minShift = Math.Min(minShift, shifts[c]);
            quotient = UInt128.Max(quotient, ((UInt128)multipliers[c] << accumulatorBits) >> shifts[c]);
        }
        // |t − Y| ≤ |q| + |z| + max(|lo|, |hi|) with |q| ≤ 2^A·M_c / 2^{s_c} + 1.
        ExcessBits = Polynomials.MultilinearExtension.VariableCount((long)quotient + 2 + 3 * (1L << 16) + 1);
        // No wrap-around: |X·M'_c + 2^{S−1} − σ·2^{S−s_c} − ρ̂| + 2^S·|Y − z + d⁺ − d⁻| < p.
        UInt128 left = 0;
        for (int c = 0; c < channels; c++) left = UInt128.Max(left, ((UInt128)multipliers[c] << accumulatorBits) << (CommonShift - shifts[c]));
        left += (UInt128)1 << (CommonShift + 2);
        UInt128 right = ((UInt128)1 << CommonShift) * (((UInt128)1 << 18) + ((UInt128)2 << ExcessBits));
        if (left + right >= Goldilocks.Modulus || CommonShift - minShift > 40)
            throw new ArgumentException($"Requantize {output}: shifts {minShift}..{CommonShift} with {accumulatorBits}-bit accumulators could wrap around p.");
        var advice = new List<(string, int)>();
        AddLimbs(advice, "low", accumulatorBits);
        advice.Add(($"{output}/sign", 1));
        AddLimbs(advice, "remainder", CommonShift);
        AddLimbs(advice, "excess-up", ExcessBits);
        AddLimbs(advice, "excess-down", ExcessBits);
        Advice = advice;
        LowLimbs = Limbs(accumulatorBits);
        RemainderLimbs = Limbs(CommonShift);
        ExcessLimbs = Limbs(ExcessBits);
    }

    /// <summary>The accumulator tensor's name.</summary>
    public string Input { get; }

    /// <summary>The output tensor's name.</summary>
    public string Output { get; }

    /// <summary>The layout of X and Y.</summary>
    public TensorLayout Layout { get; }

    /// <summary>The channel axis, or −1.</summary>
    public int ChannelAxis { get; }

    /// <summary>M_c.</summary>
    public long[] Multipliers { get; }

    /// <summary>s_c.</summary>
    public int[] Shifts { get; }

    /// <summary>z.</summary>
    public long ZeroPoint { get; }

    /// <summary>lo.</summary>
    public long Min { get; }

    /// <summary>hi.</summary>
    public long Max { get; }

    /// <summary>A: |X| &lt; 2^A.</summary>
    public int AccumulatorBits { get; }

    /// <summary>S = max_c s_c.</summary>
    public int CommonShift { get; }

    /// <summary>B: d⁺, d⁻ &lt; 2^B.</summary>
    public int ExcessBits { get; }

    /// <summary>Advice tensors in proof order: (name, bits of its range check): low limbs, sign, remainder limbs, excess-up limbs, excess-down limbs.</summary>
    public IReadOnlyList<(string Name, int Bits)> Advice { get; }

    internal int LowLimbs { get; }

    internal int RemainderLimbs { get; }

    internal int ExcessLimbs { get; }

    /// <summary>
    /// The range checks this gadget relies on: every advice tensor in its range table, and the output Y in [lo, hi]
    /// (Y in range(k)@lo, plus range(k)@(hi − 2^k + 1) when hi − lo + 1 is not 2^k).
    /// </summary>
    public IReadOnlyList<LookupObligation> LookupObligations()
    {
        var list = new List<LookupObligation>();
        foreach (var (name, bits) in Advice) list.Add(new LookupObligation(name, LookupTable.Range(bits)));
        int k = Polynomials.MultilinearExtension.VariableCount(Max - Min + 1);
        list.Add(new LookupObligation(Output, LookupTable.Range(k, Min)));
        if (Max - Min + 1 != 1L << k) list.Add(new LookupObligation(Output, LookupTable.Range(k, Max - (1L << k) + 1)));
        return list;
    }

    /// <summary>The channel of padded index <paramref name="paddedIndex"/> (0 without a channel axis).</summary>
    internal int Channel(int paddedIndex) => ChannelAxis < 0 ? 0 : Layout.Coordinate(paddedIndex, ChannelAxis);

    private static int Limbs(int bits) => (bits + LimbBits - 1) / LimbBits;

    private void AddLimbs(List<(string, int)> advice, string kind, int bits)
    {
        for (int i = 0, left = bits; left > 0; i++, left -= LimbBits) advice.Add(($"{Output}/{kind}{i}", Math.Min(LimbBits, left)));
    }
}
