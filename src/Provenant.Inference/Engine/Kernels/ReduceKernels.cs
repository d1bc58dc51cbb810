using System.Numerics;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Engine.Kernels;

/// <summary>
/// ReduceSum (axes input from opset 13), ReduceMean, ReduceMax, ReduceMin (axes input from opset 18),
/// with keepdims and noop_with_empty_axes. Elements are accumulated in ascending input index order
/// (float types in double precision), so results do not depend on threads or vector width. A reduction
/// over zero elements yields 0 (sum), NaN (mean) or the type's lowest/highest value (max/min).
/// </summary>
internal static class ReduceKernels
{
    private enum Reduce { Sum, Mean, Max, Min }

    public static void Register(Dictionary<string, Func<KernelBuilder, Kernel>> r)
    {
        r["ReduceSum"] = b => Build(b, Reduce.Sum, 13);
        r["ReduceMean"] = b => Build(b, Reduce.Mean, 18);
        r["ReduceMax"] = b => Build(b, Reduce.Max, 18);
        r["ReduceMin"] = b => Build(b, Reduce.Min, 18);
    }

    private static Kernel Build(KernelBuilder b, Reduce op, int axesInputSince)
    {
        var keep = b.Attr.Int("keepdims", 1) != 0;
        var noop = b.Attr.Int("noop_with_empty_axes", 0) != 0;
        return x =>
        {
            var t = x[0]!;
            var axes = ShapeKernels.Axes(b, x, 1, axesInputSince);
            if ((axes is null || axes.Length == 0) && noop)
            {
                return [t];
            }
            var reduced = new bool[t.Rank];
            if (axes is null || axes.Length == 0)
            {
                Array.Fill(reduced, true);
            }
            else
            {
                foreach (var a in axes)
                {
                    reduced[TensorShape.NormalizeAxis(a, t.Rank) ?? throw b.Fail($"axis {a} out of range for {t.ShapeText}")] = true;
                }
            }
            var keptShape = t.Dims.Select((d, i) => reduced[i] ? 1 : d).ToArray();
            var outShape = keep ? keptShape : t.Dims.Where((_, i) => !reduced[i]).ToArray();
            var count = t.Dims.Where((_, i) => reduced[i]).Aggregate(1, (p, d) => p * d);
            return [TypeDispatch.Numeric<ReduceVisitor, Tensor>(t.DataType, new ReduceVisitor(op, t, keptShape, outShape, count), b.Node, 0)];
        };
    }

    private readonly struct ReduceVisitor(Reduce op, Tensor t, int[] keptShape, int[] outShape, int count) : INumericVisitor<Tensor>
    {
        public Tensor Visit<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var src = t.Array<T>();
            var size = TensorShape.Size(keptShape);
            var rank = keptShape.Length;
            var isFloat = TensorDataTypes.IsFloat(t.DataType);
            if (isFloat && op is Reduce.Sum or Reduce.Mean && count > 0 && (long)size * count == src.Length && SuffixReduced(keptShape, t.Dims))
            {
                // Reduced axes form a suffix: each output sums one contiguous run, in index order.
                var rows = new T[size];
                for (var r = 0; r < size; r++)
                {
                    var rowSum = 0.0;
                    foreach (var v in src.AsSpan(r * count, count))
                    {
                        rowSum += double.CreateTruncating(v);
                    }
                    rows[r] = T.CreateTruncating(op == Reduce.Mean ? rowSum / count : rowSum);
                }
                return Tensor.FromTrusted(t.DataType, rows, outShape);
            }
            var acc = new double[size];
            var accT = new T[size];
            var start = op switch { Reduce.Max => T.MinValue, Reduce.Min => T.MaxValue, _ => T.Zero };
            if (isFloat && op is Reduce.Max or Reduce.Min)
            {
                start = op == Reduce.Max ? T.CreateTruncating(double.NegativeInfinity) : T.CreateTruncating(double.PositiveInfinity);
            }
            Array.Fill(accT, start);
            var outStrides = Broadcast.AlignedStrides(keptShape, rank);
            var index = new int[rank];
            var o = 0;
            for (var i = 0; i < src.Length; i++)
            {
                var v = src[i];
                switch (op)
                {
                    case Reduce.Max: accT[o] = v > accT[o] || T.IsNaN(v) ? v : accT[o]; break;
                    case Reduce.Min: accT[o] = v < accT[o] || T.IsNaN(v) ? v : accT[o]; break;
                    default:
                        if (isFloat)
                        {
                            acc[o] += double.CreateTruncating(v);
                        }
                        else
                        {
                            accT[o] += v;
                        }
                        break;
                }
                for (var d = rank - 1; d >= 0; d--)
                {
                    index[d]++;
                    o += outStrides[d];
                    if (index[d] < t.Dims[d])
                    {
                        break;
                    }
                    o -= outStrides[d] * index[d];
                    index[d] = 0;
                }
            }
            if (op is Reduce.Sum or Reduce.Mean)
            {
                for (var i = 0; i < size; i++)
                {
                    accT[i] = isFloat
                        ? T.CreateTruncating(op == Reduce.Mean ? acc[i] / count : acc[i])
                        : op == Reduce.Mean ? (count == 0 ? T.Zero : accT[i] / T.CreateTruncating(count)) : accT[i];
                }
            }
            return Tensor.FromTrusted(t.DataType, accT, outShape);
        }
    }

    /// <summary>Whether the reduced axes (kept as 1) are exactly a trailing run of axes.</summary>
    private static bool SuffixReduced(int[] kept, int[] dims)
    {
        var i = dims.Length;
        while (i > 0 && kept[i - 1] == 1)
        {
            i--;
        }
        for (var j = 0; j < i; j++)
        {
            if (kept[j] != dims[j])
            {
                return false;
            }
        }
        return true;
    }
}
