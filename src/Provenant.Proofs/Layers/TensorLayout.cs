using Provenant.Proofs.Field;

namespace Provenant.Proofs.Layers;

/// <summary>
/// How a row-major tensor of shape <see cref="Dims"/> becomes a multilinear polynomial: every axis is zero-padded
/// to a power of two on its own and the last axis takes the lowest variables, so element (i_0, …, i_{r−1}) sits at
/// padded index Σ_a i_a·2^{offset_a} with offset_{r−1} = 0 and offset_a = offset_{a+1} + bits_{a+1}.
/// </summary>
/// <remarks>
/// Per-axis padding keeps every axis a separate block of variables, so a per-channel constant is a multilinear
/// polynomial in that axis's variables only and the indicator of real (unpadded) elements factorises into one
/// <see cref="PrefixEqSum"/> per axis; both are what the layer verifiers evaluate in O(variables).
/// </remarks>
public sealed class TensorLayout
{
    /// <summary>Creates the layout for <paramref name="dims"/> (each ≥ 1; 30 variables at most in total).</summary>
    /// <exception cref="ArgumentException">A dimension is below 1 or the padded size exceeds 2^30.</exception>
    public TensorLayout(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        Dims = (int[])dims.Clone();
        AxisBits = new int[dims.Length];
        AxisOffset = new int[dims.Length];
        int offset = 0;
        long length = 1;
        for (int a = dims.Length - 1; a >= 0; a--)
        {
            if (dims[a] < 1) throw new ArgumentException($"TensorLayout: dimension {a} is {dims[a]}, expected ≥ 1.");
            AxisBits[a] = Polynomials.MultilinearExtension.VariableCount(dims[a]);
            AxisOffset[a] = offset;
            offset += AxisBits[a];
            length *= dims[a];
        }
        if (offset > 30) throw new ArgumentException($"TensorLayout: {offset} variables exceed 30.");
        VariableCount = offset;
        ElementCount = length;
    }

    /// <summary>The tensor's shape.</summary>
    public int[] Dims { get; }

    /// <summary>Variables per axis: ⌈log2 dim⌉.</summary>
    public int[] AxisBits { get; }

    /// <summary>The first variable of each axis.</summary>
    public int[] AxisOffset { get; }

    /// <summary>Total number of variables n.</summary>
    public int VariableCount { get; }

    /// <summary>2^n, the padded length.</summary>
    public int PaddedLength => 1 << VariableCount;

    /// <summary>The number of real elements (product of the dims).</summary>
    public long ElementCount { get; }

    /// <summary>The padded index of the element at row-major position <paramref name="flat"/>.</summary>
    public int PaddedIndex(long flat)
    {
        int index = 0;
        for (int a = Dims.Length - 1; a >= 0; a--)
        {
            int coordinate = (int)(flat % Dims[a]);
            flat /= Dims[a];
            index |= coordinate << AxisOffset[a];
        }
        return index;
    }

    /// <summary>For every padded index, whether it holds a real element (true) or padding (false).</summary>
    public bool[] ValidMask()
    {
        var mask = new bool[PaddedLength];
        for (long flat = 0; flat < ElementCount; flat++) mask[PaddedIndex(flat)] = true;
        return mask;
    }

    /// <summary>The coordinate along <paramref name="axis"/> of padded index <paramref name="paddedIndex"/>.</summary>
    public int Coordinate(int paddedIndex, int axis) => (paddedIndex >> AxisOffset[axis]) & ((1 << AxisBits[axis]) - 1);

    /// <summary>The padded table (length 2^n) of row-major <paramref name="values"/> (length = element count).</summary>
    /// <exception cref="ArgumentException">The value count differs from the element count.</exception>
    public Goldilocks[] Pad(ReadOnlySpan<Goldilocks> values)
    {
        if (values.Length != ElementCount) throw new ArgumentException($"TensorLayout: {values.Length} values for {ElementCount} elements.");
        var padded = new Goldilocks[PaddedLength];
        if (values.Length == PaddedLength)
        {
            values.CopyTo(padded);
            return padded;
        }
        int last = Dims.Length == 0 ? 1 : Dims[^1];
        for (long row = 0, flat = 0; flat < values.Length; row++, flat += last)
        {
            int start = PaddedIndex(flat);
            values.Slice((int)flat, last).CopyTo(padded.AsSpan(start, last));
        }
        return padded;
    }

    /// <summary>The padded table of row-major signed integers (embedded with <see cref="Goldilocks.FromInt64"/>).</summary>
    public Goldilocks[] Pad(ReadOnlySpan<long> values)
    {
        var field = new Goldilocks[values.Length];
        for (int i = 0; i < values.Length; i++) field[i] = Goldilocks.FromInt64(values[i]);
        return Pad(field);
    }

    /// <summary>The coordinates of <paramref name="point"/> that belong to <paramref name="axis"/>.</summary>
    public ReadOnlySpan<GoldilocksExt2> AxisPoint(ReadOnlySpan<GoldilocksExt2> point, int axis) => point.Slice(AxisOffset[axis], AxisBits[axis]);

    /// <summary>
    /// The multilinear extension of the indicator of real elements at <paramref name="point"/>:
    /// Π_a Σ_{i &lt; dim_a} eq(point_a, i), in O(n).
    /// </summary>
    public GoldilocksExt2 ValidityAt(ReadOnlySpan<GoldilocksExt2> point)
    {
        var acc = GoldilocksExt2.One;
        for (int a = 0; a < Dims.Length; a++) acc *= PrefixEqSum(AxisPoint(point, a), Dims[a]);
        return acc;
    }

    /// <summary>
    /// Σ_{i &lt; <paramref name="count"/>} eq(<paramref name="r"/>, i) over the hypercube of r's dimension, in O(|r|):
    /// walking the bits of count from the top, each 1-bit adds the block of indices below it.
    /// </summary>
    public static GoldilocksExt2 PrefixEqSum(ReadOnlySpan<GoldilocksExt2> r, long count)
    {
        if (count <= 0) return GoldilocksExt2.Zero;
        if (count >= 1L << r.Length) return GoldilocksExt2.One;
        GoldilocksExt2 sum = GoldilocksExt2.Zero, prefix = GoldilocksExt2.One;
        for (int bit = r.Length - 1; bit >= 0; bit--)
        {
            var ri = r[bit];
            if (((count >> bit) & 1) != 0)
            {
                sum += prefix * (GoldilocksExt2.One - ri);
                prefix *= ri;
            }
            else
            {
                prefix *= GoldilocksExt2.One - ri;
            }
        }
        return sum;
    }

    /// <inheritdoc />
    public override string ToString() => "[" + string.Join(", ", Dims) + "]";
}
