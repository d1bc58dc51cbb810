using Provenant.Core.Errors;
using Provenant.Inference.Graph;

namespace Provenant.Proofs.Circuit;

/// <summary>
/// The window geometry of a QConv / QMaxPool / QAveragePool node (ONNX Conv/pool attribute meanings, 1–3 spatial
/// axes): per spatial axis the input size, kernel, stride, dilation, leading pad and output size, and from them the
/// input position each (output position, kernel offset) reads. Same rules as the integer engine (docs/quantization.md):
/// explicit pads ⌊(in + pb + pe − span) / s⌋ + 1 (⌈…⌉ with ceil_mode, minus a window starting in the trailing pad),
/// SAME_UPPER/SAME_LOWER ⌈in / s⌉ with the odd pad unit at the end/start, VALID no padding.
/// </summary>
internal sealed class WindowGeometry
{
    private WindowGeometry(int[] input, int[] kernel, int[] stride, int[] dilation, int[] padBegin, int[] padEnd, int[] output)
    {
        Input = input;
        Kernel = kernel;
        Stride = stride;
        Dilation = dilation;
        PadBegin = padBegin;
        PadEnd = padEnd;
        Output = output;
    }

    public int[] Input { get; }

    public int[] Kernel { get; }

    public int[] Stride { get; }

    public int[] Dilation { get; }

    public int[] PadBegin { get; }

    public int[] PadEnd { get; }

    public int[] Output { get; }

    public int Rank => Input.Length;

    public int InputSize => Product(Input);

    public int OutputSize => Product(Output);

    public int KernelSize => Product(Kernel);

    public static WindowGeometry Compute(GraphNode node, ReadOnlySpan<int> input, ReadOnlySpan<int> kernel, bool ceilMode)
    {
        int r = input.Length;
        if (r is < 1 or > 3 || kernel.Length != r) throw new UnsupportedFeatureException($"{node}: {r} spatial axes with a {kernel.Length}-axis kernel");
        var a = node.Attributes;
        long[] strides = a.Ints("strides") ?? Enumerable.Repeat(1L, r).ToArray();
        long[] dilations = a.Ints("dilations") ?? Enumerable.Repeat(1L, r).ToArray();
        long[] pads = a.Ints("pads") ?? new long[2 * r];
        string autoPad = a.String("auto_pad", "NOTSET");
        var g = new WindowGeometry(input.ToArray(), kernel.ToArray(), new int[r], new int[r], new int[r], new int[r], new int[r]);
        for (int i = 0; i < r; i++)
        {
            int s = g.Stride[i] = (int)strides[i], d = g.Dilation[i] = (int)dilations[i];
            int span = (kernel[i] - 1) * d + 1;
            int pb, pe, o;
            if (autoPad is "SAME_UPPER" or "SAME_LOWER")
            {
                o = (input[i] + s - 1) / s;
                int total = Math.Max(0, (o - 1) * s + span - input[i]);
                pb = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
                pe = total - pb;
            }
            else
            {
                (pb, pe) = autoPad == "VALID" ? (0, 0) : ((int)pads[i], (int)pads[i + r]);
                int room = input[i] + pb + pe - span;
                o = room < 0 ? 0 : (ceilMode ? (room + s - 1) / s : room / s) + 1;
                if (ceilMode && o > 0 && (o - 1) * s >= input[i] + pb) o--;
            }
            if (o < 1) throw new UnsupportedFeatureException($"{node}: the window does not fit spatial axis {i}");
            g.PadBegin[i] = pb;
            g.PadEnd[i] = pe;
            g.Output[i] = o;
        }
        return g;
    }

    /// <summary>
    /// The spatial input offset (within one plane, row-major) that kernel offset <paramref name="tap"/> reads for output
    /// position <paramref name="position"/>, or −1 when it falls in the padding.
    /// </summary>
    public int Read(int position, int tap)
    {
        int offset = 0;
        for (int i = Rank - 1, p = position, t = tap, stride = 1; i >= 0; i--)
        {
            int o = p % Output[i], k = t % Kernel[i];
            p /= Output[i];
            t /= Kernel[i];
            int x = o * Stride[i] - PadBegin[i] + k * Dilation[i];
            if (x < 0 || x >= Input[i]) return -1;
            offset += x * stride;
            stride *= Input[i];
        }
        return offset;
    }

    /// <summary>How many taps of output <paramref name="position"/>'s window lie inside the padded extent (count_include_pad).</summary>
    public int PaddedCount(int position)
    {
        int count = 1;
        for (int i = Rank - 1, p = position; i >= 0; i--)
        {
            int o = p % Output[i], inside = 0;
            p /= Output[i];
            for (int k = 0; k < Kernel[i]; k++)
            {
                int x = o * Stride[i] - PadBegin[i] + k * Dilation[i];
                if (x >= -PadBegin[i] && x < Input[i] + PadEnd[i]) inside++;
            }
            count *= inside;
        }
        return count;
    }

    public void Describe(CircuitDescriptionWriter w)
    {
        w.Write(Input);
        w.Write(Kernel);
        w.Write(Stride);
        w.Write(Dilation);
        w.Write(PadBegin);
        w.Write(PadEnd);
        w.Write(Output);
    }

    private static int Product(int[] v) => v.Aggregate(1, (a, b) => checked(a * b));
}
