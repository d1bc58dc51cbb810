using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Provenant.Inference.Integer;

/// <summary>
/// An int8 matrix product with constant weights, packed once at load:
/// Y[m, n] = Σ_k (A[m, k] − za) · W[n, k] + bias[n] for int8 A [rows, K], int8 W [N, K], int32 bias [N] and the
/// constant activation zero point za (weights are symmetric: no weight zero point).
/// <para>
/// Arithmetic. The activations are read as unsigned bytes u = A + 128 ∈ [0, 255] (the sign bit flipped), so
/// Σ_k (A − za)·W = Σ_k u·W − (za + 128)·Σ_k W; the second term and the bias are folded into one per-column constant
/// c[n] = bias[n] − (za + 128)·Σ_k W[n, k] at load. The kernels compute S[m, n] = Σ_k u[m, k]·W[n, k] in int32 and
/// return S + c.
/// </para>
/// <para>
/// Exactness. The caller has checked at load (<see cref="QGemmKernel.CheckAccumulatorBound"/>) that
/// 255·Σ_k |W[n, k]| + |bias[n]| ≤ 2^31 − 1 for every n. As 0 ≤ u ≤ 255, every partial sum of S, in any order and
/// grouping, is at most 255·Σ|W| in magnitude; |c| ≤ |bias| + 255·Σ|W|; and S + c is the true result, whose magnitude
/// is at most 255·Σ|W| + |bias| (|A − za| ≤ 255). So no int32 operation of any path overflows, and every path
/// (<see cref="Int8GemmPath"/>) returns the same integers: bit-identical for any SIMD width, instruction set or
/// thread count.
/// </para>
/// <para>
/// Layout. K is padded to a multiple of 4 (Kp) and N to a multiple of 8 (Np) with zero weights; the weights are
/// stored as [Kp/4][Np][4] bytes, so one 256-bit load holds 4 consecutive k of 8 consecutive columns, the operand
/// order of <c>vpdpbusd</c> with a broadcast activation quad (<see cref="Multiply"/>); they are also stored as rows
/// [N][Kp], to be broadcast against a vector operand of activations (<see cref="MultiplyColumns"/>, for convolution,
/// whose output is channel-major). Activation rows are Kp unsigned bytes (see <see cref="ToUnsigned(sbyte[], int)"/>); their padding
/// bytes meet zero weights and do not matter.
/// </para>
/// </summary>
internal sealed class Int8Gemm
{
    private const int Lanes = Int8Tiles.Lanes;

    [ThreadStatic]
    private static byte[]?[]? _scratch;

    private readonly byte[] _packed;
    private readonly byte[] _rows;
    private readonly int[] _offset;
    private readonly int _quads;
    private readonly int _paddedN;
    private readonly bool _weightRows;

    /// <summary>Packs <paramref name="weights"/> ([<paramref name="n"/>, <paramref name="k"/>] row-major, or [K, N] with <paramref name="kMajor"/>) and folds the zero point into the bias.</summary>
    /// <param name="weights">W, N·K int8 values.</param>
    /// <param name="n">Output columns N ≥ 1.</param>
    /// <param name="k">Reduction length K ≥ 0.</param>
    /// <param name="bias">N int32 values.</param>
    /// <param name="zeroPoint">za ∈ [−128, 127].</param>
    /// <param name="weightRows">True: pack for <see cref="MultiplyColumns"/> (weight rows broadcast); false: for <see cref="Multiply"/>.</param>
    /// <param name="kMajor">True: <paramref name="weights"/> is laid out [K, N] (an activation's right operand, read transposed); false: [N, K].</param>
    public Int8Gemm(ReadOnlySpan<sbyte> weights, int n, int k, ReadOnlySpan<int> bias, int zeroPoint, bool weightRows, bool kMajor = false)
    {
        N = n;
        K = k;
        _quads = (k + 3) / 4;
        _paddedN = (n + Lanes - 1) / Lanes * Lanes;
        _weightRows = weightRows;
        _packed = weightRows ? [] : new byte[_quads * _paddedN * 4];
        _rows = weightRows ? new byte[n * RowBytes] : [];
        _offset = new int[_paddedN];
        if (kMajor && !weightRows)
        {
            PackKMajor(weights, n, k, bias, zeroPoint);
            return;
        }
        for (var j = 0; j < n; j++)
        {
            long sum = 0;
            for (var i = 0; i < k; i++)
            {
                var w = kMajor ? weights[i * n + j] : weights[j * k + i];
                if (weightRows)
                {
                    _rows[j * RowBytes + i] = (byte)w;
                }
                else
                {
                    _packed[((i >> 2) * _paddedN + j) * 4 + (i & 3)] = (byte)w;
                }
                sum += w;
            }
            // |c| ≤ |bias| + 255·Σ|W| ≤ 2^31 − 1 under the caller's load-time bound (see the type summary).
            _offset[j] = checked((int)(bias[j] - (zeroPoint + 128L) * sum));
        }
    }

    /// <summary>The [K, N] form of the packing loop: reads each k row once, in order (an activation packed per call).</summary>
    private void PackKMajor(ReadOnlySpan<sbyte> weights, int n, int k, ReadOnlySpan<int> bias, int zeroPoint)
    {
        var sums = new long[n];
        for (var i = 0; i < k; i++)
        {
            var row = weights.Slice(i * n, n);
            var dst = _packed.AsSpan((i >> 2) * _paddedN * 4 + (i & 3));
            for (var j = 0; j < row.Length; j++)
            {
                dst[j * 4] = (byte)row[j];
                sums[j] += row[j];
            }
        }
        for (var j = 0; j < n; j++)
        {
            // As in the general loop: |c| ≤ |bias| + 255·Σ|W| ≤ 2^31 − 1.
            _offset[j] = checked((int)(bias[j] - (zeroPoint + 128L) * sums[j]));
        }
    }

    /// <summary>Output columns N.</summary>
    public int N { get; }

    /// <summary>Reduction length K.</summary>
    public int K { get; }

    /// <summary>Bytes per activation row: K rounded up to a multiple of 4.</summary>
    public int RowBytes => _quads * 4;

    /// <summary>The fastest path this process can run: AVX-VNNI, else AVX2, else scalar (hardware intrinsics off).</summary>
    public static Int8GemmPath Best { get; } = AvxVnni.IsSupported ? Int8GemmPath.AvxVnni : Avx2.IsSupported ? Int8GemmPath.Avx2 : Int8GemmPath.Scalar;

    /// <summary>
    /// A path forced for the current asynchronous flow (null: <see cref="Best"/>). Tests set it to compare the paths
    /// byte for byte; a path the processor lacks falls back to scalar.
    /// </summary>
    internal static AsyncLocal<Int8GemmPath?> Forced { get; } = new();

    /// <summary>The path <see cref="Multiply"/> takes now.</summary>
    public static Int8GemmPath Current => Forced.Value switch
    {
        null => Best,
        Int8GemmPath.AvxVnni when !AvxVnni.IsSupported => Int8GemmPath.Scalar,
        Int8GemmPath.Avx2 when !Avx2.IsSupported => Int8GemmPath.Scalar,
        { } p => p,
    };

    /// <summary>
    /// Per-thread buffer number <paramref name="slot"/> (0, 1 or 2) of at least <paramref name="length"/> bytes for activation
    /// operands (reused between calls on the same thread; its contents are left over and overwritten by the caller).
    /// </summary>
    public static byte[] Scratch(int length, int slot = 0)
    {
        var all = _scratch ??= new byte[3][];
        var s = all[slot];
        if (s is null || s.Length < length)
        {
            all[slot] = s = GC.AllocateUninitializedArray<byte>(length);
        }
        return s;
    }

    /// <summary>
    /// <paramref name="a"/> ([<paramref name="rows"/>, K] int8) as unsigned rows of <see cref="RowBytes"/> bytes
    /// (A + 128, padding 0) in a per-thread buffer.
    /// </summary>
    public byte[] ToUnsigned(sbyte[] a, int rows) => ToUnsigned(a.AsSpan(), rows);

    /// <summary>As <see cref="ToUnsigned(sbyte[], int)"/> for rows starting at the beginning of a span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public byte[] ToUnsigned(ReadOnlySpan<sbyte> a, int rows)
    {
        var stride = RowBytes;
        var dst = Scratch(rows * stride);
        var src = MemoryMarshal.AsBytes(a[..(rows * K)]);
        if (stride == K)
        {
            FlipSign(src, dst);
            return dst;
        }
        for (var m = 0; m < rows; m++)
        {
            FlipSign(src.Slice(m * K, K), dst.AsSpan(m * stride, K));
            dst.AsSpan(m * stride + K, stride - K).Clear();
        }
        return dst;
    }

    /// <summary>dst[i] = src[i] XOR 0x80: a two's-complement int8 v becomes the unsigned byte v + 128.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FlipSign(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var flip = Vector256.Create((byte)0x80);
            for (; i + 32 <= src.Length; i += 32)
            {
                (Vector256.Create(src.Slice(i, 32)) ^ flip).CopyTo(dst.Slice(i, 32));
            }
        }
        for (; i < src.Length; i++)
        {
            dst[i] = (byte)(src[i] ^ 0x80);
        }
    }

    /// <summary>
    /// y[m, n] = Σ_k (A[m, k] − za)·W[n, k] + bias[n] for <paramref name="rows"/> rows of <paramref name="a"/> (unsigned,
    /// <see cref="RowBytes"/> per row, from <see cref="ToUnsigned(sbyte[], int)"/> or built the same way); <paramref name="y"/> is
    /// [rows, N] from <paramref name="yStart"/>. Threads split 4 × 16 output tiles; each tile is computed by one thread.
    /// </summary>
    public void Multiply(byte[] a, int rows, int[] y, Engine.ExecutionContext context, int yStart = 0)
    {
        if (_weightRows || a.Length < rows * RowBytes || yStart < 0 || y.Length - yStart < rows * N)
        {
            throw new ArgumentException($"packed for the other product, or A holds {a.Length} bytes and y {y.Length} ints from {yStart}; {rows} rows need {rows * RowBytes} and {rows * N}");
        }
        Int8Tiles.Run<Int8Tiles.WeightVectors>(new(a, RowBytes, rows, _packed, _paddedN * 4, _paddedN, _quads, y, yStart, N, _offset), Current, context);
    }

    /// <summary>
    /// y[yStart + n·P + p] = Σ_k (X[k, p] − za)·W[n, k] + bias[n] for the P = <paramref name="positions"/> columns of
    /// <paramref name="columns"/>, the activations as unsigned bytes (X + 128) in blocks of 4 k: byte t of column p of
    /// block q at (q·<paramref name="paddedPositions"/> + p)·4 + t, for q below <see cref="RowBytes"/>/4 and
    /// <paramref name="paddedPositions"/> a multiple of 8 (the padding's values do not matter). y gets N rows of P.
    /// </summary>
    public void MultiplyColumns(byte[] columns, int positions, int paddedPositions, int[] y, int yStart, Engine.ExecutionContext context)
    {
        if (!_weightRows || paddedPositions % Lanes != 0 || paddedPositions < positions || columns.Length < RowBytes * paddedPositions || y.Length < yStart + N * positions)
        {
            throw new ArgumentException($"packed for the other product, or columns hold {columns.Length} bytes, y {y.Length} ints from {yStart}; {positions} positions padded to {paddedPositions} do not fit");
        }
        Int8Tiles.Run<Int8Tiles.WeightRows>(new(_rows, RowBytes, N, columns, paddedPositions * 4, paddedPositions, _quads, y, yStart, positions, _offset), Current, context);
    }
}
