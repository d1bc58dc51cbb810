using Provenant.Inference.Tensors;

namespace Provenant.Inference.Engine.Kernels;

/// <summary>
/// Slice (attributes starts/ends/axes before opset 10; inputs starts, ends, axes, steps from 10) and
/// Split (split sizes as attribute before 13, as input from 13; num_outputs from 18, where the last
/// chunk may be smaller). Slice bounds are clamped as ONNX Slice-13 specifies: negative values count from
/// the end, then [0, dim] for positive steps and [−1, dim−1] for negative ones.
/// </summary>
internal static class SliceKernels
{
    public static void Register(Dictionary<string, Func<KernelBuilder, Kernel>> r)
    {
        r["Slice"] = b => x =>
        {
            long[] starts, ends;
            long[]? axes, steps = null;
            if (b.Opset < 10)
            {
                starts = b.Attr.Ints("starts") ?? throw b.Fail("attribute 'starts' is required");
                ends = b.Attr.Ints("ends") ?? throw b.Fail("attribute 'ends' is required");
                axes = b.Attr.Ints("axes");
            }
            else
            {
                starts = x[1]!.ToInt64Array();
                ends = x[2]!.ToInt64Array();
                axes = x.Length > 3 ? x[3]?.ToInt64Array() : null;
                steps = x.Length > 4 ? x[4]?.ToInt64Array() : null;
            }
            return [Slice(b, x[0]!, starts, ends, axes, steps)];
        };
        r["Split"] = b => x => Split(b, x);
    }

    private static Tensor Slice(KernelBuilder b, Tensor t, long[] starts, long[] ends, long[]? axes, long[]? steps)
    {
        axes ??= Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
        steps ??= Enumerable.Repeat(1L, starts.Length).ToArray();
        if (ends.Length != starts.Length || axes.Length != starts.Length || steps.Length != starts.Length)
        {
            throw b.Fail("starts, ends, axes and steps must have the same length");
        }
        var rank = t.Rank;
        var begin = new int[rank];
        var step = Enumerable.Repeat(1, rank).ToArray();
        var shape = (int[])t.Dims.Clone();
        var seen = new bool[rank];
        for (var i = 0; i < starts.Length; i++)
        {
            var a = TensorShape.NormalizeAxis(axes[i], rank) ?? throw b.Fail($"axis {axes[i]} out of range for {t.ShapeText}");
            seen[a] = !seen[a] ? true : throw b.Fail($"axis {axes[i]} repeated");
            long dim = t.Dims[a], s = starts[i], e = ends[i], st = steps[i];
            if (st == 0)
            {
                throw b.Fail("step 0");
            }
            s = s < 0 ? s + dim : s;
            e = e < 0 ? e + dim : e;
            if (st > 0)
            {
                s = Math.Clamp(s, 0, dim);
                e = Math.Clamp(e, 0, dim);
            }
            else
            {
                s = Math.Clamp(s, 0, dim - 1);
                e = Math.Clamp(e, -1, dim - 1);
            }
            var count = st > 0 ? (e - s + st - 1) / st : (s - e + (-st) - 1) / (-st);
            begin[a] = (int)s;
            step[a] = (int)Math.Clamp(st, int.MinValue / 2, int.MaxValue / 2);
            shape[a] = (int)Math.Max(0, count);
        }
        return Gather(t, begin, step, shape);
    }

    /// <summary>out[i…] = t[begin + i·step …] per axis.</summary>
    private static Tensor Gather(Tensor t, int[] begin, int[] step, int[] shape)
    {
        var size = TensorShape.Size(shape);
        var o = TensorDataTypes.Allocate(t.DataType, size);
        if (size == 0)
        {
            return Tensor.FromTrusted(t.DataType, o, shape);
        }
        var rank = shape.Length;
        var strides = TensorShape.Strides(t.Dims);
        if (rank == 0)
        {
            Array.Copy(t.Buffer, o, 1);
            return Tensor.FromTrusted(t.DataType, o, shape);
        }
        var index = new int[rank];
        var inner = shape[rank - 1];
        var contiguous = step[rank - 1] == 1;
        for (var start = 0; start < size; start += inner)
        {
            var off = 0;
            for (var d = 0; d < rank - 1; d++)
            {
                off += (begin[d] + index[d] * step[d]) * strides[d];
            }
            off += begin[rank - 1];
            if (contiguous)
            {
                Array.Copy(t.Buffer, off, o, start, inner);
            }
            else
            {
                for (var j = 0; j < inner; j++)
                {
                    Array.Copy(t.Buffer, off + j * step[rank - 1], o, start + j, 1);
                }
            }
            for (var d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < shape[d])
                {
                    break;
                }
                index[d] = 0;
            }
        }
        return Tensor.FromTrusted(t.DataType, o, shape);
    }

    private static Tensor?[] Split(KernelBuilder b, Tensor?[] x)
    {
        var t = x[0]!;
        var a = TensorShape.NormalizeAxis(b.Attr.Int("axis", 0), t.Rank) ?? throw b.Fail($"axis out of range for {t.ShapeText}");
        var outputs = b.Node.Outputs.Count;
        var dim = t.Dims[a];
        long[] sizes;
        var given = b.Opset < 13 ? b.Attr.Ints("split") : x.Length > 1 ? x[1]?.ToInt64Array() : null;
        if (given is not null)
        {
            sizes = given;
        }
        else if (b.Opset >= 18 && b.Attr.Has("num_outputs"))
        {
            var n = b.Attr.Int("num_outputs", 0);
            if (n != outputs || n < 1)
            {
                throw b.Fail($"num_outputs {n} disagrees with {outputs} outputs");
            }
            var chunk = (dim + n - 1) / n;
            sizes = Enumerable.Range(0, (int)n).Select(i => Math.Max(0, Math.Min(chunk, dim - i * chunk))).ToArray();
        }
        else
        {
            sizes = dim % outputs == 0
                ? Enumerable.Repeat((long)(dim / outputs), outputs).ToArray()
                : throw b.Fail($"axis size {dim} does not split into {outputs} equal parts");
        }
        if (sizes.Length != outputs || sizes.Any(s => s < 0) || sizes.Sum() != dim)
        {
            throw b.Fail($"split sizes [{string.Join(",", sizes)}] do not partition axis size {dim} into {outputs} outputs");
        }
        var result = new Tensor?[outputs];
        var offset = 0;
        var begin = new int[t.Rank];
        var step = Enumerable.Repeat(1, t.Rank).ToArray();
        for (var i = 0; i < outputs; i++)
        {
            var shape = (int[])t.Dims.Clone();
            shape[a] = (int)sizes[i];
            begin[a] = offset;
            result[i] = Gather(t, begin, step, shape);
            offset += (int)sizes[i];
        }
        return result;
    }
}
