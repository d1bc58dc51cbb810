using Provenant.Proofs.Lookups;

namespace Provenant.Proofs.Layers;

/// <summary>
/// A QMaxPool over the last two axes with window = stride = (kh, kw), both powers of two, no padding, and spatial sizes
/// divisible by the window (the LeNet-style 2×2/2 pools): Y[n, c, i, j] = max_{a &lt; kh, b &lt; kw} X[n, c, kh·i + a, kw·j + b].
/// </summary>
/// <remarks>
/// With per-axis padding (<see cref="TensorLayout"/>) and kh | H a power of two, pow2(H) = kh·pow2(H/kh), so the input's
/// axis-h variables are (a's log kh bits, then i's bits): window element (a, b) of output point r is the input point with
/// those bits fixed, and its claim is a claim on X itself.
/// </remarks>
public sealed class MaxPoolStatement
{
    /// <summary>Creates and checks the statement.</summary>
    /// <param name="input">Name of X.</param>
    /// <param name="output">Name of Y; the differences are advice tensors "{output}/diff{j}".</param>
    /// <param name="inputDims">X's shape (rank ≥ 2; the last two axes are pooled).</param>
    /// <param name="kernelHeight">kh, a power of two dividing the second-last dimension.</param>
    /// <param name="kernelWidth">kw, a power of two dividing the last dimension.</param>
    /// <param name="differenceBits">Range of Y − X within a window: 8 for int8 activations (differences in [0, 255]).</param>
    /// <exception cref="ArgumentException">The window does not fit these rules.</exception>
    public MaxPoolStatement(string input, string output, int[] inputDims, int kernelHeight, int kernelWidth, int differenceBits = 8)
    {
        ArgumentNullException.ThrowIfNull(inputDims);
        int rank = inputDims.Length;
        if (rank < 2 || !IsPow2(kernelHeight) || !IsPow2(kernelWidth) || inputDims[rank - 2] % kernelHeight != 0 || inputDims[rank - 1] % kernelWidth != 0
            || kernelHeight * kernelWidth > 16 || differenceBits < 1 || differenceBits > 16)
            throw new ArgumentException($"MaxPool {output}: window {kernelHeight}x{kernelWidth} does not tile [{string.Join(", ", inputDims)}] as powers of two.");
        Input = input;
        Output = output;
        InputLayout = new TensorLayout(inputDims);
        var outDims = (int[])inputDims.Clone();
        outDims[rank - 2] /= kernelHeight;
        outDims[rank - 1] /= kernelWidth;
        OutputLayout = new TensorLayout(outDims);
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        DifferenceBits = differenceBits;
    }

    /// <summary>Name of X.</summary>
    public string Input { get; }

    /// <summary>Name of Y.</summary>
    public string Output { get; }

    /// <summary>X's layout.</summary>
    public TensorLayout InputLayout { get; }

    /// <summary>Y's layout.</summary>
    public TensorLayout OutputLayout { get; }

    /// <summary>kh.</summary>
    public int KernelHeight { get; }

    /// <summary>kw.</summary>
    public int KernelWidth { get; }

    /// <summary>Bits of the difference range check.</summary>
    public int DifferenceBits { get; }

    /// <summary>Window size k = kh·kw (the number of difference tensors).</summary>
    public int WindowSize => KernelHeight * KernelWidth;

    /// <summary>Name of the difference tensor d_j = Y − X_j for window element j = a·kw + b.</summary>
    public string Difference(int j) => $"{Output}/diff{j}";

    /// <summary>The range checks this gadget relies on: every d_j in [0, 2^bits).</summary>
    public IReadOnlyList<LookupObligation> LookupObligations()
    {
        var list = new List<LookupObligation>();
        for (int j = 0; j < WindowSize; j++) list.Add(new LookupObligation(Difference(j), LookupTable.Range(DifferenceBits)));
        return list;
    }

    /// <summary>Row-major index in X of window element j of output element <paramref name="flat"/>.</summary>
    internal long InputIndex(long flat, int j)
    {
        var o = OutputLayout.Dims;
        int rank = o.Length;
        long col = flat % o[rank - 1], row = flat / o[rank - 1] % o[rank - 2], outer = flat / o[rank - 1] / o[rank - 2];
        long h = row * KernelHeight + j / KernelWidth, w = col * KernelWidth + j % KernelWidth;
        var d = InputLayout.Dims;
        return (outer * d[rank - 2] + h) * d[rank - 1] + w;
    }

    /// <summary>The input point of window element j for output point <paramref name="point"/>.</summary>
    internal Field.GoldilocksExt2[] InputPoint(ReadOnlySpan<Field.GoldilocksExt2> point, int j)
    {
        int rank = OutputLayout.Dims.Length;
        int wBits = OutputLayout.AxisBits[rank - 1], hBits = OutputLayout.AxisBits[rank - 2];
        int kwBits = System.Numerics.BitOperations.Log2((uint)KernelWidth), khBits = System.Numerics.BitOperations.Log2((uint)KernelHeight);
        var result = new List<Field.GoldilocksExt2>(InputLayout.VariableCount);
        int a = j / KernelWidth, b = j % KernelWidth;
        for (int i = 0; i < kwBits; i++) result.Add(((b >> i) & 1) == 1 ? Field.GoldilocksExt2.One : Field.GoldilocksExt2.Zero);
        result.AddRange(point.Slice(0, wBits));
        for (int i = 0; i < khBits; i++) result.Add(((a >> i) & 1) == 1 ? Field.GoldilocksExt2.One : Field.GoldilocksExt2.Zero);
        result.AddRange(point.Slice(wBits, hBits));
        result.AddRange(point[(wBits + hBits)..]);
        return [.. result];
    }

    private static bool IsPow2(int x) => x >= 1 && (x & (x - 1)) == 0;
}
