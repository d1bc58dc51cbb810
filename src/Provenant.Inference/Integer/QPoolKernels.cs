using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// Integer pooling on int8 [N, C, …] with ONNX MaxPool/AveragePool geometry (kernel_shape, strides, pads,
/// dilations for max, ceil_mode, auto_pad). QMaxPool: the maximum over in-bounds window elements (padding
/// never wins). QAveragePool: zp + RoundingDivide(Σ (x − zp), count) where count is the number of
/// in-bounds elements, or the full window with count_include_pad = 1 (pads then read zp, i.e. real 0);
/// the result is clamped to int8 (it cannot leave it). QGlobalAveragePool: the same over all positions.
/// </summary>
internal static class QPoolKernels
{
    public static void Register(Dictionary<string, Func<QuantParameters, Kernel>> r)
    {
        r[QuantDomain.QMaxPool] = p => x => [Pool(p, Input(p, x), zp: 0, max: true, includePad: false)];
        r[QuantDomain.QAveragePool] = p =>
        {
            var zp = (int)p.ZeroPoint(1, "x_zero_point", allowInt16: false).Value;
            var includePad = p.Flag("count_include_pad");
            return x => [Pool(p, Input(p, x), zp, max: false, includePad)];
        };
        r[QuantDomain.QGlobalAveragePool] = p =>
        {
            var zp = (int)p.ZeroPoint(1, "x_zero_point", allowInt16: false).Value;
            return x => [GlobalAverage(p, Input(p, x), zp)];
        };
    }

    private static Tensor Input(QuantParameters p, Tensor?[] x)
    {
        var t = BoundaryKernels.Expect(p, x[0]!, TensorDataType.Int8);
        return t.Rank >= 3 ? t : throw p.Builder.Fail($"X {t.ShapeText} must be [N, C, spatial…]");
    }

    private static Tensor Pool(QuantParameters p, Tensor x, int zp, bool max, bool includePad)
    {
        var kernel = p.Builder.Attr.Ints("kernel_shape")?.Select(v => (int)v).ToArray() ?? throw p.Builder.Fail("attribute 'kernel_shape' is required");
        var g = SpatialGeometry.Compute(p.Builder, x.Dims.AsSpan(2), kernel, p.Flag("ceil_mode"));
        var planes = x.Dims[0] * x.Dims[1];
        var src = x.Array<sbyte>();
        var y = new sbyte[planes * g.OutputSize];
        p.Builder.Context.For(planes, (long)g.OutputSize * g.KernelSize, (start, end) =>
        {
            for (var plane = start; plane < end; plane++)
            {
                for (var o = 0; o < g.OutputSize; o++)
                {
                    y[plane * g.OutputSize + o] = Window(src, plane * g.InputSize, g, o, zp, max, includePad);
                }
            }
        });
        return Tensor.FromTrusted(TensorDataType.Int8, y, [x.Dims[0], x.Dims[1], .. g.OutputShape]);
    }

    private static sbyte Window(sbyte[] src, int planeBase, SpatialGeometry g, int o, int zp, bool max, bool includePad)
    {
        var o2 = o % g.Output[2];
        var o1 = o / g.Output[2] % g.Output[1];
        var o0 = o / (g.Output[2] * g.Output[1]);
        int best = sbyte.MinValue, count = 0;
        long sum = 0;
        for (var k0 = 0; k0 < g.Kernel[0]; k0++)
        {
            var i0 = o0 * g.Stride[0] - g.PadBegin[0] + k0 * g.Dilation[0];
            for (var k1 = 0; k1 < g.Kernel[1]; k1++)
            {
                var i1 = o1 * g.Stride[1] - g.PadBegin[1] + k1 * g.Dilation[1];
                for (var k2 = 0; k2 < g.Kernel[2]; k2++)
                {
                    var i2 = o2 * g.Stride[2] - g.PadBegin[2] + k2 * g.Dilation[2];
                    if ((uint)i0 < (uint)g.Input[0] && (uint)i1 < (uint)g.Input[1] && (uint)i2 < (uint)g.Input[2])
                    {
                        int v = src[planeBase + (i0 * g.Input[1] + i1) * g.Input[2] + i2];
                        best = Math.Max(best, v);
                        sum += v - zp;
                        count++;
                    }
                    else if (includePad && InPaddedExtent(g, i0, i1, i2))
                    {
                        count++;
                    }
                }
            }
        }
        if (max)
        {
            return (sbyte)best;
        }
        return (sbyte)QuantArithmetic.Clamp(zp + QuantArithmetic.RoundingDivide(sum, Math.Max(1, count)), sbyte.MinValue, sbyte.MaxValue);
    }

    /// <summary>Whether a position lies in the explicit padding (ONNX counts pads, not positions past them, with count_include_pad).</summary>
    private static bool InPaddedExtent(SpatialGeometry g, int i0, int i1, int i2) =>
        i0 >= -g.PadBegin[0] && i0 < g.Input[0] + g.PadEnd[0]
        && i1 >= -g.PadBegin[1] && i1 < g.Input[1] + g.PadEnd[1]
        && i2 >= -g.PadBegin[2] && i2 < g.Input[2] + g.PadEnd[2];

    private static Tensor GlobalAverage(QuantParameters p, Tensor x, int zp)
    {
        var planes = x.Dims[0] * x.Dims[1];
        var size = x.Length / Math.Max(1, planes);
        var src = x.Array<sbyte>();
        var y = new sbyte[planes];
        for (var plane = 0; plane < planes; plane++)
        {
            long sum = 0;
            for (var i = 0; i < size; i++)
            {
                sum += src[plane * size + i] - zp;
            }
            y[plane] = (sbyte)QuantArithmetic.Clamp(zp + QuantArithmetic.RoundingDivide(sum, Math.Max(1, size)), sbyte.MinValue, sbyte.MaxValue);
        }
        int[] shape = [x.Dims[0], x.Dims[1], .. Enumerable.Repeat(1, x.Rank - 2)];
        return Tensor.FromTrusted(TensorDataType.Int8, y, shape);
    }
}
