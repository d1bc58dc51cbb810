using System.Runtime.CompilerServices;
using Provenant.Inference.Engine;
using Provenant.Inference.Engine.Kernels;
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
        r[QuantDomain.QMaxPool] = p =>
        {
            var cache = new PoolKernels.TapCache();
            return x => [Max(p, Input(p, x), cache)];
        };
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

    /// <summary>QMaxPool: per output position the maximum over its window's in-bounds taps (<see cref="PoolTaps.Offsets"/>).</summary>
    private static Tensor Max(QuantParameters p, Tensor x, PoolKernels.TapCache cache)
    {
        var kernel = p.Builder.Attr.Ints("kernel_shape")?.Select(v => (int)v).ToArray() ?? throw p.Builder.Fail("attribute 'kernel_shape' is required");
        var (g, taps) = cache.Get(p.Builder, x, kernel, p.Flag("ceil_mode"));
        var planes = x.Dims[0] * x.Dims[1];
        var src = x.Array<sbyte>();
        var y = new sbyte[planes * g.OutputSize];
        var (offsets, starts) = (taps.Offsets, taps.Start);
        for (var plane = 0; plane < planes; plane++)
        {
            var window = src.AsSpan(plane * g.InputSize, g.InputSize);
            var o = plane * g.OutputSize;
            for (var q = 0; q < g.OutputSize; q++)
            {
                int best = sbyte.MinValue;
                for (var t = starts[q]; t < starts[q + 1]; t++)
                {
                    best = Math.Max(best, window[offsets[t]]);
                }
                y[o + q] = (sbyte)best;
            }
        }
        return Tensor.FromTrusted(TensorDataType.Int8, y, [x.Dims[0], x.Dims[1], .. g.OutputShape]);
    }

    private static Tensor Pool(QuantParameters p, Tensor x, int zp, bool max, bool includePad)
    {
        var kernel = p.Builder.Attr.Ints("kernel_shape")?.Select(v => (int)v).ToArray() ?? throw p.Builder.Fail("attribute 'kernel_shape' is required");
        var g = SpatialGeometry.Compute(p.Builder, x.Dims.AsSpan(2), kernel, p.Flag("ceil_mode"));
        var planes = x.Dims[0] * x.Dims[1];
        var src = x.Array<sbyte>();
        var y = new sbyte[planes * g.OutputSize];
        var taps = PoolTaps.For(g);
        p.Builder.Context.For(planes, (long)g.OutputSize * g.KernelSize, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
        {
            for (var plane = start; plane < end; plane++)
            {
                var o = plane * g.OutputSize;
                var planeBase = plane * g.InputSize;
                for (var o0 = 0; o0 < g.Output[0]; o0++)
                {
                    for (var o1 = 0; o1 < g.Output[1]; o1++)
                    {
                        for (var o2 = 0; o2 < g.Output[2]; o2++, o++)
                        {
                            int best = sbyte.MinValue, count = 0;
                            long sum = 0;
                            foreach (var i0 in taps.Valid[0][o0])
                            {
                                foreach (var i1 in taps.Valid[1][o1])
                                {
                                    var row = planeBase + (i0 * g.Input[1] + i1) * g.Input[2];
                                    foreach (var i2 in taps.Valid[2][o2])
                                    {
                                        int v = src[row + i2];
                                        best = v > best ? v : best;
                                        sum += v - zp;
                                        count++;
                                    }
                                }
                            }
                            if (includePad)
                            {
                                count = taps.Padded[0][o0] * taps.Padded[1][o1] * taps.Padded[2][o2];
                            }
                            y[o] = max ? (sbyte)best
                                : (sbyte)QuantArithmetic.Clamp(zp + QuantArithmetic.RoundingDivide(sum, Math.Max(1, count)), sbyte.MinValue, sbyte.MaxValue);
                        }
                    }
                }
            }
        });
        return Tensor.FromTrusted(TensorDataType.Int8, y, [x.Dims[0], x.Dims[1], .. g.OutputShape]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
