using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// QConv: ONNX Conv geometry (kernel_shape, strides, pads, dilations, auto_pad, group; 1–3 spatial
/// dimensions) on int8 X [N, C, …] with int8 weights W [M, C/group, k…] and int32 bias [M]:
/// Y[n, m, o] = Σ_{c, κ} (X[n, c, o·s − pb + κ·d] − x_zero_point) · W[m, c, κ] + bias[m], where a padded
/// position reads x_zero_point (real 0) and so contributes 0. int32 accumulation, bounded at load as in
/// <see cref="QGemmKernel"/>. Threads split output positions.
/// </summary>
internal static class QConvKernel
{
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
            return x => [Run(p, BoundaryKernels.Expect(p, x[0]!, TensorDataType.Int8), zp, w, weights, bias, group)];
        };
    }

    private static Tensor Run(QuantParameters p, Tensor x, int zp, Tensor w, int[] weights, int[] bias, int group)
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
        for (var b = 0; b < n; b++)
        {
            for (var gi = 0; gi < group; gi++)
            {
                var inBase = (b * c + gi * cg) * g.InputSize;
                var outBase = (b * m + gi * mg) * positions;
                var wBase = gi * mg * patch;
                p.Builder.Context.For(positions, (long)patch * mg, (start, end) =>
                {
                    var col = new int[patch];
                    for (var o = start; o < end; o++)
                    {
                        Gather(src, inBase, g, o, cg, zp, col);
                        for (var j = 0; j < mg; j++)
                        {
                            y[outBase + j * positions + o] = IntegerDot.Dot(col, weights.AsSpan(wBase + j * patch, patch)) + bias[gi * mg + j];
                        }
                    }
                });
            }
        }
        return Tensor.FromTrusted(TensorDataType.Int32, y, [n, m, .. g.OutputShape]);
    }

    /// <summary>The centred input patch of output position <paramref name="o"/> (padding reads 0).</summary>
    private static void Gather(sbyte[] src, int inBase, SpatialGeometry g, int o, int channels, int zp, int[] col)
    {
        var o2 = o % g.Output[2];
        var o1 = o / g.Output[2] % g.Output[1];
        var o0 = o / (g.Output[2] * g.Output[1]);
        var idx = 0;
        for (var ch = 0; ch < channels; ch++)
        {
            var cBase = inBase + ch * g.InputSize;
            for (var k0 = 0; k0 < g.Kernel[0]; k0++)
            {
                var i0 = o0 * g.Stride[0] - g.PadBegin[0] + k0 * g.Dilation[0];
                for (var k1 = 0; k1 < g.Kernel[1]; k1++)
                {
                    var i1 = o1 * g.Stride[1] - g.PadBegin[1] + k1 * g.Dilation[1];
                    for (var k2 = 0; k2 < g.Kernel[2]; k2++)
                    {
                        var i2 = o2 * g.Stride[2] - g.PadBegin[2] + k2 * g.Dilation[2];
                        var inside = (uint)i0 < (uint)g.Input[0] && (uint)i1 < (uint)g.Input[1] && (uint)i2 < (uint)g.Input[2];
                        col[idx++] = inside ? src[cBase + (i0 * g.Input[1] + i1) * g.Input[2] + i2] - zp : 0;
                    }
                }
            }
        }
    }
}
