using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Provenant.Inference.Engine;
using Provenant.Inference.Tensors;

namespace Provenant.Inference.Integer;

/// <summary>
/// QSoftmax over the last axis of int8 X with an int32 exp table T [256] (T[d] ≈ 2^16 · exp(−d · s_x),
/// 0 ≤ T[d] ≤ 2^24, T[0] ≥ 1; checked at load) and an optional BOOL mask M (initializer, numpy-broadcastable to X;
/// true = masked, as <c>Where(M, fill, X)</c> before a float softmax) with its INT32 [256] table F (initializer, entries in
/// [0, 2^24]; F[j] ≈ 2^16 · exp(fill − real(j − 128)), 0 for fill = −∞): for each row, max = the maximum over the
/// unmasked elements (−128 when there is none), d_i = max − X_i ∈ [0, 255], e_i = T[d_i] where unmasked and
/// F[max + 128] where masked, S = Σ e_i (int64). Attribute
/// <c>to</c> (ONNX element type, default INT16): INT16 gives Y_i = RoundingDivide(32767 · e_i, S) ∈ [0, 32767]
/// (scale 1/32767, zero point 0); INT8 gives Y_i = RoundingDivide(255 · e_i, S) − 128 ∈ [−128, 127] (scale 1/255,
/// zero point −128). A row with S = 0 (every element masked, F[0] = 0) gives probability 0 everywhere.
/// </summary>
internal static class QSoftmaxKernel
{
    /// <summary>The int16 output value representing probability 1.</summary>
    public const int One = 32767;

    /// <summary>The int8 output step count representing probability 1 (value 127 with zero point −128).</summary>
    public const int OneInt8 = 255;

    /// <summary>Largest table entry allowed (keeps 32767 · e and row sums far inside int64 for rows up to 2^30).</summary>
    public const int MaxEntry = 1 << 24;

    public static void Register(Dictionary<string, Func<QuantParameters, Kernel>> r)
    {
        r[QuantDomain.QSoftmax] = p =>
        {
            var t = p.Constant(1, "table", TensorDataType.Int32);
            if (t.Rank != 1 || t.Length != QLookupKernel.TableLength)
            {
                throw p.Bad(1, "table", $"shape [{QLookupKernel.TableLength}]", $"shape {t.ShapeText}");
            }
            var table = t.Array<int>();
            if (table[0] < 1 || table.AsSpan().IndexOfAnyExceptInRange(0, MaxEntry) >= 0)
            {
                throw p.Bad(1, "table", $"entries in [0, {MaxEntry}] with table[0] ≥ 1", $"[{table.Min()}, {table.Max()}], table[0] = {table[0]}");
            }
            var mask = p.Optional(2, "mask", TensorDataType.Bool);
            var fill = mask is null ? null : p.Constant(3, "mask_table", TensorDataType.Int32);
            if (fill is not null && (fill.Rank != 1 || fill.Length != QLookupKernel.TableLength || fill.Array<int>().AsSpan().IndexOfAnyExceptInRange(0, MaxEntry) >= 0))
            {
                throw p.Bad(3, "mask_table", $"shape [{QLookupKernel.TableLength}] with entries in [0, {MaxEntry}]", $"shape {fill.ShapeText}");
            }
            var fillTable = fill?.Array<int>();
            var to = p.Builder.Attr.Int("to", (long)TensorDataType.Int16);
            if (to is not ((long)TensorDataType.Int16 or (long)TensorDataType.Int8))
            {
                throw new Core.Errors.ProvenantFormatException(p.Builder.Node.ToString(), "attribute 'to'", "INT16 (5) or INT8 (3)", to.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            var int8 = to == (long)TensorDataType.Int8;
            var axis = p.Builder.Attr.Int("axis", -1);
            // One immutable (shape, offsets) pair, replaced by a single reference write: safe if runs overlap.
            Tuple<int[], int[]>? cached = null;
            return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x) =>
            {
                var input = BoundaryKernels.Expect(p, x[0]!, TensorDataType.Int8);
                if (input.Rank == 0 || TensorShape.NormalizeAxis(axis, input.Rank) != input.Rank - 1)
                {
                    throw p.Builder.Fail($"axis {axis} must be the last axis of X {input.ShapeText}");
                }
                var rowMask = mask is null ? null : (cached is { } c && c.Item1.AsSpan().SequenceEqual(input.Dims) ? c.Item2 : MaskRows(p, mask, input));
                if (rowMask is not null && cached?.Item2 != rowMask)
                {
                    cached = Tuple.Create<int[], int[]>([.. input.Dims], rowMask);
                }
                var src = input.Array<sbyte>();
                var len = input.Dims[^1];
                var e = new double[len];
                var y = int8 ? (Array)new sbyte[src.Length] : new short[src.Length];
                var masked = mask?.Array<bool>();
                for (int row = 0, index = 0; row + len <= src.Length && len > 0; row += len, index++)
                {
                    var xs = src.AsSpan(row, len);
                    long sum = 0;
                    if (rowMask is null)
                    {
                        var max = MaskedMax(xs, default);
                        var i = Avx2.IsSupported && len <= MaxGatherRow ? GatherRow(xs, default, max, 0, table, e, ref sum) : 0;
                        for (; i < len; i++)
                        {
                            var v = table[max - xs[i]];
                            sum += v;
                            e[i] = v;
                        }
                    }
                    else
                    {
                        var m = rowMask[index];
                        var step = mask!.Dims[^1] == len ? 1 : 0;
                        var max = step == 1 ? MaskedMax(xs, masked.AsSpan(m, len)) : masked![m] ? sbyte.MinValue : MaskedMax(xs, default);
                        var fillValue = fillTable![max + 128];
                        var i = Avx2.IsSupported && len <= MaxGatherRow && step == 1 ? GatherRow(xs, masked.AsSpan(m, len), max, fillValue, table, e, ref sum) : 0;
                        for (; i < len; i++)
                        {
                            // (max − x) & 255 keeps a masked element's unused table read in bounds.
                            var v = table[(max - xs[i]) & 255];
                            v = masked![m + i * step] ? fillValue : v;
                            sum += v;
                            e[i] = v;
                        }
                    }
                    Normalize(e, sum, y, row, int8);
                }
                return [Tensor.FromTrusted(int8 ? TensorDataType.Int8 : TensorDataType.Int16, y, input.Dims)];
            };
        };
    }

    /// <summary>
    /// Y_i = RoundingDivide(one · e_i, S) = ⌊(2·one·e_i + S) / (2S)⌋ (minus 128 for int8; e_i ≤ 2^24 held exactly as
    /// binary64), probability 0 everywhere when S = 0. Eight at a time in binary64 where vectors are accelerated and
    /// S &lt; 2^50: the numerator, q·2S and the remainder are integers below 2^53, so exact, and the estimate ⌊n · (1/2S)⌋ is corrected by the remainder test, giving the
    /// exact quotient as <see cref="QuantArithmetic.FloorDivide(long, long, double)"/> does for the rest.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Normalize(double[] e, long sum, Array y, int row, bool int8)
    {
        var one = int8 ? OneInt8 : One;
        var offset = int8 ? -128 : 0;
        var dst8 = int8 ? (sbyte[])y : null;
        var dst16 = int8 ? null : (short[])y;
        if (sum == 0)
        {
            for (var i = 0; i < e.Length; i++)
            {
                Store(dst8, dst16, row + i, offset);
            }
            return;
        }
        var den = 2 * sum;
        var reciprocal = 1.0 / den;
        var i0 = 0;
        // Below 2^50 every numerator, product and remainder is an integer under 2^53 (exact in binary64); a longer row of
        // large entries takes the int64 path.
        if (Vector256.IsHardwareAccelerated && sum < 1L << 50)
        {
            var vden = Vector256.Create((double)den);
            var vrec = Vector256.Create(reciprocal);
            var vtwoOne = Vector256.Create(2.0 * one);
            var vsum = Vector256.Create((double)sum);
            var voffset = Vector256.Create(offset);
            for (; i0 + 8 <= e.Length; i0 += 8)
            {
                // Quotients are below 2^16, so float32 holds them exactly on the way to int32.
                var q = Vector256.ConvertToInt32(Vector256.Narrow(
                    Quotients(Vector256.Create(e.AsSpan(i0, 4)), vtwoOne, vsum, vrec, vden),
                    Quotients(Vector256.Create(e.AsSpan(i0 + 4, 4)), vtwoOne, vsum, vrec, vden))) + voffset;
                var shorts = Vector256.Narrow(q, q).GetLower();
                if (dst8 is not null)
                {
                    MemoryMarshal.Write(MemoryMarshal.AsBytes(dst8.AsSpan(row + i0, 8)), Vector128.Narrow(shorts, shorts).AsInt64().GetElement(0));
                }
                else
                {
                    shorts.CopyTo(dst16.AsSpan(row + i0, 8));
                }
            }
        }
        for (var i = i0; i < e.Length; i++)
        {
            Store(dst8, dst16, row + i, (int)QuantArithmetic.FloorDivide(2 * one * (long)e[i] + sum, den, reciprocal) + offset);
        }
    }

    /// <summary>⌊n / den⌋ for n = twoOne·e + sum: the estimate ⌊n · rec⌋ corrected by the exact remainder n − q·den.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Quotients(Vector256<double> e, Vector256<double> twoOne, Vector256<double> sum, Vector256<double> rec, Vector256<double> den)
    {
        var n = e * twoOne + sum;
        var q = Vector256.Floor(n * rec);
        var r = n - q * den;
        return q + (Vector256.GreaterThanOrEqual(r, den) & Vector256<double>.One) - (Vector256.LessThan(r, Vector256<double>.Zero) & Vector256<double>.One);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(sbyte[]? dst8, short[]? dst16, int index, int value)
    {
        if (dst8 is not null)
        {
            dst8[index] = (sbyte)value;
        }
        else
        {
            dst16![index] = (short)value;
        }
    }

    /// <summary>Longest row whose e values (each ≤ 2^24) sum exactly in int32 lanes: 127 · 2^24 &lt; 2^31.</summary>
    private const int MaxGatherRow = 127;

    /// <summary>
    /// e_i = T[(max − x_i) &amp; 255], or <paramref name="fill"/> where the mask is true, eight at a time by <c>vpgatherdd</c>
    /// (the same table reads as the scalar loop); adds them to <paramref name="sum"/> (int32 lanes: a row of at most
    /// <see cref="MaxGatherRow"/> entries cannot overflow) and stores them in <paramref name="e"/>. Returns the first index not done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int GatherRow(ReadOnlySpan<sbyte> xs, ReadOnlySpan<bool> maskRow, int max, int fill, int[] table, double[] e, ref long sum)
    {
        var i = 0;
        var acc = Vector256<int>.Zero;
        var vmax = Vector256.Create(max);
        var vfill = Vector256.Create(fill);
        var low = Vector256.Create(255);
        fixed (int* t = table)
        fixed (sbyte* x = xs)
        fixed (bool* mask = maskRow)
        fixed (double* dst = e)
        {
            for (; i + 8 <= xs.Length; i += 8)
            {
                var v = Avx2.GatherVector256(t, (vmax - Avx2.ConvertToVector256Int32(x + i)) & low, 4);
                if (!maskRow.IsEmpty)
                {
                    v = Vector256.ConditionalSelect(Vector256.GreaterThan(Avx2.ConvertToVector256Int32((byte*)mask + i), Vector256<int>.Zero), vfill, v);
                }
                acc += v;
                Avx.ConvertToVector256Double(v.GetLower()).Store(dst + i);
                Avx.ConvertToVector256Double(v.GetUpper()).Store(dst + i + 4);
            }
        }
        sum += Vector256.Sum(acc);
        return i;
    }

    /// <summary>The largest x_i whose mask entry is false (every element when <paramref name="maskRow"/> is empty); −128 when all are masked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int MaskedMax(ReadOnlySpan<sbyte> xs, ReadOnlySpan<bool> maskRow)
    {
        var max = (int)sbyte.MinValue;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && xs.Length >= 32)
        {
            var acc = Vector256.Create(sbyte.MinValue);
            var bytes = MemoryMarshal.AsBytes(maskRow);
            for (; i + 32 <= xs.Length; i += 32)
            {
                var x = Vector256.Create(xs.Slice(i, 32));
                if (!maskRow.IsEmpty)
                {
                    x = Vector256.ConditionalSelect(Vector256.Equals(Vector256.Create(bytes.Slice(i, 32)), Vector256<byte>.Zero).AsSByte(), x, acc);
                }
                acc = Vector256.Max(acc, x);
            }
            var half = Vector128.Max(acc.GetLower(), acc.GetUpper());
            for (var lane = 0; lane < 16; lane++)
            {
                max = Math.Max(max, half.GetElement(lane));
            }
        }
        for (; i < xs.Length; i++)
        {
            if (maskRow.IsEmpty || !maskRow[i])
            {
                max = Math.Max(max, xs[i]);
            }
        }
        return max;
    }

    /// <summary>
    /// For each row of X (all axes but the last), the offset of its first mask element, when the mask broadcasts to X
    /// (numpy rules: right-aligned, each mask dimension 1 or X's); a node error otherwise.
    /// </summary>
    private static int[] MaskRows(QuantParameters p, Tensor mask, Tensor x)
    {
        var rank = x.Rank;
        if (!RowLocalRules.BroadcastsTo(mask.Dims, x.Dims))
        {
            throw p.Builder.Fail($"mask {mask.ShapeText} does not broadcast to X {x.ShapeText}");
        }
        var strides = new int[rank];
        for (int i = rank - 1, stride = 1; i >= 0; i--)
        {
            var j = i - (rank - mask.Rank);
            var dim = j >= 0 ? mask.Dims[j] : 1;
            strides[i] = dim == 1 ? 0 : stride;
            stride *= dim;
        }
        var rows = x.Length / Math.Max(1, x.Dims[^1]);
        var offsets = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            int rest = r, offset = 0;
            for (var i = rank - 2; i >= 0; i--)
            {
                offset += rest % x.Dims[i] * strides[i];
                rest /= x.Dims[i];
            }
            offsets[r] = offset;
        }
        return offsets;
    }
}
