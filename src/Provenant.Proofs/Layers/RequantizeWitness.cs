using Provenant.Proofs.Field;

namespace Provenant.Proofs.Layers;

/// <summary>
/// The integer engine's Requantize output and the advice a <see cref="RequantizeGadget"/> proof needs, computed exactly as
/// <c>RequantizeKernel</c> does (RoundingShift: round half away from zero; clamp to [lo, hi]). The advice tables must be
/// committed (or absorbed) before any challenge the proof depends on.
/// </summary>
public sealed class RequantizeWitness
{
    private RequantizeWitness(long[] output, Goldilocks[] input, Goldilocks[] outputTable, Goldilocks[][] advice)
    {
        Output = output;
        InputTable = input;
        OutputTable = outputTable;
        AdviceTables = advice;
    }

    /// <summary>Y in row-major order.</summary>
    public long[] Output { get; }

    /// <summary>X's padded table.</summary>
    public Goldilocks[] InputTable { get; }

    /// <summary>Y's padded table.</summary>
    public Goldilocks[] OutputTable { get; }

    /// <summary>The advice tensors' padded tables, in <see cref="RequantizeStatement.Advice"/> order.</summary>
    public Goldilocks[][] AdviceTables { get; }

    /// <summary>round(v / 2^s), ties away from zero (docs/quantization.md RoundingShift).</summary>
    public static long RoundingShift(long value, int shift)
    {
        long half = 1L << (shift - 1);
        return value >= 0 ? (value + half) >> shift : -((-value + half) >> shift);
    }

    /// <summary>Computes Y and the advice from the accumulators X (row-major, the layout's element count).</summary>
    /// <exception cref="ArgumentException">The length differs from the layout, or some |X| ≥ 2^A.</exception>
    public static RequantizeWitness Compute(RequantizeStatement statement, ReadOnlySpan<long> accumulators)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var layout = statement.Layout;
        if (accumulators.Length != layout.ElementCount) throw new ArgumentException($"Requantize {statement.Output}: {accumulators.Length} accumulators for {layout.ElementCount} elements.");
        int n = layout.PaddedLength, s = statement.CommonShift;
        var output = new long[accumulators.Length];
        var x = new Goldilocks[n];
        var y = new Goldilocks[n];
        var advice = new Goldilocks[statement.Advice.Count][];
        for (int i = 0; i < advice.Length; i++) advice[i] = new Goldilocks[n];
        long bound = 1L << statement.AccumulatorBits;
        for (int f = 0; f < accumulators.Length; f++)
        {
            int b = layout.PaddedIndex(f);
            int c = statement.Channel(b);
            long xv = accumulators[f], m = statement.Multipliers[c];
            int sc = statement.Shifts[c];
            if (xv >= bound || xv < -bound) throw new ArgumentException($"Requantize {statement.Output}: accumulator {xv} at {f} exceeds 2^{statement.AccumulatorBits}.");
            long v = xv * m;
            long q = RoundingShift(v, sc);
            long t = statement.ZeroPoint + q;
            long yv = Math.Clamp(t, statement.Min, statement.Max);
            long sign = xv < 0 ? 1 : 0;
            long remainder = v + (1L << (sc - 1)) - sign - (q << sc);
            if (remainder < 0 || remainder >= 1L << sc) throw new InvalidOperationException($"Requantize: remainder {remainder} outside [0, 2^{sc}) (internal error).");
            output[f] = yv;
            x[b] = Goldilocks.FromInt64(xv);
            y[b] = Goldilocks.FromInt64(yv);
            int k = 0;
            k = Split(advice, k, statement.LowLimbs, b, xv + (sign << statement.AccumulatorBits));
            advice[k++][b] = Goldilocks.FromInt64(sign);
            k = Split(advice, k, statement.RemainderLimbs, b, remainder << (s - sc));
            k = Split(advice, k, statement.ExcessLimbs, b, Math.Max(0, t - yv));
            Split(advice, k, statement.ExcessLimbs, b, Math.Max(0, yv - t));
        }
        return new RequantizeWitness(output, x, y, advice);
    }

    private static int Split(Goldilocks[][] advice, int first, int limbs, int b, long value)
    {
        for (int i = 0; i < limbs; i++) advice[first + i][b] = Goldilocks.FromUInt64((ulong)(value >> (RequantizeStatement.LimbBits * i)) & 0xFFFF);
        return first + limbs;
    }
}
