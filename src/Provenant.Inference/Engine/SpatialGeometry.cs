namespace Provenant.Inference.Engine;

/// <summary>
/// Window geometry of Conv and the pooling operators, normalised to three spatial dimensions (1-D and
/// 2-D inputs get leading size-1 dimensions with kernel 1, stride 1, no padding). Output size per axis
/// (ONNX Conv/MaxPool/AveragePool): explicit pads: ⌊(in + pb + pe − ((k−1)·d + 1)) / s⌋ + 1, or ⌈…⌉ + 1 with
/// ceil_mode, dropping a last window that would start past the input and the leading pad; SAME_UPPER /
/// SAME_LOWER: ⌈in / s⌉ with the total padding split so the extra unit goes to the end (upper) or start
/// (lower); VALID: no padding.
/// </summary>
internal sealed class SpatialGeometry
{
    public const int Dims = 3;

    public int[] Input { get; } = [1, 1, 1];

    public int[] Kernel { get; } = [1, 1, 1];

    public int[] Stride { get; } = [1, 1, 1];

    public int[] Dilation { get; } = [1, 1, 1];

    public int[] PadBegin { get; } = [0, 0, 0];

    public int[] PadEnd { get; } = [0, 0, 0];

    public int[] Output { get; } = [1, 1, 1];

    /// <summary>Spatial rank of the original tensor (1, 2 or 3).</summary>
    public int Rank { get; private init; }

    public int InputSize => Input[0] * Input[1] * Input[2];

    public int OutputSize => Output[0] * Output[1] * Output[2];

    public int KernelSize => Kernel[0] * Kernel[1] * Kernel[2];

    /// <summary>The original-rank output spatial shape.</summary>
    public int[] OutputShape => Output[(Dims - Rank)..];

    public static SpatialGeometry Compute(KernelBuilder b, ReadOnlySpan<int> input, ReadOnlySpan<int> kernel, bool ceilMode)
    {
        var rank = input.Length;
        if (rank is < 1 or > Dims)
        {
            throw b.Unsupported($"{rank} spatial dimensions (1 to 3 are supported)");
        }
        if (kernel.Length != rank)
        {
            throw b.Fail($"kernel_shape has {kernel.Length} dimensions for {rank} spatial dimensions");
        }
        var g = new SpatialGeometry { Rank = rank };
        var strides = Check(b, "strides", b.Attr.Ints("strides"), rank, 1, min: 1);
        var dilations = Check(b, "dilations", b.Attr.Ints("dilations"), rank, 1, min: 1);
        var pads = Check(b, "pads", b.Attr.Ints("pads"), 2 * rank, 0, min: 0);
        var autoPad = b.Attr.String("auto_pad", "NOTSET");
        var off = Dims - rank;
        for (var i = 0; i < rank; i++)
        {
            var a = off + i;
            g.Input[a] = input[i];
            g.Kernel[a] = kernel[i];
            g.Stride[a] = (int)strides[i];
            g.Dilation[a] = (int)dilations[i];
            var span = (kernel[i] - 1) * g.Dilation[a] + 1;
            int pb, pe, o;
            switch (autoPad)
            {
                case "SAME_UPPER" or "SAME_LOWER":
                    o = (input[i] + g.Stride[a] - 1) / g.Stride[a];
                    var total = Math.Max(0, (o - 1) * g.Stride[a] + span - input[i]);
                    pb = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
                    pe = total - pb;
                    break;
                case "VALID":
                    pb = pe = 0;
                    o = Windows(input[i], span, g.Stride[a], 0, 0, ceilMode);
                    break;
                case "NOTSET":
                    pb = (int)pads[i];
                    pe = (int)pads[i + rank];
                    o = Windows(input[i], span, g.Stride[a], pb, pe, ceilMode);
                    break;
                default:
                    throw b.Fail($"auto_pad '{autoPad}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
            }
            if (o < 1)
            {
                throw b.Fail($"window {span} (kernel {kernel[i]}, dilation {g.Dilation[a]}) does not fit input size {input[i]} with pads {pb},{pe}");
            }
            g.PadBegin[a] = pb;
            g.PadEnd[a] = pe;
            g.Output[a] = o;
        }
        return g;
    }

    private static int Windows(int input, int span, int stride, int pb, int pe, bool ceilMode)
    {
        var room = input + pb + pe - span;
        if (room < 0)
        {
            return 0;
        }
        var o = (ceilMode ? (room + stride - 1) / stride : room / stride) + 1;
        if (ceilMode && (o - 1) * stride >= input + pb)
        {
            o--; // the last window would start in the trailing padding
        }
        return o;
    }

    private static long[] Check(KernelBuilder b, string name, long[]? values, int count, long fallback, long min)
    {
        if (values is null)
        {
            return Enumerable.Repeat(fallback, count).ToArray();
        }
        if (values.Length != count || values.Any(v => v < min || v > int.MaxValue / 4))
        {
            throw b.Fail($"attribute '{name}' must have {count} values ≥ {min}, got [{string.Join(",", values)}]");
        }
        return values;
    }
}
