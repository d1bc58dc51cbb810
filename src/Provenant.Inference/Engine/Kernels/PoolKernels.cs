using System.Numerics;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Engine.Kernels;

/// <summary>
/// MaxPool (optional Indices output, flat row-major index into X, or column-major within the plane with
/// storage_order=1), AveragePool (count_include_pad: divide by the window positions inside the padded
/// extent rather than inside X), GlobalAveragePool and GlobalMaxPool. 1 to 3 spatial dimensions.
/// </summary>
internal static class PoolKernels
{
    public static void Register(Dictionary<string, Func<KernelBuilder, Kernel>> r)
    {
        r["MaxPool"] = b =>
        {
            var cache = new TapCache();
            return x => Pool(b, x[0]!, max: true, cache);
        };
        r["AveragePool"] = b =>
        {
            var cache = new TapCache();
            return x => Pool(b, x[0]!, max: false, cache);
        };
        r["GlobalAveragePool"] = b => x => [Global(b, x[0]!, max: false)];
        r["GlobalMaxPool"] = b => x => [Global(b, x[0]!, max: true)];
    }

    /// <summary>The geometry and taps of the last input shape seen (an engine's inputs rarely change shape).</summary>
    internal sealed class TapCache
    {
        private int[] _dims = [];
        private (SpatialGeometry, PoolTaps) _last;

        public (SpatialGeometry Geometry, PoolTaps Taps) Get(KernelBuilder b, Tensor x, int[] kernel, bool ceil)
        {
            if (!x.Dims.AsSpan().SequenceEqual(_dims))
            {
                var g = SpatialGeometry.Compute(b, x.Dims.AsSpan(2), kernel, ceil);
                _last = (g, PoolTaps.For(g));
                _dims = (int[])x.Dims.Clone();
            }
            return _last;
        }
    }

    private static Tensor?[] Pool(KernelBuilder b, Tensor x, bool max, TapCache cache)
    {
        if (x.Rank < 3)
        {
            throw b.Fail($"X {x.ShapeText} must be [N,C,spatial…]");
        }
        var kernel = b.Attr.Ints("kernel_shape")?.Select(v => (int)v).ToArray() ?? throw b.Fail("attribute 'kernel_shape' is required");
        var ceil = b.Opset >= 10 && b.Attr.Int("ceil_mode", 0) != 0;
        var (g, taps) = cache.Get(b, x, kernel, ceil);
        var planes = x.Dims[0] * x.Dims[1];
        int[] shape = [x.Dims[0], x.Dims[1], .. g.OutputShape];
        if (max)
        {
            var columnMajor = b.Attr.Int("storage_order", 0) != 0;
            var indices = b.Node.Outputs.Count > 1 && b.Node.Outputs[1].Length > 0;
            return TypeDispatch.Numeric<MaxVisitor, Tensor?[]>(x.DataType, new MaxVisitor(x, g, taps, planes, shape, columnMajor, indices), b.Node, 0);
        }
        var includePad = b.Attr.Int("count_include_pad", 0) != 0;
        return [TypeDispatch.Float<AverageVisitor, Tensor>(x.DataType, new AverageVisitor(x, g, taps, planes, shape, includePad), b.Node, 0)];
    }

    private readonly struct MaxVisitor(Tensor x, SpatialGeometry g, PoolTaps taps, int planes, int[] shape, bool columnMajor, bool indices) : INumericVisitor<Tensor?[]>
    {
        public Tensor?[] Visit<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var src = x.Array<T>();
            var o = new T[planes * g.OutputSize];
            var idx = indices ? new long[o.Length] : null;
            var plane = g.InputSize;
            var outIndex = 0;
            var offsets = taps.Offsets;
            var starts = taps.Start;
            for (var p = 0; p < planes; p++)
            {
                var baseIndex = p * plane;
                var window = src.AsSpan(baseIndex, plane);
                for (var q = 0; q < g.OutputSize; q++, outIndex++)
                {
                    // The first window element in row-major order that is the maximum (or the first NaN).
                    var best = T.MinValue;
                    var bestAt = -1;
                    for (var t = starts[q]; t < starts[q + 1]; t++)
                    {
                        var v = window[offsets[t]];
                        if (bestAt < 0 || v > best || (T.IsNaN(v) && !T.IsNaN(best)))
                        {
                            best = v;
                            bestAt = offsets[t];
                        }
                    }
                    o[outIndex] = best;
                    if (idx is not null)
                    {
                        idx[outIndex] = (long)baseIndex + (columnMajor ? ColumnMajor(g, bestAt) : bestAt);
                    }
                }
            }
            return [Tensor.FromTrusted(x.DataType, o, shape), idx is null ? null : Tensor.FromTrusted(TensorDataType.Int64, idx, shape)];
        }
    }

    private static int ColumnMajor(SpatialGeometry g, int pos)
    {
        var w = pos % g.Input[2];
        var h = pos / g.Input[2] % g.Input[1];
        var d = pos / (g.Input[2] * g.Input[1]);
        return (w * g.Input[1] + h) * g.Input[0] + d;
    }

    private readonly struct AverageVisitor(Tensor x, SpatialGeometry g, PoolTaps taps, int planes, int[] shape, bool includePad) : IFloatVisitor<Tensor>
    {
        public Tensor Visit<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var src = x.Array<T>();
            var o = new T[planes * g.OutputSize];
            var plane = g.InputSize;
            var outIndex = 0;
            for (var p = 0; p < planes; p++)
            {
                var baseIndex = p * plane;
                for (var od = 0; od < g.Output[0]; od++)
                {
                    for (var oh = 0; oh < g.Output[1]; oh++)
                    {
                        for (var ow = 0; ow < g.Output[2]; ow++, outIndex++)
                        {
                            var sum = T.Zero;
                            foreach (var d in taps.Valid[0][od])
                            {
                                foreach (var h in taps.Valid[1][oh])
                                {
                                    var row = baseIndex + (d * g.Input[1] + h) * g.Input[2];
                                    foreach (var w in taps.Valid[2][ow])
                                    {
                                        sum += src[row + w];
                                    }
                                }
                            }
                            var count = includePad
                                ? taps.Padded[0][od] * taps.Padded[1][oh] * taps.Padded[2][ow]
                                : taps.Valid[0][od].Length * taps.Valid[1][oh].Length * taps.Valid[2][ow].Length;
                            o[outIndex] = count == 0 ? T.Zero : sum / T.CreateTruncating(count);
                        }
                    }
                }
            }
            return Tensor.FromTrusted(x.DataType, o, shape);
        }
    }

    private static Tensor Global(KernelBuilder b, Tensor x, bool max)
    {
        if (x.Rank < 3)
        {
            throw b.Fail($"X {x.ShapeText} must be [N,C,spatial…]");
        }
        var planes = x.Dims[0] * x.Dims[1];
        var size = x.Length / Math.Max(1, planes);
        int[] shape = [x.Dims[0], x.Dims[1], .. Enumerable.Repeat(1, x.Rank - 2)];
        return TypeDispatch.Float<GlobalVisitor, Tensor>(x.DataType, new GlobalVisitor(x, planes, size, shape, max), b.Node, 0);
    }

    private readonly struct GlobalVisitor(Tensor x, int planes, int size, int[] shape, bool max) : IFloatVisitor<Tensor>
    {
        public Tensor Visit<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var src = x.Array<T>();
            var o = new T[planes];
            for (var p = 0; p < planes; p++)
            {
                var acc = max ? T.NegativeInfinity : T.Zero;
                for (var i = 0; i < size; i++)
                {
                    var v = src[p * size + i];
                    acc = max ? (v > acc || T.IsNaN(v) ? v : acc) : acc + v;
                }
                o[p] = max ? acc : acc / T.CreateTruncating(size);
            }
            return Tensor.FromTrusted(x.DataType, o, shape);
        }
    }
}
