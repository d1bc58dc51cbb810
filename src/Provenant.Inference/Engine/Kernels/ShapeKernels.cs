using Provenant.Inference.Tensors;

namespace Provenant.Inference.Engine.Kernels;

/// <summary>
/// Shape and data-movement operators: Reshape, Flatten, Squeeze, Unsqueeze (axes as attribute before
/// opset 13, as input from 13), Shape (start/end from opset 15), Size, Expand, ConstantOfShape,
/// Transpose, Concat, Gather, NonZero, Constant. None does arithmetic, so every element type is accepted.
/// </summary>
internal static class ShapeKernels
{
    public static void Register(Dictionary<string, Func<KernelBuilder, Kernel>> r)
    {
        r["Reshape"] = b => x => [Reshape(b, x[0]!, x[1] ?? throw b.Fail("the shape input is required"))];
        r["Flatten"] = b =>
        {
            var axis = b.Attr.Int("axis", 1);
            return x =>
            {
                var t = x[0]!;
                var a = axis < 0 ? axis + t.Rank : axis;
                if (a < 0 || a > t.Rank)
                {
                    throw b.Fail($"axis {axis} out of range for rank {t.Rank}");
                }
                var outer = TensorShape.Size(t.Dims.AsSpan(0, (int)a));
                return [t.Reshape(outer, outer == 0 ? 0 : t.Length / outer)];
            };
        };
        r["Squeeze"] = b => x => [Squeeze(b, x[0]!, Axes(b, x, 1))];
        r["Unsqueeze"] = b => x => [Unsqueeze(b, x[0]!, Axes(b, x, 1) ?? throw b.Fail("axes are required"))];
        r["Shape"] = b =>
        {
            var start = b.Attr.Int("start", 0);
            var end = b.Attr.Has("end") ? b.Attr.Int("end", 0) : (long?)null;
            return x =>
            {
                var rank = x[0]!.Rank;
                var s = (int)Math.Clamp(start < 0 ? start + rank : start, 0, rank);
                var e = (int)Math.Clamp(end is long v ? (v < 0 ? v + rank : v) : rank, 0, rank);
                var dims = x[0]!.Dims.Skip(s).Take(Math.Max(0, e - s)).Select(d => (long)d).ToArray();
                return [Tensor.FromTrusted(TensorDataType.Int64, dims, [dims.Length])];
            };
        };
        r["Size"] = _ => x => [Tensor.Scalar((long)x[0]!.Length)];
        r["Expand"] = b => x =>
        {
            var t = x[0]!;
            var target = ToShape(b, x[1]!, "shape");
            var shape = TensorShape.Broadcast(t.Dims, target) ?? throw b.Fail($"{t.ShapeText} cannot expand to {TensorShape.ToText(target)}");
            return [TypeDispatch.Any<ExpandVisitor, Tensor>(t.DataType, new ExpandVisitor(t, shape))];
        };
        r["ConstantOfShape"] = b =>
        {
            var value = b.Attr.Tensor("value") ?? Tensor.Scalar(0f);
            if (value.Length != 1)
            {
                throw b.Fail("attribute 'value' must hold one element");
            }
            return x =>
            {
                var shape = ToShape(b, x[0]!, "input");
                var data = TensorDataTypes.Allocate(value.DataType, TensorShape.Size(shape));
                var one = value.Buffer.GetValue(0);
                for (var i = 0; i < data.Length; i++)
                {
                    data.SetValue(one, i);
                }
                return [Tensor.FromTrusted(value.DataType, data, shape)];
            };
        };
        r["Transpose"] = b =>
        {
            var perm = b.Attr.Ints("perm");
            return x => [Transpose(b, x[0]!, perm)];
        };
        r["Concat"] = b =>
        {
            var axis = b.Attr.Has("axis") ? b.Attr.Int("axis", 0) : throw b.Fail("attribute 'axis' is required");
            return x => [Concat(b, x.Select(t => t!).ToArray(), axis)];
        };
        r["Gather"] = b =>
        {
            var axis = b.Attr.Int("axis", 0);
            return x => [Gather(b, x[0]!, x[1]!, axis)];
        };
        r["NonZero"] = b => x => [NonZero(x[0]!)];
        r["Constant"] = b =>
        {
            var value = ConstantValue(b);
            return _ => [value];
        };
    }

    /// <summary>Axes from the attribute (opset &lt; 13) or input <paramref name="input"/> (opset ≥ 13); null when absent.</summary>
    internal static long[]? Axes(KernelBuilder b, Tensor?[] x, int input, int sinceOpset = 13) =>
        b.Opset < sinceOpset ? b.Attr.Ints("axes") : x.Length > input && x[input] is { } t ? t.ToInt64Array() : null;

    /// <summary>A 1-D INT64 shape tensor as dimensions (each ≥ −1 where −1/0 are resolved by the caller).</summary>
    internal static int[] ToShape(KernelBuilder b, Tensor t, string what)
    {
        if (t.DataType != TensorDataType.Int64 || t.Rank > 1)
        {
            throw b.Fail($"{what} must be a 1-D INT64 tensor, got {TensorDataTypes.Name(t.DataType)} {t.ShapeText}");
        }
        return t.Array<long>().Select(v => v is < -1 or > int.MaxValue ? throw b.Fail($"{what} has dimension {v}") : (int)v).ToArray();
    }

    private static Tensor Reshape(KernelBuilder b, Tensor t, Tensor shapeTensor)
    {
        var allowZero = b.Opset >= 14 && b.Attr.Int("allowzero", 0) != 0;
        var shape = ToShape(b, shapeTensor, "shape");
        var infer = -1;
        long known = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 0 && !allowZero)
            {
                shape[i] = i < t.Rank ? t.Dims[i] : throw b.Fail($"shape[{i}] = 0 copies a dimension the input {t.ShapeText} lacks");
            }
            if (shape[i] == -1)
            {
                infer = infer < 0 ? i : throw b.Fail("shape has more than one −1");
            }
            else
            {
                known *= shape[i];
            }
        }
        if (infer >= 0)
        {
            shape[infer] = known == 0 || t.Length % known != 0
                ? throw b.Fail($"cannot infer −1 reshaping {t.ShapeText} to {shapeTensor.ShapeText} values [{string.Join(",", shapeTensor.ToInt64Array())}]")
                : (int)(t.Length / known);
        }
        if (TensorShape.Size(shape) != t.Length)
        {
            throw b.Fail($"cannot reshape {t.ShapeText} ({t.Length} elements) to {TensorShape.ToText(shape)}");
        }
        return t.Reshape(shape);
    }

    private static Tensor Squeeze(KernelBuilder b, Tensor t, long[]? axes)
    {
        var drop = new bool[t.Rank];
        if (axes is null)
        {
            for (var i = 0; i < t.Rank; i++)
            {
                drop[i] = t.Dims[i] == 1;
            }
        }
        else
        {
            foreach (var a in axes)
            {
                var n = TensorShape.NormalizeAxis(a, t.Rank) ?? throw b.Fail($"axis {a} out of range for {t.ShapeText}");
                drop[n] = t.Dims[n] == 1 ? true : throw b.Fail($"cannot squeeze axis {a} of size {t.Dims[n]}");
            }
        }
        return t.Reshape(t.Dims.Where((_, i) => !drop[i]).ToArray());
    }

    private static Tensor Unsqueeze(KernelBuilder b, Tensor t, long[] axes)
    {
        var rank = t.Rank + axes.Length;
        var ones = new bool[rank];
        foreach (var a in axes)
        {
            var n = TensorShape.NormalizeAxis(a, rank) ?? throw b.Fail($"axis {a} out of range for output rank {rank}");
            ones[n] = !ones[n] ? true : throw b.Fail($"axis {a} repeated");
        }
        var shape = new int[rank];
        for (int i = 0, j = 0; i < rank; i++)
        {
            shape[i] = ones[i] ? 1 : t.Dims[j++];
        }
        return t.Reshape(shape);
    }

    private readonly struct ExpandVisitor(Tensor t, int[] shape) : IAnyVisitor<Tensor>
    {
        public Tensor Visit<T>() where T : unmanaged => Tensor.FromTrusted(t.DataType, Broadcast.Expand(t.Array<T>(), t.Dims, shape), shape);
    }

    private static Tensor Transpose(KernelBuilder b, Tensor t, long[]? perm)
    {
        var p = perm?.Select(v => (int)v).ToArray() ?? Enumerable.Range(0, t.Rank).Reverse().ToArray();
        if (p.Length != t.Rank || p.Order().Where((v, i) => v != i).Any())
        {
            throw b.Fail($"perm [{string.Join(",", p)}] is not a permutation of {t.Rank} axes");
        }
        return TypeDispatch.Any<TransposeVisitor, Tensor>(t.DataType, new TransposeVisitor(t, p));
    }

    private readonly struct TransposeVisitor(Tensor t, int[] perm) : IAnyVisitor<Tensor>
    {
        public Tensor Visit<T>() where T : unmanaged
        {
            var dims = t.Dims;
            var inStrides = TensorShape.Strides(dims);
            var shape = perm.Select(a => dims[a]).ToArray();
            var strides = perm.Select(a => inStrides[a]).ToArray();
            return Tensor.FromTrusted(t.DataType, Broadcast.StridedCopy(t.Array<T>(), strides, shape), shape);
        }
    }

    private static Tensor Concat(KernelBuilder b, Tensor[] inputs, long axis)
    {
        var first = inputs[0];
        var a = TensorShape.NormalizeAxis(axis, first.Rank) ?? throw b.Fail($"axis {axis} out of range for {first.ShapeText}");
        var shape = (int[])first.Dims.Clone();
        shape[a] = 0;
        foreach (var t in inputs)
        {
            if (t.DataType != first.DataType || t.Rank != first.Rank || Enumerable.Range(0, t.Rank).Any(i => i != a && t.Dims[i] != first.Dims[i]))
            {
                throw b.Fail($"inputs {string.Join(", ", inputs.Select(i => TensorDataTypes.Name(i.DataType) + i.ShapeText))} differ outside axis {a}");
            }
            shape[a] += t.Dims[a];
        }
        var outer = TensorShape.Size(shape.AsSpan(0, a));
        var inner = TensorShape.Size(shape.AsSpan(a + 1));
        var data = TensorDataTypes.Allocate(first.DataType, TensorShape.Size(shape));
        var rowLength = shape[a] * inner;
        var offset = 0;
        foreach (var t in inputs)
        {
            var chunk = t.Dims[a] * inner;
            for (var o = 0; o < outer; o++)
            {
                Array.Copy(t.Buffer, o * chunk, data, o * rowLength + offset, chunk);
            }
            offset += chunk;
        }
        return Tensor.FromTrusted(first.DataType, data, shape);
    }

    private static Tensor Gather(KernelBuilder b, Tensor data, Tensor indices, long axis)
    {
        var a = TensorShape.NormalizeAxis(axis, data.Rank) ?? throw b.Fail($"axis {axis} out of range for {data.ShapeText}");
        if (indices.DataType is not (TensorDataType.Int64 or TensorDataType.Int32))
        {
            throw KernelErrors.UnsupportedType(b.Node, 1, indices.DataType);
        }
        int[] shape = [.. data.Dims[..a], .. indices.Dims, .. data.Dims[(a + 1)..]];
        var outer = TensorShape.Size(data.Dims.AsSpan(0, a));
        var inner = TensorShape.Size(data.Dims.AsSpan(a + 1));
        var dim = data.Dims[a];
        var o = TensorDataTypes.Allocate(data.DataType, TensorShape.Size(shape));
        var count = indices.Length;
        for (var i = 0; i < count; i++)
        {
            var ix = indices.GetInt64(i);
            if (ix < -dim || ix >= dim)
            {
                throw b.Fail($"index {ix} out of range for axis {a} of size {dim}");
            }
            var src = (int)(ix < 0 ? ix + dim : ix);
            for (var p = 0; p < outer; p++)
            {
                Array.Copy(data.Buffer, (p * dim + src) * inner, o, (p * count + i) * inner, inner);
            }
        }
        return Tensor.FromTrusted(data.DataType, o, shape);
    }

    private static Tensor NonZero(Tensor t)
    {
        var hits = new List<int>();
        for (var i = 0; i < t.Length; i++)
        {
            if (t.GetDouble(i) != 0)
            {
                hits.Add(i);
            }
        }
        var rank = t.Rank;
        var o = new long[rank * hits.Count];
        var strides = TensorShape.Strides(t.Dims);
        for (var j = 0; j < hits.Count; j++)
        {
            var rest = hits[j];
            for (var d = 0; d < rank; d++)
            {
                o[d * hits.Count + j] = rest / strides[d];
                rest %= strides[d];
            }
        }
        return Tensor.FromTrusted(TensorDataType.Int64, o, [rank, hits.Count]);
    }

    private static Tensor ConstantValue(KernelBuilder b)
    {
        var attr = b.Attr;
        if (attr.Tensor("value") is { } t)
        {
            return t;
        }
        if (attr.Has("value_float"))
        {
            return Tensor.Scalar(attr.Float("value_float", 0));
        }
        if (attr.Floats("value_floats") is { } fs)
        {
            return Tensor.FromArray(fs, fs.Length);
        }
        if (attr.Has("value_int"))
        {
            return Tensor.Scalar(attr.Int("value_int", 0));
        }
        if (attr.Ints("value_ints") is { } ints)
        {
            return Tensor.FromArray(ints, ints.Length);
        }
        var other = attr.Names.FirstOrDefault() ?? "none";
        throw b.Unsupported($"Constant with attribute '{other}' is not supported (value, value_float(s), value_int(s) are)");
    }
}
