using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Engine.Kernels;

/// <summary>
/// float32 fast paths of the element-wise operators: Add/Sub/Mul/Div with numpy broadcasting whose innermost
/// run is contiguous or a repeated scalar, computed 8 lanes at a time, and Relu/Tanh/Exp/Sigmoid through
/// <see cref="VectorMath"/>. Each output element is one IEEE operation on its two inputs (or
/// <see cref="VectorMath"/>'s fixed lane arithmetic), so results equal the scalar loops bit for bit on
/// every SIMD width.
/// </summary>
internal static class Float32Elementwise
{
    /// <summary>The element operation of Add, Sub, Mul or Div, for one lane or eight.</summary>
    public interface IArith
    {
        float Apply(float a, float b);

        Vector256<float> Apply(Vector256<float> a, Vector256<float> b);
    }

    public readonly struct Add : IArith
    {
        public float Apply(float a, float b) => a + b;

        public Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a + b;
    }

    public readonly struct Sub : IArith
    {
        public float Apply(float a, float b) => a - b;

        public Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a - b;
    }

    public readonly struct Mul : IArith
    {
        public float Apply(float a, float b) => a * b;

        public Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a * b;
    }

    public readonly struct Div : IArith
    {
        public float Apply(float a, float b) => a / b;

        public Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a / b;
    }

    /// <summary>Relu, Tanh, Exp or Sigmoid of a float32 tensor, or null for another function.</summary>
    public static Tensor? Unary(UnaryFunction f, Tensor t)
    {
        if (f is not (UnaryFunction.Relu or UnaryFunction.Tanh or UnaryFunction.Exp or UnaryFunction.Sigmoid))
        {
            return null;
        }
        var s = t.Array<float>();
        var o = GC.AllocateUninitializedArray<float>(s.Length);
        switch (f)
        {
            case UnaryFunction.Relu:
                Relu(s, o);
                break;
            case UnaryFunction.Tanh:
                VectorMath.Tanh(s, o);
                break;
            case UnaryFunction.Exp:
                VectorMath.Exp(s, 0f, o);
                break;
            default:
                VectorMath.Sigmoid(s, o);
                break;
        }
        return Tensor.FromTrusted(TensorDataType.Float32, o, t.Dims);
    }

    /// <summary>x &lt; 0 ? 0 : x (so −0 and NaN pass through, as in the scalar definition).</summary>
    private static void Relu(float[] s, float[] o)
    {
        var i = 0;
        for (; i + 8 <= s.Length; i += 8)
        {
            var v = Vector256.Create(s.AsSpan(i, 8));
            Vector256.ConditionalSelect(Vector256.LessThan(v, Vector256<float>.Zero), Vector256<float>.Zero, v).CopyTo(o.AsSpan(i, 8));
        }
        for (; i < s.Length; i++)
        {
            o[i] = s[i] < 0f ? 0f : s[i];
        }
    }

    /// <summary>
    /// dst[i] = cond[i] == keep ? src[i] : fill for the whole blocks of 8 (a bit-for-bit select); returns the
    /// first index not done.
    /// </summary>
    public static unsafe int Select(bool[] cond, bool keep, ReadOnlySpan<float> src, float fill, Span<float> dst)
    {
        var i = 0;
        var vfill = Vector256.Create(fill);
        var want = Vector256.Create(keep ? 1u : 0u);
        fixed (bool* pc = cond)
        {
            for (; i + 8 <= dst.Length; i += 8)
            {
                var bytes = Vector128.CreateScalar(*(ulong*)(pc + i)).AsByte();
                var flags = Vector256.WidenLower(Vector256.WidenLower(bytes.ToVector256()));
                var take = Vector256.Equals(Vector256.Min(flags, Vector256<uint>.One), want).AsSingle();
                Vector256.ConditionalSelect(take, Vector256.Create(src.Slice(i, 8)), vfill).CopyTo(dst.Slice(i, 8));
            }
        }
        return i;
    }

    /// <summary>(float)(v·v) or (float)(v·v·v) with v the element widened to double, 4 lanes at a time (the same roundings as the scalar form).</summary>
    public static float[] SquareOrCube(float[] s, bool cube)
    {
        var o = GC.AllocateUninitializedArray<float>(s.Length);
        var i = 0;
        for (; i + 8 <= s.Length; i += 8)
        {
            var (lo, hi) = Vector256.Widen(Vector256.Create(s.AsSpan(i, 8)));
            var l2 = lo * lo;
            var h2 = hi * hi;
            (cube ? Vector256.Narrow(l2 * lo, h2 * hi) : Vector256.Narrow(l2, h2)).CopyTo(o.AsSpan(i, 8));
        }
        for (; i < s.Length; i++)
        {
            double v = s[i];
            o[i] = (float)(cube ? v * v * v : v * v);
        }
        return o;
    }

    /// <summary>o = op(a, b) broadcast to <paramref name="outShape"/>.</summary>
    public static unsafe float[] Binary<TOp>(float[] a, int[] aShape, float[] b, int[] bShape, int[] outShape, TOp op)
        where TOp : struct, IArith
    {
        var o = GC.AllocateUninitializedArray<float>(TensorShape.Size(outShape));
        if (o.Length == 0)
        {
            return o;
        }
        fixed (float* pa = a, pb = b, po = o)
        {
            if (a.Length == o.Length && b.Length == o.Length)
            {
                Run(pa, 1, pb, 1, po, o.Length, op);
                return o;
            }
            if (b.Length == 1 && a.Length == o.Length)
            {
                Run(pa, 1, pb, 0, po, o.Length, op);
                return o;
            }
            if (a.Length == 1 && b.Length == o.Length)
            {
                Run(pa, 0, pb, 1, po, o.Length, op);
                return o;
            }
            var rank = outShape.Length;
            var sa = Broadcast.AlignedStrides(aShape, rank);
            var sb = Broadcast.AlignedStrides(bShape, rank);
            var inner = outShape[rank - 1];
            var stepA = sa[rank - 1];
            var stepB = sb[rank - 1];
            if (stepA > 1 || stepB > 1)
            {
                throw new InvalidOperationException("innermost broadcast stride is 0 or 1");
            }
            var index = new int[rank];
            int offA = 0, offB = 0;
            for (var start = 0; start < o.Length; start += inner)
            {
                Run(pa + offA, stepA, pb + offB, stepB, po + start, inner, op);
                Broadcast.NextRow(index, outShape, sa, sb, ref offA, ref offB);
            }
        }
        return o;
    }

    /// <summary>o[j] = op(a[j·stepA], b[j·stepB]) for j &lt; n, steps 0 (a repeated scalar) or 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void Run<TOp>(float* a, int stepA, float* b, int stepB, float* o, int n, TOp op)
        where TOp : struct, IArith
    {
        var j = 0;
        if (n >= 8)
        {
            var sa = Vector256.Create(*a);
            var sb = Vector256.Create(*b);
            for (; j + 8 <= n; j += 8)
            {
                var va = stepA == 0 ? sa : Vector256.Load(a + j);
                var vb = stepB == 0 ? sb : Vector256.Load(b + j);
                op.Apply(va, vb).Store(o + j);
            }
        }
        for (; j < n; j++)
        {
            o[j] = op.Apply(a[j * stepA], b[j * stepB]);
        }
    }
}
