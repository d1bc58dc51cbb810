using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Provenant.Inference.Graph;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Engine.Kernels;

/// <summary>
/// Element-wise operators with numpy broadcasting: Add, Sub, Mul, Div, Sum, Pow, Equal, Less, Greater,
/// LessOrEqual, GreaterOrEqual, Where, the unary functions of <see cref="UnaryFunction"/>, Clip.
/// Before opset 7 the arithmetic operators broadcast only with <c>broadcast=1</c> and an optional
/// <c>axis</c> (ONNX Add-6): B is aligned with A starting at that axis.
/// </summary>
internal static class ElementwiseKernels
{
    private enum Arith { Add, Sub, Mul, Div }

    private enum Compare { Equal, Less, Greater, LessOrEqual, GreaterOrEqual }

    public static void Register(Dictionary<string, Func<KernelBuilder, Kernel>> r)
    {
        r["Add"] = b => Binary(b, Arith.Add);
        r["Sub"] = b => Binary(b, Arith.Sub);
        r["Mul"] = b => Binary(b, Arith.Mul);
        r["Div"] = b => Binary(b, Arith.Div);
        r["Sum"] = b => x =>
        {
            var acc = x[0] ?? throw b.Fail("Sum needs at least one input");
            for (var i = 1; i < x.Length; i++)
            {
                acc = ArithOf(b.Node, Arith.Add, acc, x[i]!);
            }
            return [acc];
        };
        r["Pow"] = Pow;
        r["Equal"] = b => x => [Comparison(b.Node, Compare.Equal, x[0]!, x[1]!)];
        r["Less"] = b => x => [Comparison(b.Node, Compare.Less, x[0]!, x[1]!)];
        r["Greater"] = b => x => [Comparison(b.Node, Compare.Greater, x[0]!, x[1]!)];
        r["LessOrEqual"] = b => x => [Comparison(b.Node, Compare.LessOrEqual, x[0]!, x[1]!)];
        r["GreaterOrEqual"] = b => x => [Comparison(b.Node, Compare.GreaterOrEqual, x[0]!, x[1]!)];
        r["Where"] = b => x => [Where(b.Node, x[0]!, x[1]!, x[2]!)];
        r["Relu"] = b => Unary(b, UnaryFunction.Relu);
        r["LeakyRelu"] = b => Unary(b, UnaryFunction.LeakyRelu, b.Attr.Float("alpha", 0.01f));
        r["Sigmoid"] = b => Unary(b, UnaryFunction.Sigmoid);
        r["Tanh"] = b => Unary(b, UnaryFunction.Tanh);
        r["Exp"] = b => Unary(b, UnaryFunction.Exp);
        r["Log"] = b => Unary(b, UnaryFunction.Log);
        r["Sqrt"] = b => Unary(b, UnaryFunction.Sqrt);
        r["Erf"] = b => Unary(b, UnaryFunction.Erf);
        r["Neg"] = b => Unary(b, UnaryFunction.Neg);
        r["Abs"] = b => Unary(b, UnaryFunction.Abs);
        r["Reciprocal"] = b => Unary(b, UnaryFunction.Reciprocal);
        r["Gelu"] = b => b.Attr.String("approximate", "none") switch
        {
            "none" => Unary(b, UnaryFunction.Gelu),
            "tanh" => Unary(b, UnaryFunction.GeluTanh),
            var s => throw b.Unsupported($"Gelu approximate='{s}' is not defined (expected none or tanh)"),
        };
        r["Clip"] = Clip;
        r["Identity"] = _ => x => [x[0]];
    }

    private static Kernel Binary(KernelBuilder b, Arith op)
    {
        var legacy = b.Opset < 7;
        var broadcast = b.Attr.Int("broadcast", 0) == 1;
        var axis = b.Attr.Has("axis") ? b.Attr.Int("axis", 0) : (long?)null;
        return x =>
        {
            var (a, c) = (x[0]!, x[1]!);
            if (legacy)
            {
                c = LegacyAlign(b, a, c, broadcast, axis);
            }
            return [ArithOf(b.Node, op, a, c)];
        };
    }

    /// <summary>Opset &lt; 7 broadcasting: B's shape is a contiguous run of A's shape starting at <c>axis</c> (default: suffix).</summary>
    internal static Tensor LegacyAlign(KernelBuilder b, Tensor a, Tensor c, bool broadcast, long? axis)
    {
        if (!broadcast)
        {
            return TensorShape.SameAs(a.Dims, c.Dims) || c.Length == 1
                ? c
                : throw b.Fail($"shapes {a.ShapeText} and {c.ShapeText} differ and broadcast=0 (opset {b.Opset})");
        }
        var start = axis is long ax ? TensorShape.NormalizeAxis(ax, a.Rank) ?? throw b.Fail($"axis {ax} out of range") : a.Rank - c.Rank;
        var trailing = a.Rank - start - c.Rank;
        if (trailing < 0 || start < 0)
        {
            throw b.Fail($"B {c.ShapeText} does not fit A {a.ShapeText} at axis {start}");
        }
        return c.Reshape([.. c.Dims, .. Enumerable.Repeat(1, trailing)]);
    }

    private static Tensor ArithOf(GraphNode node, Arith op, Tensor a, Tensor b)
    {
        if (a.DataType != b.DataType)
        {
            throw KernelErrors.Fail(node, $"input types differ ({TensorDataTypes.Name(a.DataType)} and {TensorDataTypes.Name(b.DataType)})");
        }
        return TypeDispatch.Numeric<ArithVisitor, Tensor>(a.DataType, new ArithVisitor(op, a, b, Broadcast.Shape(node, a, b)), node, 0);
    }

    private readonly struct ArithVisitor(Arith op, Tensor a, Tensor b, int[] shape) : INumericVisitor<Tensor>
    {
        public Tensor Visit<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var (x, y) = (a.Array<T>(), b.Array<T>());
            if (x is float[] xf && y is float[] yf)
            {
                var of = op switch
                {
                    Arith.Add => Float32Elementwise.Binary(xf, a.Dims, yf, b.Dims, shape, new Float32Elementwise.Add()),
                    Arith.Sub => Float32Elementwise.Binary(xf, a.Dims, yf, b.Dims, shape, new Float32Elementwise.Sub()),
                    Arith.Mul => Float32Elementwise.Binary(xf, a.Dims, yf, b.Dims, shape, new Float32Elementwise.Mul()),
                    _ => Float32Elementwise.Binary(xf, a.Dims, yf, b.Dims, shape, new Float32Elementwise.Div()),
                };
                return Tensor.FromTrusted(a.DataType, of, shape);
            }
            var o = new T[TensorShape.Size(shape)];
            switch (op)
            {
                case Arith.Add: Broadcast.Binary(x, a.Dims, y, b.Dims, o, shape, new AddOp<T>()); break;
                case Arith.Sub: Broadcast.Binary(x, a.Dims, y, b.Dims, o, shape, new SubOp<T>()); break;
                case Arith.Mul: Broadcast.Binary(x, a.Dims, y, b.Dims, o, shape, new MulOp<T>()); break;
                default: Broadcast.Binary(x, a.Dims, y, b.Dims, o, shape, new DivOp<T>()); break;
            }
            return Tensor.FromTrusted(a.DataType, o, shape);
        }
    }

    private static Tensor Comparison(GraphNode node, Compare op, Tensor a, Tensor b)
    {
        if (a.DataType != b.DataType)
        {
            throw KernelErrors.Fail(node, $"input types differ ({TensorDataTypes.Name(a.DataType)} and {TensorDataTypes.Name(b.DataType)})");
        }
        var shape = Broadcast.Shape(node, a, b);
        if (a.DataType == TensorDataType.Bool && op == Compare.Equal)
        {
            var o = new bool[TensorShape.Size(shape)];
            Broadcast.Binary(a.Array<bool>(), a.Dims, b.Array<bool>(), b.Dims, o, shape, new BoolEqualOp());
            return Tensor.FromTrusted(TensorDataType.Bool, o, shape);
        }
        return TypeDispatch.Numeric<CompareVisitor, Tensor>(a.DataType, new CompareVisitor(op, a, b, shape), node, 0);
    }

    private readonly struct CompareVisitor(Compare op, Tensor a, Tensor b, int[] shape) : INumericVisitor<Tensor>
    {
        public Tensor Visit<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var o = new bool[TensorShape.Size(shape)];
            var (x, y) = (a.Array<T>(), b.Array<T>());
            switch (op)
            {
                case Compare.Equal: Broadcast.Binary(x, a.Dims, y, b.Dims, o, shape, new EqualOp<T>()); break;
                case Compare.Less: Broadcast.Binary(x, a.Dims, y, b.Dims, o, shape, new LessOp<T>()); break;
                case Compare.Greater: Broadcast.Binary(x, a.Dims, y, b.Dims, o, shape, new GreaterOp<T>()); break;
                case Compare.LessOrEqual: Broadcast.Binary(x, a.Dims, y, b.Dims, o, shape, new LessOrEqualOp<T>()); break;
                default: Broadcast.Binary(x, a.Dims, y, b.Dims, o, shape, new GreaterOrEqualOp<T>()); break;
            }
            return Tensor.FromTrusted(TensorDataType.Bool, o, shape);
        }
    }

    /// <summary>Pow(X, Y): output has X's type; float32^float32 uses MathF.Pow, every other pairing double Math.Pow then conversion to X's type.</summary>
    private static Kernel Pow(KernelBuilder b)
    {
        var legacy = b.Opset < 7;
        var broadcast = b.Attr.Int("broadcast", 0) == 1;
        var axis = b.Attr.Has("axis") ? b.Attr.Int("axis", 0) : (long?)null;
        return x =>
        {
            var (a, e) = (x[0]!, x[1]!);
            if (legacy)
            {
                e = LegacyAlign(b, a, e, broadcast, axis);
            }
            var shape = Broadcast.Shape(b.Node, a, e);
            if (a.DataType == TensorDataType.Float32 && e.Length == 1 && e.GetDouble(0) is 2 or 3 && TensorDataTypes.IsFloat(e.DataType))
            {
                // x² and x³ as products in double rounded once to float (x² exactly the correctly rounded pow).
                return [Tensor.FromTrusted(TensorDataType.Float32, Float32Elementwise.SquareOrCube(a.Array<float>(), e.GetDouble(0) == 3), shape)];
            }
            if (a.DataType == TensorDataType.Float32 && e.DataType == TensorDataType.Float32)
            {
                var o = new float[TensorShape.Size(shape)];
                Broadcast.Binary(a.Array<float>(), a.Dims, e.Array<float>(), e.Dims, o, shape, new PowFloatOp());
                return [Tensor.FromTrusted(TensorDataType.Float32, o, shape)];
            }
            var ad = CastKernels.ToDouble(b.Node, a, 0);
            var ed = CastKernels.ToDouble(b.Node, e, 1);
            var od = new double[TensorShape.Size(shape)];
            Broadcast.Binary(ad, a.Dims, ed, e.Dims, od, shape, new PowOp());
            return [CastKernels.FromDouble(b.Node, od, shape, a.DataType)];
        };
    }

    private static Tensor Where(GraphNode node, Tensor cond, Tensor x, Tensor y)
    {
        if (cond.DataType != TensorDataType.Bool)
        {
            throw KernelErrors.UnsupportedType(node, 0, cond.DataType);
        }
        if (x.DataType != y.DataType)
        {
            throw KernelErrors.Fail(node, "X and Y types differ");
        }
        var shape = TensorShape.Broadcast(cond.Dims, Broadcast.Shape(node, x, y))
            ?? throw KernelErrors.Fail(node, $"condition {cond.ShapeText} does not broadcast with {x.ShapeText} and {y.ShapeText}");
        var size = TensorShape.Size(shape);
        // A condition that repeats whole (its shape is the output's trailing dims after leading 1s, like a causal
        // mask over heads) is indexed cyclically by the masking fast path instead of being expanded.
        var core = cond.Dims.AsSpan(LeadingOnes(cond.Dims));
        var cyclic = cond.Length > 0 && core.SequenceEqual(shape.AsSpan(shape.Length - core.Length));
        var c = cyclic ? cond.Array<bool>() : Broadcast.Expand(cond.Array<bool>(), cond.Dims, shape);
        return TypeDispatch.Any<WhereVisitor, Tensor>(x.DataType, new WhereVisitor(c, x, y, shape, size));
    }

    private static int LeadingOnes(int[] dims)
    {
        var n = 0;
        while (n < dims.Length && dims[n] == 1)
        {
            n++;
        }
        return n;
    }

    /// <summary><paramref name="c"/> is the condition expanded to <paramref name="size"/> elements, or one whole repeat of it (size a multiple of its length).</summary>
    private readonly struct WhereVisitor(bool[] c, Tensor x, Tensor y, int[] shape, int size) : IAnyVisitor<Tensor>
    {
        public Tensor Visit<T>() where T : unmanaged
        {
            if (x.Length == size && y.Length is 1)
            {
                // The common masking forms (a full tensor and a scalar fill): one pass, no broadcast copies.
                return Masked(x.Array<T>(), y.Array<T>()[0], keepWhere: true);
            }
            if (y.Length == size && x.Length is 1)
            {
                return Masked(y.Array<T>(), x.Array<T>()[0], keepWhere: false);
            }
            var xs = Broadcast.Expand(x.Array<T>(), x.Dims, shape);
            var ys = Broadcast.Expand(y.Array<T>(), y.Dims, shape);
            for (var i = 0; i < xs.Length; i++)
            {
                if (!c[i % c.Length])
                {
                    xs[i] = ys[i];
                }
            }
            return Tensor.FromTrusted(x.DataType, xs, shape);
        }

        /// <summary>o[i] = c[i mod |c|] == keepWhere ? full[i] : fill.</summary>
        private Tensor Masked<T>(T[] full, T fill, bool keepWhere) where T : unmanaged
        {
            var o = GC.AllocateUninitializedArray<T>(full.Length);
            for (var start = 0; start < o.Length; start += c.Length)
            {
                var dst = o.AsSpan(start, c.Length);
                var src = full.AsSpan(start, c.Length);
                var i = full is float[] ? Float32Elementwise.Select(c, keepWhere, MemoryMarshal.Cast<T, float>(src), Unsafe.As<T, float>(ref fill), MemoryMarshal.Cast<T, float>(dst)) : 0;
                for (; i < dst.Length; i++)
                {
                    dst[i] = c[i] == keepWhere ? src[i] : fill;
                }
            }
            return Tensor.FromTrusted(x.DataType, o, shape);
        }
    }

    private static Kernel Unary(KernelBuilder b, UnaryFunction f, float alpha = 0) => x =>
    {
        var t = x[0]!;
        if (!TensorDataTypes.IsFloat(t.DataType) && f is UnaryFunction.Relu or UnaryFunction.Neg or UnaryFunction.Abs)
        {
            return [TypeDispatch.Numeric<SignedVisitor, Tensor>(t.DataType, new SignedVisitor(f, t), b.Node, 0)];
        }
        if (t.DataType == TensorDataType.Float32 && Float32Elementwise.Unary(f, t) is { } fast)
        {
            return [fast];
        }
        return [TypeDispatch.Float<UnaryVisitor, Tensor>(t.DataType, new UnaryVisitor(f, alpha, t), b.Node, 0)];
    };

    private readonly struct SignedVisitor(UnaryFunction f, Tensor t) : INumericVisitor<Tensor>
    {
        public Tensor Visit<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var s = t.Array<T>();
            var o = new T[s.Length];
            for (var i = 0; i < s.Length; i++)
            {
                o[i] = f switch
                {
                    UnaryFunction.Relu => s[i] < T.Zero ? T.Zero : s[i],
                    UnaryFunction.Neg => T.Zero - s[i],
                    _ => s[i] < T.Zero ? T.Zero - s[i] : s[i],
                };
            }
            return Tensor.FromTrusted(t.DataType, o, t.Dims);
        }
    }

    private readonly struct UnaryVisitor(UnaryFunction f, float alpha, Tensor t) : IFloatVisitor<Tensor>
    {
        public Tensor Visit<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
        {
            var s = t.Array<T>();
            var o = new T[s.Length];
            var half = T.CreateTruncating(0.5);
            switch (f)
            {
                case UnaryFunction.Relu:
                    for (var i = 0; i < s.Length; i++) o[i] = s[i] < T.Zero ? T.Zero : s[i];
                    break;
                case UnaryFunction.LeakyRelu:
                    var a = T.CreateTruncating(alpha);
                    for (var i = 0; i < s.Length; i++) o[i] = s[i] < T.Zero ? a * s[i] : s[i];
                    break;
                case UnaryFunction.Sigmoid:
                    for (var i = 0; i < s.Length; i++) o[i] = T.One / (T.One + T.Exp(-s[i]));
                    break;
                case UnaryFunction.Tanh:
                    for (var i = 0; i < s.Length; i++) o[i] = T.Tanh(s[i]);
                    break;
                case UnaryFunction.Exp:
                    for (var i = 0; i < s.Length; i++) o[i] = T.Exp(s[i]);
                    break;
                case UnaryFunction.Log:
                    for (var i = 0; i < s.Length; i++) o[i] = T.Log(s[i]);
                    break;
                case UnaryFunction.Sqrt:
                    for (var i = 0; i < s.Length; i++) o[i] = T.Sqrt(s[i]);
                    break;
                case UnaryFunction.Erf:
                    for (var i = 0; i < s.Length; i++) o[i] = T.CreateTruncating(SpecialFunctions.Erf(double.CreateTruncating(s[i])));
                    break;
                case UnaryFunction.Neg:
                    for (var i = 0; i < s.Length; i++) o[i] = -s[i];
                    break;
                case UnaryFunction.Abs:
                    for (var i = 0; i < s.Length; i++) o[i] = T.Abs(s[i]);
                    break;
                case UnaryFunction.Reciprocal:
                    for (var i = 0; i < s.Length; i++) o[i] = T.One / s[i];
                    break;
                case UnaryFunction.Gelu:
                    for (var i = 0; i < s.Length; i++)
                    {
                        var v = double.CreateTruncating(s[i]);
                        o[i] = T.CreateTruncating(0.5 * v * (1 + SpecialFunctions.Erf(v / Math.Sqrt(2))));
                    }
                    break;
                default:
                    var k = T.CreateTruncating(Math.Sqrt(2 / Math.PI));
                    var c = T.CreateTruncating(0.044715);
                    for (var i = 0; i < s.Length; i++)
                    {
                        var v = s[i];
                        o[i] = half * v * (T.One + T.Tanh(k * (v + c * v * v * v)));
                    }
                    break;
            }
            return Tensor.FromTrusted(t.DataType, o, t.Dims);
        }
    }

    /// <summary>Clip: opset &lt; 11 bounds are float attributes <c>min</c>/<c>max</c>; from 11 optional scalar inputs 2 and 3 of the input's type. Result min(max(x, lo), hi).</summary>
    private static Kernel Clip(KernelBuilder b)
    {
        var attrMin = b.Opset < 11 && b.Attr.Has("min") ? b.Attr.Float("min", 0) : (float?)null;
        var attrMax = b.Opset < 11 && b.Attr.Has("max") ? b.Attr.Float("max", 0) : (float?)null;
        return x =>
        {
            var t = x[0]!;
            Tensor? lo = null, hi = null;
            if (b.Opset < 11)
            {
                lo = attrMin is float mn ? CastKernels.FromDouble(b.Node, [mn], [], t.DataType) : null;
                hi = attrMax is float mx ? CastKernels.FromDouble(b.Node, [mx], [], t.DataType) : null;
            }
            else
            {
                lo = x.Length > 1 ? x[1] : null;
                hi = x.Length > 2 ? x[2] : null;
            }
            foreach (var bound in new[] { lo, hi })
            {
                if (bound is not null && (bound.Length != 1 || bound.DataType != t.DataType))
                {
                    throw b.Fail($"min/max must be scalars of the input's type, got {TensorDataTypes.Name(bound.DataType)} {bound.ShapeText}");
                }
            }
            return [TypeDispatch.Numeric<ClipVisitor, Tensor>(t.DataType, new ClipVisitor(t, lo, hi), b.Node, 0)];
        };
    }

    private readonly struct ClipVisitor(Tensor t, Tensor? lo, Tensor? hi) : INumericVisitor<Tensor>
    {
        public Tensor Visit<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>
        {
            var s = t.Array<T>();
            var o = new T[s.Length];
            var hasLo = lo is not null;
            var hasHi = hi is not null;
            var l = hasLo ? lo!.Array<T>()[0] : T.Zero;
            var h = hasHi ? hi!.Array<T>()[0] : T.Zero;
            for (var i = 0; i < s.Length; i++)
            {
                var v = s[i];
                if (hasLo && v < l)
                {
                    v = l;
                }
                if (hasHi && v > h)
                {
                    v = h;
                }
                o[i] = v;
            }
            return Tensor.FromTrusted(t.DataType, o, t.Dims);
        }
    }
}
