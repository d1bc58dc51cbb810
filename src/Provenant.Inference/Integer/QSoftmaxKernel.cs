using System.Runtime.CompilerServices;
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
            if (table[0] < 1 || table.Any(v => v is < 0 or > MaxEntry))
            {
                throw p.Bad(1, "table", $"entries in [0, {MaxEntry}] with table[0] ≥ 1", $"[{table.Min()}, {table.Max()}], table[0] = {table[0]}");
            }
            var mask = p.Optional(2, "mask", TensorDataType.Bool);
            var fill = mask is null ? null : p.Constant(3, "mask_table", TensorDataType.Int32);
            if (fill is not null && (fill.Rank != 1 || fill.Length != QLookupKernel.TableLength || fill.Array<int>().Any(v => v is < 0 or > MaxEntry)))
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
            return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (x) =>
            {
                var input = BoundaryKernels.Expect(p, x[0]!, TensorDataType.Int8);
                if (input.Rank == 0 || TensorShape.NormalizeAxis(axis, input.Rank) != input.Rank - 1)
                {
                    throw p.Builder.Fail($"axis {axis} must be the last axis of X {input.ShapeText}");
                }
                var rowMask = mask is null ? null : MaskRows(p, mask, input);
                var src = input.Array<sbyte>();
                var len = input.Dims[^1];
                var e = new long[len];
                var y = int8 ? (Array)new sbyte[src.Length] : new short[src.Length];
                var masked = mask?.Array<bool>();
                for (int row = 0, index = 0; row + len <= src.Length && len > 0; row += len, index++)
                {
                    var m = rowMask is null ? -1 : rowMask[index];
                    var step = m >= 0 && mask!.Dims[^1] == len ? 1 : 0;
                    var max = (int)sbyte.MinValue;
                    for (var i = 0; i < len; i++)
                    {
                        if (m < 0 || !masked![m + i * step])
                        {
                            max = Math.Max(max, src[row + i]);
                        }
                    }
                    long sum = 0;
                    for (var i = 0; i < len; i++)
                    {
                        e[i] = m < 0 || !masked![m + i * step] ? table[max - src[row + i]] : fillTable![max + 128];
                        sum += e[i];
                    }
                    Normalize(e, sum, y, row, int8);
                }
                return [Tensor.FromTrusted(int8 ? TensorDataType.Int8 : TensorDataType.Int16, y, input.Dims)];
            };
        };
    }

    /// <summary>Y_i = RoundingDivide(one · e_i, S) (minus 128 for int8); all zero probability when S = 0.</summary>
    private static void Normalize(long[] e, long sum, Array y, int row, bool int8)
    {
        if (int8)
        {
            var dst = (sbyte[])y;
            for (var i = 0; i < e.Length; i++)
            {
                dst[row + i] = (sbyte)(sum == 0 ? -128 : QuantArithmetic.RoundingDivide(OneInt8 * e[i], sum) - 128);
            }
            return;
        }
        var d16 = (short[])y;
        for (var i = 0; i < e.Length; i++)
        {
            d16[row + i] = (short)(sum == 0 ? 0 : QuantArithmetic.RoundingDivide(One * e[i], sum));
        }
    }

    /// <summary>
    /// For each row of X (all axes but the last), the offset of its first mask element, when the mask broadcasts to X
    /// (numpy rules: right-aligned, each mask dimension 1 or X's); a node error otherwise.
    /// </summary>
    private static int[] MaskRows(QuantParameters p, Tensor mask, Tensor x)
    {
        var rank = x.Rank;
        if (mask.Rank > rank || Enumerable.Range(1, mask.Rank).Any(i => mask.Dims[^i] != 1 && mask.Dims[^i] != x.Dims[^i]))
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
