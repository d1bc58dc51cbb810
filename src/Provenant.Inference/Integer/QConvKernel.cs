using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Provenant.Inference.Engine;
using Provenant.Inference.Engine.Kernels;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// QConv: ONNX Conv geometry (kernel_shape, strides, pads, dilations, auto_pad, group; 1–3 spatial
/// dimensions) on int8 X [N, C, …] with int8 weights W [M, C/group, k…] and int32 bias [M]:
/// Y[n, m, o] = Σ_{c, κ} (X[n, c, o·s − pb + κ·d] − x_zero_point) · W[m, c, κ] + bias[m], where a padded
/// position reads x_zero_point (real 0) and so contributes 0. int32 accumulation, bounded at load as in
/// <see cref="QGemmKernel"/>. Computed as im2col rows (one per channel × kernel offset, over all output
/// positions) accumulated into each output channel's row by scalar × vector adds; threads split output channels.
/// <para>
/// Exact float path: when 255 · Σ|W[m]| &lt; 2^24 for every output channel (checked once at load), every
/// product (x − zp)·w and every partial sum of every output is an integer of magnitude below 2^24, which
/// float32 represents exactly, so float multiply-adds in any order give the exact integer sum. Such models run
/// the float engine's convolution (im2col + the blocked SIMD GEMM) on the centred input and convert its exact
/// result back to int32 before adding the bias: the same integers as the integer path, bit for bit.
/// </para>
/// </summary>
internal static class QConvKernel
{
    /// <summary>Output channels computed together (their accumulators stay in registers).</summary>
    private const int ChannelBlock = 4;

    public static void Register(Dictionary<string, Func<QuantParameters, Kernel>> r)
    {
        r[QuantDomain.QConv] = p =>
        {
            var zp = (int)p.ZeroPoint(1, "x_zero_point", allowInt16: false).Value;
            var w = p.Constant(2, "w", TensorDataType.Int8);
            if (w.Rank < 3)
            {
                throw p.Bad(2, "w", "[M, C/group, k…] of rank ≥ 3", $"shape {w.ShapeText}");
            }
            var m = w.Dims[0];
            var perChannel = w.Length / Math.Max(1, m);
            var weights = QGemmKernel.Widen(w.Array<sbyte>());
            var bias = QGemmKernel.Bias(p, 3, m);
            QGemmKernel.CheckAccumulatorBound(p, weights, bias, m, perChannel);
            var group = (int)p.Builder.Attr.Int("group", 1);
            if (group < 1 || m % group != 0)
            {
                throw p.Builder.Fail($"group {group} must be ≥ 1 and divide M = {m}");
            }
            if (QGemmKernel.ExactInFloat(weights, m, perChannel))
            {
                var floatWeights = Tensor.FromTrusted(TensorDataType.Float32, Array.ConvertAll(weights, v => (float)v), w.Dims);
                var floatScratch = new ConvKernels.Scratch();
                return x => [RunExactFloat(p, BoundaryKernels.Expect(p, x[0]!, TensorDataType.Int8), zp, floatWeights, bias, floatScratch)];
            }
            var scratch = new int[][] { [] }; // the im2col buffer, reused between runs (an engine runs one input at a time)
            return x => [Run(p, BoundaryKernels.Expect(p, x[0]!, TensorDataType.Int8), zp, w, weights, bias, group, scratch)];
        };
    }

    private static Tensor RunExactFloat(QuantParameters p, Tensor x, int zp, Tensor floatWeights, int[] bias, ConvKernels.Scratch scratch)
    {
        if (x.Rank != floatWeights.Rank || x.Rank < 3)
        {
            throw p.Builder.Fail($"X {x.ShapeText} and W {floatWeights.ShapeText} disagree (need the same rank ≥ 3)");
        }
        var src = x.Array<sbyte>();
        var centred = GC.AllocateUninitializedArray<float>(src.Length);
        for (var i = 0; i < src.Length; i++)
        {
            centred[i] = src[i] - zp;
        }
        var yf = ConvKernels.Conv(p.Builder, Tensor.FromTrusted(TensorDataType.Float32, centred, x.Dims), floatWeights, null, scratch);
        var sums = yf.Array<float>();
        var m = bias.Length;
        var plane = sums.Length / Math.Max(1, yf.Dims[0] * m);
        var y = GC.AllocateUninitializedArray<int>(sums.Length);
        for (var start = 0; start < y.Length; start += plane)
        {
            var add = bias[start / plane % m];
            var i = start;
            for (var vadd = Vector256.Create(add); i + 8 <= start + plane; i += 8)
            {
                (Vector256.ConvertToInt32(Vector256.Create(sums.AsSpan(i, 8))) + vadd).CopyTo(y.AsSpan(i, 8));
            }
            for (; i < start + plane; i++)
            {
                y[i] = (int)sums[i] + add;
            }
        }
        return Tensor.FromTrusted(TensorDataType.Int32, y, yf.Dims);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Tensor Run(QuantParameters p, Tensor x, int zp, Tensor w, int[] weights, int[] bias, int group, int[][] scratch)
    {
        int n = x.Dims[0], c = x.Rank > 1 ? x.Dims[1] : 0, m = w.Dims[0], cg = w.Dims[1];
        if (x.Rank != w.Rank || c != cg * group)
        {
            throw p.Builder.Fail($"X {x.ShapeText} and W {w.ShapeText} with group {group} disagree (need the same rank and C = group × W[1])");
        }
        var g = SpatialGeometry.Compute(p.Builder, x.Dims.AsSpan(2), w.Dims.AsSpan(2), ceilMode: false);
        var src = x.Array<sbyte>();
        var positions = g.OutputSize;
        var patch = cg * g.KernelSize;
        var mg = m / group;
        var y = new int[n * m * positions];
        if (scratch[0].Length < patch * positions)
        {
            scratch[0] = new int[patch * positions];
        }
        var col = scratch[0];
        for (var b = 0; b < n; b++)
        {
            for (var gi = 0; gi < group; gi++)
            {
                var inBase = (b * c + gi * cg) * g.InputSize;
                var outBase = (b * m + gi * mg) * positions;
                var wBase = gi * mg * patch;
                for (var r = 0; r < patch; r++)
                {
                    Im2ColRow(src, inBase, g, r, zp, col.AsSpan(r * positions, positions));
                }
                p.Builder.Context.For((mg + ChannelBlock - 1) / ChannelBlock, (long)patch * positions * ChannelBlock, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (start, end) =>
                {
                    for (var blk = start; blk < end; blk++)
                    {
                        var j0 = blk * ChannelBlock;
                        var count = Math.Min(ChannelBlock, mg - j0);
                        IntegerDot.MultiplyRows(col, patch, positions, weights.AsSpan(wBase + j0 * patch, count * patch), bias.AsSpan(gi * mg + j0, count),
                            y.AsSpan(outBase + j0 * positions, count * positions));
                    }
                });
            }
        }
        return Tensor.FromTrusted(TensorDataType.Int32, y, [n, m, .. g.OutputShape]);
    }

    /// <summary>
    /// Row <paramref name="r"/> of the im2col matrix (r = channel × kernel offset): for every output position,
    /// the centred input element that kernel offset reads (0 in the padding).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Im2ColRow(sbyte[] src, int inBase, SpatialGeometry g, int r, int zp, Span<int> row)
    {
        var k2 = r % g.Kernel[2];
        var k1 = r / g.Kernel[2] % g.Kernel[1];
        var k0 = r / (g.Kernel[2] * g.Kernel[1]) % g.Kernel[0];
        var cBase = inBase + r / g.KernelSize * g.InputSize;
        var o = 0;
        for (var o0 = 0; o0 < g.Output[0]; o0++)
        {
            var i0 = o0 * g.Stride[0] - g.PadBegin[0] + k0 * g.Dilation[0];
            for (var o1 = 0; o1 < g.Output[1]; o1++)
            {
                var i1 = o1 * g.Stride[1] - g.PadBegin[1] + k1 * g.Dilation[1];
                var rowInside = (uint)i0 < (uint)g.Input[0] && (uint)i1 < (uint)g.Input[1];
                var rowBase = cBase + (i0 * g.Input[1] + i1) * g.Input[2];
                for (var o2 = 0; o2 < g.Output[2]; o2++, o++)
                {
                    var i2 = o2 * g.Stride[2] - g.PadBegin[2] + k2 * g.Dilation[2];
                    row[o] = rowInside && (uint)i2 < (uint)g.Input[2] ? src[rowBase + i2] - zp : 0;
                }
            }
        }
    }
}
