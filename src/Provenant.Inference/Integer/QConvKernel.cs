using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// QConv: ONNX Conv geometry (kernel_shape, strides, pads, dilations, auto_pad, group; 1–3 spatial
/// dimensions) on int8 X [N, C, …] with int8 weights W [M, C/group, k…] and int32 bias [M]:
/// Y[n, m, o] = Σ_{c, κ} (X[n, c, o·s − pb + κ·d] − x_zero_point) · W[m, c, κ] + bias[m], where a padded
/// position reads x_zero_point (real 0) and so contributes 0. int32 accumulation, bounded at load as in
/// <see cref="QGemmKernel"/>. Computed per image and group as an <see cref="Int8Gemm"/> product (weights packed once
/// at load): the im2col matrix (one row per channel × kernel offset, one column per output position) as unsigned
/// bytes (X + 128, padding x_zero_point + 128; read from a padded copy of the input, <see cref="PaddedVolume"/>),
/// interleaved in blocks of 4 rows, times the group's weight rows,
/// written straight into the channel-major output planes.
/// </summary>
internal static class QConvKernel
{
    /// <summary>Bytes after a buffer that 16-byte row copies may touch.</summary>
    private const int Slack = 16;

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
            var bias = QGemmKernel.Bias(p, 3, m);
            QGemmKernel.CheckAccumulatorBound(p, w.Array<sbyte>(), bias, m, perChannel);
            var group = (int)p.Builder.Attr.Int("group", 1);
            if (group < 1 || m % group != 0)
            {
                throw p.Builder.Fail($"group {group} must be ≥ 1 and divide M = {m}");
            }
            var mg = m / group;
            var gemms = new Int8Gemm[group];
            for (var gi = 0; gi < group; gi++)
            {
                gemms[gi] = new Int8Gemm(w.Array<sbyte>().AsSpan(gi * mg * perChannel, mg * perChannel), mg, perChannel, bias.AsSpan(gi * mg, mg), zp, weightRows: true);
            }
            return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x) => [Run(p, BoundaryKernels.Expect(p, x[0]!, TensorDataType.Int8), zp, w, gemms)];
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Tensor Run(QuantParameters p, Tensor x, int zp, Tensor w, Int8Gemm[] gemms)
    {
        var group = gemms.Length;
        int n = x.Dims[0], c = x.Rank > 1 ? x.Dims[1] : 0, m = w.Dims[0], cg = w.Dims[1];
        if (x.Rank != w.Rank || c != cg * group)
        {
            throw p.Builder.Fail($"X {x.ShapeText} and W {w.ShapeText} with group {group} disagree (need the same rank and C = group × W[1])");
        }
        var g = SpatialGeometry.Compute(p.Builder, x.Dims.AsSpan(2), w.Dims.AsSpan(2), ceilMode: false);
        var src = x.Array<sbyte>();
        var positions = g.OutputSize;
        var mg = m / group;
        var stride = gemms[0].RowBytes;
        var paddedPositions = (positions + 7) / 8 * 8;
        var y = GC.AllocateUninitializedArray<int>(n * m * positions);
        // Slack of one vector after each buffer: row copies move whole 16-byte chunks (see Im2ColRows).
        var rows = Int8Gemm.Scratch(stride * paddedPositions + Slack, 0);
        var columns = Int8Gemm.Scratch(stride * paddedPositions, 1);
        var volume = new PaddedVolume(g, cg);
        var padded = Int8Gemm.Scratch(volume.Length + Slack, 2);
        var padding = (byte)(zp + 128);
        for (var b = 0; b < n; b++)
        {
            for (var gi = 0; gi < group; gi++)
            {
                volume.Fill(src, (b * c + gi * cg) * g.InputSize, padding, padded);
                Im2ColRows(volume, padded, gemms[gi].K, rows, paddedPositions, positions);
                rows.AsSpan(gemms[gi].K * paddedPositions, (stride - gemms[gi].K) * paddedPositions).Clear();
                InterleaveQuads(rows, stride / 4, paddedPositions, columns);
                gemms[gi].MultiplyColumns(columns, positions, paddedPositions, y, (b * m + gi * mg) * positions, p.Builder.Context);
            }
        }
        return Tensor.FromTrusted(TensorDataType.Int32, y, [n, m, .. g.OutputShape]);
    }

    /// <summary>
    /// The im2col rows r = channel × kernel offset (W's order, <paramref name="patch"/> of them, <paramref name="rowLength"/>
    /// bytes apart): for every output position, the padded-volume byte that kernel offset reads, then zeros from
    /// <paramref name="positions"/> to the row's end. With stride 1 on the last axis each output line is a contiguous run
    /// of the volume, copied 16 bytes at a time: a chunk may run past the line into bytes written later (the next line, the
    /// row's zero tail, the next row, or the buffer's slack), so lines are written in order and the tail is cleared after.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Im2ColRows(PaddedVolume v, byte[] padded, int patch, byte[] rows, int rowLength, int positions)
    {
        var g = v.Geometry;
        int out0 = g.Output[0], out1 = g.Output[1], out2 = g.Output[2], s2 = g.Stride[2];
        var vectors = Vector128.IsHardwareAccelerated && s2 == 1;
        ref var dst0 = ref MemoryMarshal.GetArrayDataReference(rows);
        ref var src0 = ref MemoryMarshal.GetArrayDataReference(padded);
        for (var r = 0; r < patch; r++)
        {
            var k2 = r % g.Kernel[2];
            var k1 = r / g.Kernel[2] % g.Kernel[1];
            var k0 = r / (g.Kernel[2] * g.Kernel[1]) % g.Kernel[0];
            var channel = r / g.KernelSize;
            var o = r * rowLength;
            for (var o0 = 0; o0 < out0; o0++)
            {
                for (var o1 = 0; o1 < out1; o1++, o += out2)
                {
                    var line = v.Offset(channel, o0 * g.Stride[0] + k0 * g.Dilation[0], o1 * g.Stride[1] + k1 * g.Dilation[1], k2 * g.Dilation[2]);
                    if (vectors)
                    {
                        for (var i = 0; i < out2; i += 16)
                        {
                            Vector128.LoadUnsafe(ref src0, (nuint)(line + i)).StoreUnsafe(ref dst0, (nuint)(o + i));
                        }
                        continue;
                    }
                    for (var o2 = 0; o2 < out2; o2++)
                    {
                        rows[o + o2] = padded[line + o2 * s2];
                    }
                }
            }
            rows.AsSpan(r * rowLength + positions, rowLength - positions).Clear();
        }
    }

    /// <summary>
    /// columns[(q·P + p)·4 + t] = rows[(4q + t)·P + p] for <paramref name="quads"/> blocks q and P =
    /// <paramref name="positions"/>: four im2col rows interleaved byte by byte, the vector operand layout of
    /// <see cref="Int8Gemm.MultiplyColumns"/> (pure data movement: SSE2 unpacks where available, else one byte at a time).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InterleaveQuads(byte[] rows, int quads, int positions, byte[] columns)
    {
        for (var q = 0; q < quads; q++)
        {
            var r0 = 4 * q * positions;
            var d = 4 * q * positions;
            var p = 0;
            if (Sse2.IsSupported)
            {
                for (; p + 16 <= positions; p += 16)
                {
                    var a = Vector128.Create(rows.AsSpan(r0 + p, 16));
                    var b = Vector128.Create(rows.AsSpan(r0 + positions + p, 16));
                    var c = Vector128.Create(rows.AsSpan(r0 + 2 * positions + p, 16));
                    var e = Vector128.Create(rows.AsSpan(r0 + 3 * positions + p, 16));
                    var abLow = Sse2.UnpackLow(a, b).AsInt16();
                    var abHigh = Sse2.UnpackHigh(a, b).AsInt16();
                    var ceLow = Sse2.UnpackLow(c, e).AsInt16();
                    var ceHigh = Sse2.UnpackHigh(c, e).AsInt16();
                    var at = columns.AsSpan(d + 4 * p, 64);
                    Sse2.UnpackLow(abLow, ceLow).AsByte().CopyTo(at);
                    Sse2.UnpackHigh(abLow, ceLow).AsByte().CopyTo(at[16..]);
                    Sse2.UnpackLow(abHigh, ceHigh).AsByte().CopyTo(at[32..]);
                    Sse2.UnpackHigh(abHigh, ceHigh).AsByte().CopyTo(at[48..]);
                }
            }
            for (; p < positions; p++)
            {
                for (var t = 0; t < 4; t++)
                {
                    columns[d + 4 * p + t] = rows[r0 + t * positions + p];
                }
            }
        }
    }
}
