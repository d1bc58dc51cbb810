using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Provenant.Inference.Integer;

/// <summary>
/// The register tiles of <see cref="Int8Gemm"/>: y[r, c] = offset + Σ_q Σ_{t=0..3} U·S over k = 4q + t, where one operand
/// is a broadcast row (4 bytes of row r per k quad, broadcast to every lane) and the other a vector operand (4 bytes of
/// each of 8 consecutive columns c per k quad, one 256-bit load). Which operand is unsigned (U, bytes 0…255) and which
/// signed (S, int8) is fixed per use by <c>TSide</c>. Every path returns the same int32 values: see
/// <see cref="Int8Gemm"/> for the bounds that make all of them exact.
/// </summary>
internal static class Int8Tiles
{
    /// <summary>int32 lanes of one vector: output columns per vector.</summary>
    public const int Lanes = 8;

    /// <summary>Rows of the register tile.</summary>
    public const int TileRows = 4;

    /// <summary>Columns of the register tile (two vectors).</summary>
    public const int TileColumns = 2 * Lanes;

    /// <summary>Runs every tile of <paramref name="o"/> on <paramref name="path"/>; threads split tiles, each tile is one thread's.</summary>
    public static void Run<TSide>(Operands o, Int8GemmPath path, Engine.ExecutionContext context) where TSide : struct, ISide
    {
        var rowBlocks = (o.Rows + TileRows - 1) / TileRows;
        var colTiles = (o.PaddedColumns + TileColumns - 1) / TileColumns;
        var tiles = rowBlocks * colTiles;
        var cost = (long)TileRows * TileColumns * 4 * o.Quads;
        if (context.RunsInline(tiles, cost))
        {
            Range<TSide>(o, path, colTiles, 0, tiles);
            return;
        }
        context.For(tiles, cost, (start, end) => Range<TSide>(o, path, colTiles, start, end));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Range<TSide>(in Operands o, Int8GemmPath path, int colTiles, int start, int end) where TSide : struct, ISide
    {
        for (var t = start; t < end; t++)
        {
            var r0 = t / colTiles * TileRows;
            var c0 = t % colTiles * TileColumns;
            var rowCount = Math.Min(TileRows, o.Rows - r0);
            var wide = o.PaddedColumns - c0 >= TileColumns;
            switch (path)
            {
                case Int8GemmPath.AvxVnni:
                    VectorTile<VnniDot, TSide>(o, r0, rowCount, c0, wide);
                    break;
                case Int8GemmPath.Avx2:
                    VectorTile<Avx2Dot, TSide>(o, r0, rowCount, c0, wide);
                    break;
                default:
                    ScalarTile<TSide>(o, r0, rowCount, c0);
                    break;
            }
        }
    }

    private static void VectorTile<TDot, TSide>(in Operands o, int r0, int rowCount, int c0, bool wide)
        where TDot : struct, IDot where TSide : struct, ISide
    {
        if (rowCount == TileRows)
        {
            if (wide)
            {
                Block<TDot, TSide, Four, Two>(o, r0, c0);
            }
            else
            {
                Block<TDot, TSide, Four, One>(o, r0, c0);
            }
            return;
        }
        for (var r = r0; r < r0 + rowCount; r++)
        {
            if (wide)
            {
                Block<TDot, TSide, One, Two>(o, r, c0);
            }
            else
            {
                Block<TDot, TSide, One, One>(o, r, c0);
            }
        }
    }

    /// <summary>
    /// TRows rows (1 or 4) × TVecs vectors (1 or 2) of 8 columns, accumulated over all k quads. The generic arguments are
    /// constants to the JIT, so each instantiation keeps exactly its accumulators, in registers (the loop has no calls).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<TDot, TSide, TRows, TVecs>(in Operands o, int r0, int c0)
        where TDot : struct, IDot where TSide : struct, ISide where TRows : struct, ICount where TVecs : struct, ICount
    {
        ref var vectors = ref MemoryMarshal.GetArrayDataReference(o.Vectors);
        ref var row0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(o.Broadcasts), r0 * o.BroadcastStride);
        var stride = o.BroadcastStride;
        Vector256<int> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        var vOffset = (nuint)(c0 * 4);
        var vStep = (nuint)o.VectorStride;
        for (var q = 0; q < o.Quads; q++, vOffset += vStep)
        {
            var b0 = Vector256.LoadUnsafe(ref vectors, vOffset);
            var b1 = TVecs.Value > 1 ? Vector256.LoadUnsafe(ref vectors, vOffset + 32) : default;
            var x0 = Quad(ref row0, q * 4);
            c00 = Add<TDot, TSide>(c00, x0, b0);
            if (TVecs.Value > 1)
            {
                c01 = Add<TDot, TSide>(c01, x0, b1);
            }
            if (TRows.Value > 1)
            {
                var x1 = Quad(ref row0, stride + q * 4);
                var x2 = Quad(ref row0, 2 * stride + q * 4);
                var x3 = Quad(ref row0, 3 * stride + q * 4);
                c10 = Add<TDot, TSide>(c10, x1, b0);
                c20 = Add<TDot, TSide>(c20, x2, b0);
                c30 = Add<TDot, TSide>(c30, x3, b0);
                if (TVecs.Value > 1)
                {
                    c11 = Add<TDot, TSide>(c11, x1, b1);
                    c21 = Add<TDot, TSide>(c21, x2, b1);
                    c31 = Add<TDot, TSide>(c31, x3, b1);
                }
            }
        }
        Store<TSide>(o, c00, r0, c0);
        if (TVecs.Value > 1)
        {
            Store<TSide>(o, c01, r0, c0 + Lanes);
        }
        if (TRows.Value > 1)
        {
            Store<TSide>(o, c10, r0 + 1, c0);
            Store<TSide>(o, c20, r0 + 2, c0);
            Store<TSide>(o, c30, r0 + 3, c0);
            if (TVecs.Value > 1)
            {
                Store<TSide>(o, c11, r0 + 1, c0 + Lanes);
                Store<TSide>(o, c21, r0 + 2, c0 + Lanes);
                Store<TSide>(o, c31, r0 + 3, c0 + Lanes);
            }
        }
    }

    /// <summary>The dot step with the unsigned and the signed operand in the order TSide gives.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Add<TDot, TSide>(Vector256<int> acc, Vector256<byte> broadcast, Vector256<byte> vector)
        where TDot : struct, IDot where TSide : struct, ISide =>
        TSide.VectorIsUnsigned ? TDot.Add(acc, vector, broadcast.AsSByte()) : TDot.Add(acc, broadcast, vector.AsSByte());

    /// <summary>The 4 bytes at <paramref name="offset"/> broadcast to every 32-bit lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Quad(ref byte row, int offset) =>
        Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref row, offset))).AsByte();

    /// <summary>
    /// Row <paramref name="r"/>, columns c0 … c0 + 7 (those below <see cref="Operands.Columns"/>) of y: the sums plus the
    /// offsets. No calls (so the JIT keeps the tile's accumulators in registers); tiles lie inside y and the offsets.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TSide>(in Operands o, Vector256<int> sums, int r, int c0) where TSide : struct, ISide
    {
        ref var offset = ref MemoryMarshal.GetArrayDataReference(o.Offset);
        var v = sums + (TSide.OffsetPerRow ? Vector256.Create(Unsafe.Add(ref offset, r)) : Vector256.LoadUnsafe(ref offset, (nuint)c0));
        ref var row = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(o.Y), o.YStart + r * o.Columns + c0);
        if (c0 + Lanes <= o.Columns)
        {
            v.StoreUnsafe(ref row);
            return;
        }
        for (var i = 0; i < o.Columns - c0; i++)
        {
            Unsafe.Add(ref row, i) = v.GetElement(i);
        }
    }

    /// <summary>The same tile with one int32 multiply-add per byte pair, in k order.</summary>
    private static void ScalarTile<TSide>(in Operands o, int r0, int rowCount, int c0) where TSide : struct, ISide
    {
        for (var r = r0; r < r0 + rowCount; r++)
        {
            for (var c = c0; c < Math.Min(o.Columns, c0 + TileColumns); c++)
            {
                var s = TSide.OffsetPerRow ? o.Offset[r] : o.Offset[c];
                for (var k = 0; k < 4 * o.Quads; k++)
                {
                    int x = o.Broadcasts[r * o.BroadcastStride + k], v = o.Vectors[(k >> 2) * o.VectorStride + c * 4 + (k & 3)];
                    s += TSide.VectorIsUnsigned ? v * (sbyte)x : x * (sbyte)v;
                }
                o.Y[o.YStart + r * o.Columns + c] = s;
            }
        }
    }

    /// <summary>
    /// One product: <see cref="Rows"/> broadcast rows of <see cref="BroadcastStride"/> bytes (k = 0 … 4·Quads − 1 from
    /// the start of each row), a vector operand of <see cref="Quads"/> blocks of <see cref="VectorStride"/> bytes (column c,
    /// k = 4q + t at q·VectorStride + 4c + t, <see cref="PaddedColumns"/> columns, a multiple of 8), the output y
    /// [Rows, Columns] row-major from <see cref="YStart"/>, and int32 offsets per column (at least PaddedColumns) or per row.
    /// </summary>
    internal readonly record struct Operands(byte[] Broadcasts, int BroadcastStride, int Rows, byte[] Vectors, int VectorStride, int PaddedColumns,
        int Quads, int[] Y, int YStart, int Columns, int[] Offset);

    /// <summary>Which operand is unsigned, and where the offsets run.</summary>
    internal interface ISide
    {
        /// <summary>True: the vector operand holds the unsigned bytes and the broadcast rows the signed ones.</summary>
        static abstract bool VectorIsUnsigned { get; }

        /// <summary>True: one offset per output row; false: one per output column.</summary>
        static abstract bool OffsetPerRow { get; }
    }

    /// <summary>Broadcast rows are activations (unsigned), vectors are packed weights (signed), offsets per column: QGemm.</summary>
    internal readonly struct WeightVectors : ISide
    {
        public static bool VectorIsUnsigned => false;

        public static bool OffsetPerRow => false;
    }

    /// <summary>Broadcast rows are weights (signed), vectors are im2col columns (unsigned), offsets per row: QConv.</summary>
    internal readonly struct WeightRows : ISide
    {
        public static bool VectorIsUnsigned => true;

        public static bool OffsetPerRow => true;
    }

    /// <summary>acc[i] + Σ_{t=0..3} u[4i + t]·s[4i + t] per int32 lane i (u unsigned, s signed bytes), exactly.</summary>
    private interface IDot
    {
        static abstract Vector256<int> Add(Vector256<int> acc, Vector256<byte> u, Vector256<sbyte> s);
    }

    /// <summary>A compile-time count for the tile's generic arguments.</summary>
    private interface ICount
    {
        static abstract int Value { get; }
    }

    private readonly struct One : ICount
    {
        public static int Value => 1;
    }

    private readonly struct Two : ICount
    {
        public static int Value => 2;
    }

    private readonly struct Four : ICount
    {
        public static int Value => 4;
    }

    /// <summary><c>vpdpbusd</c>: the four products of each lane summed into it (wrapping, never reached: see <see cref="Int8Gemm"/>).</summary>
    private readonly struct VnniDot : IDot
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Add(Vector256<int> acc, Vector256<byte> u, Vector256<sbyte> s) => AvxVnni.MultiplyWideningAndAdd(acc, u, s);
    }

    /// <summary>
    /// AVX2 without <c>vpmaddubsw</c> (which saturates int16 pair sums: 2·255·128 &gt; 2^15): the even and the odd bytes
    /// of each 16-bit lane are widened to int16 (u zero-extended, s sign-extended) and each half summed by
    /// <c>vpmaddwd</c>, whose int32 pair sums (|·| ≤ 2·255·128) are exact.
    /// </summary>
    private readonly struct Avx2Dot : IDot
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Add(Vector256<int> acc, Vector256<byte> u, Vector256<sbyte> s)
        {
            var u16 = u.AsInt16();
            var s16 = s.AsInt16();
            var uEven = u16 & Vector256.Create((short)0xFF);
            var uOdd = Vector256.ShiftRightLogical(u16, 8);
            var sEven = Vector256.ShiftRightArithmetic(Vector256.ShiftLeft(s16, 8), 8);
            var sOdd = Vector256.ShiftRightArithmetic(s16, 8);
            return acc + Avx2.MultiplyAddAdjacent(uEven, sEven) + Avx2.MultiplyAddAdjacent(uOdd, sOdd);
        }
    }
}
