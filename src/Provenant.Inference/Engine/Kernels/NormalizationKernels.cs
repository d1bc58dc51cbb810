using System.Numerics;
using System.Runtime.Intrinsics;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Engine.Kernels;

/// <summary>
/// Softmax and LogSoftmax (before opset 13: input coerced to 2-D at <c>axis</c>, default 1, and
/// normalised over the flattened trailing block; from 13: over the single axis, default −1),
/// LayerNormalization (opset 17; normalised over dims[axis:], outputs Y, Mean, InvStdDev) and
/// BatchNormalization (inference mode, and training_mode from opset 14 returning running mean and
/// variance updated with momentum). Statistics are computed in double precision in a fixed order.
/// </summary>
internal static class NormalizationKernels
{
    public static void Register(Dictionary<string, Func<KernelBuilder, Kernel>> r)
    {
        r["Softmax"] = b => Softmax(b, log: false);
        r["LogSoftmax"] = b => Softmax(b, log: true);
        r["LayerNormalization"] = LayerNorm;
        r["BatchNormalization"] = BatchNorm;
    }

    private static Kernel Softmax(KernelBuilder b, bool log)
    {
        var legacy = b.Opset < 13;
        var axis = b.Attr.Int("axis", legacy ? 1 : -1);
        return x =>
        {
            var t = x[0]!;
            var a = TensorShape.NormalizeAxis(axis, Math.Max(1, t.Rank)) ?? throw b.Fail($"axis {axis} out of range for {t.ShapeText}");
            int outer = TensorShape.Size(t.Dims.AsSpan(0, Math.Min(a, t.Rank))), n, stride;
            if (legacy)
            {
                n = TensorShape.Size(t.Dims.AsSpan(Math.Min(a, t.Rank)));
                stride = 1;
            }
            else
            {
                n = t.Rank == 0 ? 1 : t.Dims[a];
                stride = TensorShape.Size(t.Dims.AsSpan(Math.Min(a + 1, t.Rank)));
            }
            return [TypeDispatch.Float<SoftmaxVisitor, Tensor>(t.DataType, new SoftmaxVisitor(t, outer, n, stride, log), b.Node, 0)];
        };
    }

    /// <summary>
    /// Per slice: m = max, e_i = exp(x_i − m) in the element type's precision, s = Σ e_i accumulated in double
    /// in index order; softmax e_i / s, log-softmax (x_i − m) − ln s.
    /// </summary>
    private readonly struct SoftmaxVisitor(Tensor t, int outer, int n, int stride, bool log) : IFloatVisitor<Tensor>
    {
        public Tensor Visit<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var s = t.Array<T>();
            var o = new T[s.Length];
            if (s is float[] sf && stride == 1)
            {
                var of = (float[])(object)o;
                for (var p = 0; p < outer; p++)
                {
                    SoftmaxRow(sf.AsSpan(p * n, n), of.AsSpan(p * n, n), log);
                }
                return Tensor.FromTrusted(t.DataType, o, t.Dims);
            }
            for (var p = 0; p < outer; p++)
            {
                for (var q = 0; q < stride; q++)
                {
                    var baseIndex = p * n * stride + q;
                    var max = T.NegativeInfinity;
                    for (var i = 0; i < n; i++)
                    {
                        max = T.Max(max, s[baseIndex + i * stride]);
                    }
                    var sum = 0.0;
                    for (var i = 0; i < n; i++)
                    {
                        var e = T.Exp(s[baseIndex + i * stride] - max);
                        o[baseIndex + i * stride] = e;
                        sum += double.CreateTruncating(e);
                    }
                    if (log)
                    {
                        var logSum = T.CreateTruncating(Math.Log(sum));
                        for (var i = 0; i < n; i++)
                        {
                            o[baseIndex + i * stride] = s[baseIndex + i * stride] - max - logSum;
                        }
                    }
                    else
                    {
                        var inv = 1.0 / sum;
                        for (var i = 0; i < n; i++)
                        {
                            var j = baseIndex + i * stride;
                            o[j] = T.CreateTruncating(double.CreateTruncating(o[j]) * inv);
                        }
                    }
                }
            }
            return Tensor.FromTrusted(t.DataType, o, t.Dims);
        }
    }

    /// <summary>
    /// Σ v_i in double in a fixed order: eight partial sums, lane l taking i ≡ l (mod 8) over the whole
    /// blocks of 8, combined as ((p0+p4)+(p2+p6)) + ((p1+p5)+(p3+p7)), then the remaining tail in index order.
    /// Every addition is an IEEE double addition, so the result does not depend on SIMD width.
    /// </summary>
    internal static double SumInDouble(ReadOnlySpan<float> v)
    {
        var lo = Vector256<double>.Zero;
        var hi = Vector256<double>.Zero;
        var i = 0;
        for (; i + 8 <= v.Length; i += 8)
        {
            var (l, h) = Vector256.Widen(Vector256.Create(v.Slice(i, 8)));
            lo += l;
            hi += h;
        }
        var q = lo + hi;
        var sum = (q.GetElement(0) + q.GetElement(2)) + (q.GetElement(1) + q.GetElement(3));
        for (; i < v.Length; i++)
        {
            sum += v[i];
        }
        return sum;
    }

    /// <summary>
    /// max over the slice with IEEE 754-2019 maximum (NaN if any element is NaN, +0 above −0): the same value
    /// in any order, so eight lanes are folded first and the tail after.
    /// </summary>
    private static float MaxOf(ReadOnlySpan<float> x)
    {
        var max = float.NegativeInfinity;
        var i = 0;
        if (x.Length >= 8)
        {
            var m = Vector256.Create(x[..8]);
            for (i = 8; i + 8 <= x.Length; i += 8)
            {
                m = Vector256.Max(m, Vector256.Create(x.Slice(i, 8)));
            }
            for (var l = 0; l < 8; l++)
            {
                max = float.Max(max, m.GetElement(l));
            }
        }
        for (; i < x.Length; i++)
        {
            max = float.Max(max, x[i]);
        }
        return max;
    }

    /// <summary>
    /// One contiguous float32 slice: m = max, e_i = exp(x_i − m) by <see cref="VectorMath.Exp(ReadOnlySpan{float}, float, Span{float})"/>,
    /// s = Σ e_i by <see cref="SumInDouble"/>; softmax (float)(e_i · (1/s)) computed 4 lanes of double at a time
    /// (each lane the same two roundings as the scalar form), log-softmax (x_i − m) − (float)ln s.
    /// </summary>
    private static void SoftmaxRow(ReadOnlySpan<float> x, Span<float> o, bool log)
    {
        var max = MaxOf(x);
        VectorMath.Exp(x, max, o);
        var sum = SumInDouble(o);
        if (log)
        {
            var logSum = (float)Math.Log(sum);
            for (var i = 0; i < x.Length; i++)
            {
                o[i] = x[i] - max - logSum;
            }
            return;
        }
        var inv = 1.0 / sum;
        var vinv = Vector256.Create(inv);
        var j = 0;
        for (; j + 8 <= o.Length; j += 8)
        {
            var (lo, hi) = Vector256.Widen(Vector256.Create((ReadOnlySpan<float>)o.Slice(j, 8)));
            Vector256.Narrow(lo * vinv, hi * vinv).CopyTo(o.Slice(j, 8));
        }
        for (; j < o.Length; j++)
        {
            o[j] = (float)(o[j] * inv);
        }
    }

    private static Kernel LayerNorm(KernelBuilder b)
    {
        var axis = b.Attr.Int("axis", -1);
        var epsilon = b.Attr.Float("epsilon", 1e-5f);
        return x =>
        {
            var t = x[0]!;
            var a = TensorShape.NormalizeAxis(axis, t.Rank) ?? throw b.Fail($"axis {axis} out of range for {t.ShapeText}");
            var normShape = t.Dims[a..];
            var rows = TensorShape.Size(t.Dims.AsSpan(0, a));
            var n = TensorShape.Size(normShape);
            double[] Param(Tensor? p, double fallback, string name)
            {
                if (p is null)
                {
                    return Enumerable.Repeat(fallback, n).ToArray();
                }
                var shape = TensorShape.Broadcast(p.Dims, normShape);
                if (shape is null || !TensorShape.SameAs(shape, normShape))
                {
                    throw b.Fail($"{name} {p.ShapeText} does not broadcast to {TensorShape.ToText(normShape)}");
                }
                return Broadcast.Expand(CastKernels.ToDouble(b.Node, p, 1), p.Dims, normShape);
            }
            var scale = Param(x[1], 1, "Scale");
            var bias = Param(x.Length > 2 ? x[2] : null, 0, "B");
            var src = CastKernels.ToDouble(b.Node, t, 0);
            var y = new double[src.Length];
            var means = new double[rows];
            var inv = new double[rows];
            for (var r = 0; r < rows; r++)
            {
                var row = src.AsSpan(r * n, n);
                var mean = 0.0;
                foreach (var v in row)
                {
                    mean += v;
                }
                mean /= n;
                var variance = 0.0;
                foreach (var v in row)
                {
                    variance += (v - mean) * (v - mean);
                }
                variance /= n;
                var invStd = 1 / Math.Sqrt(variance + epsilon);
                for (var i = 0; i < n; i++)
                {
                    y[r * n + i] = (row[i] - mean) * invStd * scale[i] + bias[i];
                }
                means[r] = mean;
                inv[r] = invStd;
            }
            int[] statShape = [.. t.Dims[..a], .. Enumerable.Repeat(1, t.Rank - a)];
            return
            [
                CastKernels.FromDouble(b.Node, y, t.Dims, t.DataType),
                CastKernels.FromDouble(b.Node, means, statShape, TensorDataType.Float32),
                CastKernels.FromDouble(b.Node, inv, statShape, TensorDataType.Float32),
            ];
        };
    }

    private static Kernel BatchNorm(KernelBuilder b)
    {
        var epsilon = b.Attr.Float("epsilon", 1e-5f);
        var momentum = b.Attr.Float("momentum", 0.9f);
        var training = b.Opset >= 14 && b.Attr.Int("training_mode", 0) != 0;
        if (b.Opset < 7 && b.Attr.Int("spatial", 1) == 0)
        {
            throw b.Unsupported("BatchNormalization with spatial=0 is not supported");
        }
        return x =>
        {
            var t = x[0]!;
            if (t.Rank < 2)
            {
                throw b.Fail($"X {t.ShapeText} must be [N,C,…]");
            }
            var c = t.Dims[1];
            var p = new double[4][];
            for (var i = 0; i < 4; i++)
            {
                var v = x[i + 1] ?? throw b.Fail($"input {i + 1} is required");
                p[i] = v.Length == c ? CastKernels.ToDouble(b.Node, v, i + 1) : throw b.Fail($"input {i + 1} {v.ShapeText} must have {c} elements");
            }
            var (scale, bias, mean, variance) = (p[0], p[1], p[2], p[3]);
            var n = t.Dims[0];
            var inner = TensorShape.Size(t.Dims.AsSpan(2));
            var src = CastKernels.ToDouble(b.Node, t, 0);
            double[]? runMean = null, runVar = null;
            if (training)
            {
                var count = (double)n * inner;
                var batchMean = new double[c];
                var batchVar = new double[c];
                for (var ch = 0; ch < c; ch++)
                {
                    for (var item = 0; item < n; item++)
                    {
                        foreach (var v in src.AsSpan((item * c + ch) * inner, inner))
                        {
                            batchMean[ch] += v;
                        }
                    }
                    batchMean[ch] /= count;
                    for (var item = 0; item < n; item++)
                    {
                        foreach (var v in src.AsSpan((item * c + ch) * inner, inner))
                        {
                            batchVar[ch] += (v - batchMean[ch]) * (v - batchMean[ch]);
                        }
                    }
                    batchVar[ch] /= count;
                }
                runMean = mean.Select((m, i) => m * momentum + batchMean[i] * (1 - momentum)).ToArray();
                runVar = variance.Select((v, i) => v * momentum + batchVar[i] * (1 - momentum)).ToArray();
                (mean, variance) = (batchMean, batchVar);
            }
            var y = new double[src.Length];
            for (var item = 0; item < n; item++)
            {
                for (var ch = 0; ch < c; ch++)
                {
                    var factor = scale[ch] / Math.Sqrt(variance[ch] + epsilon);
                    var o = (item * c + ch) * inner;
                    for (var i = 0; i < inner; i++)
                    {
                        y[o + i] = (src[o + i] - mean[ch]) * factor + bias[ch];
                    }
                }
            }
            var result = CastKernels.FromDouble(b.Node, y, t.Dims, t.DataType);
            if (!training)
            {
                return [result];
            }
            var statType = x[4]!.DataType;
            return [result, CastKernels.FromDouble(b.Node, runMean!, [c], statType), CastKernels.FromDouble(b.Node, runVar!, [c], statType)];
        };
    }
}
