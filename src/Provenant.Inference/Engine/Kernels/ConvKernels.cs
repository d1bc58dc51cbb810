using System.Runtime.Intrinsics;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Engine.Kernels;

/// <summary>
/// Conv (ONNX Conv-1/11/22) for float32, 1 to 3 spatial dimensions, with group, strides, dilations,
/// pads and auto_pad. Per batch item and group: im2col (rows = input channel × kernel offset, columns =
/// output positions; padding reads as 0) then W_g · col with <see cref="MatrixMultiply"/>, then bias.
/// A 1×1 kernel with unit stride and no padding multiplies the input directly.
/// </summary>
internal static class ConvKernels
{
    public static void Register(Dictionary<string, Func<KernelBuilder, Kernel>> r)
    {
        r["Conv"] = b =>
        {
            var scratch = new Scratch();
            return x => [Conv(b, x[0]!, x[1]!, x.Length > 2 ? x[2] : null, scratch)];
        };
    }

    /// <summary>The im2col buffer, kept between runs (an engine runs one input at a time).</summary>
    internal sealed class Scratch
    {
        private float[] _col = [];

        public float[] Get(int length)
        {
            if (_col.Length < length)
            {
                _col = new float[length];
            }
            return _col;
        }
    }

    /// <summary>The float32 convolution of <paramref name="x"/> by <paramref name="w"/> (+ bias) with the node's attributes (also used, exactly, by the integer engine's QConv).</summary>
    internal static Tensor Conv(KernelBuilder b, Tensor x, Tensor w, Tensor? bias, Scratch scratch)
    {
        if (x.DataType != TensorDataType.Float32 || w.DataType != TensorDataType.Float32 || bias is { DataType: not TensorDataType.Float32 })
        {
            throw b.Unsupported("Conv is implemented for FLOAT inputs only");
        }
        if (x.Rank < 3 || w.Rank != x.Rank)
        {
            throw b.Fail($"X {x.ShapeText} and W {w.ShapeText} must both be [N,C,spatial…] of the same rank ≥ 3");
        }
        var group = (int)b.Attr.Int("group", 1);
        int n = x.Dims[0], c = x.Dims[1], m = w.Dims[0], cg = w.Dims[1];
        if (group < 1 || c % group != 0 || m % group != 0 || cg != c / group)
        {
            throw b.Fail($"channels: X has {c}, W {w.ShapeText} with group {group} (need C = group × W[1] and M divisible by group)");
        }
        var kernel = b.Attr.Ints("kernel_shape")?.Select(v => (int)v).ToArray() ?? w.Dims[2..];
        if (!kernel.AsSpan().SequenceEqual(w.Dims.AsSpan(2)))
        {
            throw b.Fail($"kernel_shape [{string.Join(",", kernel)}] disagrees with W {w.ShapeText}");
        }
        if (bias is not null && (bias.Rank != 1 || bias.Dims[0] != m))
        {
            throw b.Fail($"bias {bias.ShapeText} must be [{m}]");
        }
        var g = SpatialGeometry.Compute(b, x.Dims.AsSpan(2), kernel, ceilMode: false);
        var mg = m / group;
        var rows = cg * g.KernelSize;
        var outPlane = g.OutputSize;
        var output = GC.AllocateUninitializedArray<float>(n * m * outPlane);
        var input = x.Array<float>();
        var weights = w.Array<float>();
        var direct = g.KernelSize == 1 && g.Stride.All(s => s == 1) && g.PadBegin.All(p => p == 0) && g.PadEnd.All(p => p == 0);
        var col = direct ? null : scratch.Get(rows * outPlane);
        for (var item = 0; item < n; item++)
        {
            for (var gi = 0; gi < group; gi++)
            {
                var inOffset = (item * c + gi * cg) * g.InputSize;
                var outOffset = (item * m + gi * mg) * outPlane;
                if (direct)
                {
                    MatrixMultiply.Float32(weights, gi * mg * rows, input, inOffset, output, outOffset, mg, rows, outPlane, b.Context);
                }
                else
                {
                    Im2Col(input, inOffset, cg, g, col!);
                    MatrixMultiply.Float32(weights, gi * mg * rows, col!, 0, output, outOffset, mg, rows, outPlane, b.Context);
                }
            }
        }
        if (bias is not null)
        {
            var bs = bias.Array<float>();
            for (var item = 0; item < n; item++)
            {
                for (var oc = 0; oc < m; oc++)
                {
                    AddBias(output, (item * m + oc) * outPlane, outPlane, bs, oc);
                }
            }
        }
        return Tensor.FromTrusted(TensorDataType.Float32, output, [n, m, .. g.OutputShape]);
    }

    /// <summary>plane[i] += bias[channel] over one output plane (one IEEE addition per element).</summary>
    private static unsafe void AddBias(float[] output, int offset, int length, float[] bias, int channel)
    {
        if (length == 0)
        {
            return;
        }
        fixed (float* po = &output[offset], pb = &bias[channel])
        {
            Float32Elementwise.Run(po, 1, pb, 0, po, length, new Float32Elementwise.Add());
        }
    }

    /// <summary>
    /// col[(ch·K + kernel offset), output position] = x[ch, position·stride − padBegin + offset·dilation] or 0
    /// outside. Per output row the in-range span of output columns is computed once, so the inner loop is
    /// a plain (or strided) copy with the padding zero-filled around it.
    /// </summary>
    private static unsafe void Im2Col(float[] x, int offset, int channels, SpatialGeometry g, float[] col)
    {
        fixed (float* px = x, pc = col)
        {
            Im2Col(px, x.Length, offset, channels, g, pc);
        }
    }

    private static unsafe void Im2Col(float* x, int xLength, int offset, int channels, SpatialGeometry g, float* col)
    {
        int id = g.Input[0], ih = g.Input[1], iw = g.Input[2];
        int od = g.Output[0], oh = g.Output[1], ow = g.Output[2];
        int sw = g.Stride[2], pbw = g.PadBegin[2], dw = g.Dilation[2];
        var row = 0;
        if (offset + channels * g.InputSize > xLength)
        {
            throw new ArgumentOutOfRangeException(nameof(channels));
        }
        for (var ch = 0; ch < channels; ch++)
        {
            var plane = offset + ch * g.InputSize;
            for (var kd = 0; kd < g.Kernel[0]; kd++)
            {
                for (var kh = 0; kh < g.Kernel[1]; kh++)
                {
                    for (var kw = 0; kw < g.Kernel[2]; kw++, row++)
                    {
                        // Output columns zw whose input column zw·sw − pbw + kw·dw lies in [0, iw).
                        var shift = kw * dw - pbw;
                        var lo = shift >= 0 ? 0 : (-shift + sw - 1) / sw;
                        var hi = iw - 1 - shift < 0 ? 0 : Math.Min(ow, (iw - 1 - shift) / sw + 1);
                        lo = Math.Min(lo, hi);
                        var o = row * g.OutputSize;
                        for (var zd = 0; zd < od; zd++)
                        {
                            var pd = zd * g.Stride[0] - g.PadBegin[0] + kd * g.Dilation[0];
                            for (var zh = 0; zh < oh; zh++, o += ow)
                            {
                                var ph = zh * g.Stride[1] - g.PadBegin[1] + kh * g.Dilation[1];
                                var line = col + o;
                                if (pd < 0 || pd >= id || ph < 0 || ph >= ih || lo == hi)
                                {
                                    new Span<float>(line, ow).Clear();
                                    continue;
                                }
                                for (var zw = 0; zw < lo; zw++)
                                {
                                    line[zw] = 0f;
                                }
                                for (var zw = hi; zw < ow; zw++)
                                {
                                    line[zw] = 0f;
                                }
                                var src = x + plane + (pd * ih + ph) * iw + lo * sw + shift;
                                if (sw == 1)
                                {
                                    // Rows are short (an output row): an inline copy beats a memmove call.
                                    var dst = line + lo;
                                    var len = hi - lo;
                                    var j = 0;
                                    for (; j + 8 <= len; j += 8)
                                    {
                                        Vector256.Store(Vector256.Load(src + j), dst + j);
                                    }
                                    for (; j < len; j++)
                                    {
                                        dst[j] = src[j];
                                    }
                                }
                                else
                                {
                                    for (var zw = lo; zw < hi; zw++, src += sw)
                                    {
                                        line[zw] = *src;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
