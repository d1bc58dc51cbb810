using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Provenant.Core.Hashing;

/// <summary>
/// BLAKE3 compression kernels (BLAKE3 specification §2.2 "Compression Function"): a scalar
/// compression function and "hash many" kernels that compress 4, 8 or 16 independent inputs
/// (whole chunks or parent nodes) at once, one input per SIMD lane, with the message words
/// transposed so that vector register <c>m[w]</c> holds word <c>w</c> of every lane's block.
/// All kernels compute exactly the same function; the lane width only changes speed.
/// Inputs and outputs are little-endian bytes; chaining values are written as 32 bytes each.
/// </summary>
internal static unsafe class Blake3Kernels
{
    internal const int BlockLen = 64;
    internal const int ChunkLen = 1024;
    internal const int OutLen = 32;

    internal const uint ChunkStart = 1 << 0;
    internal const uint ChunkEnd = 1 << 1;
    internal const uint Parent = 1 << 2;
    internal const uint Root = 1 << 3;
    internal const uint KeyedHash = 1 << 4;
    internal const uint DeriveKeyContext = 1 << 5;
    internal const uint DeriveKeyMaterial = 1 << 6;

    internal const uint IV0 = 0x6A09E667, IV1 = 0xBB67AE85, IV2 = 0x3C6EF372, IV3 = 0xA54FF53A;
    internal const uint IV4 = 0x510E527F, IV5 = 0x9B05688C, IV6 = 0x1F83D9AB, IV7 = 0x5BE0CD19;

    /// <summary>Widest lane count this machine runs: 16 (AVX-512F), 8 (AVX2), 4 (SSSE3), else 1 (scalar).</summary>
    internal static readonly int HardwareLanes =
        !BitConverter.IsLittleEndian ? 1 :
        Avx512F.IsSupported && Avx512F.VL.IsSupported && Avx2.IsSupported ? 16 :
        Avx2.IsSupported ? 8 :
        Ssse3.IsSupported ? 4 : 1;

    // ---------------------------------------------------------------- scalar

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint R16(uint x) => BitOperations.RotateRight(x, 16);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint R12(uint x) => BitOperations.RotateRight(x, 12);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint R8(uint x) => BitOperations.RotateRight(x, 8);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint R7(uint x) => BitOperations.RotateRight(x, 7);

    /// <summary>
    /// The compression function (spec §2.2): <paramref name="cv"/> (8 words) with one 64-byte
    /// <paramref name="block"/> (little-endian words, zero-padded by the caller) → 16 output words
    /// written to <paramref name="output16"/> (first 8 = the new chaining value; all 16 = XOF block).
    /// <paramref name="cv"/> and <paramref name="output16"/> may alias.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Compress(uint* cv, byte* block, ulong counter, uint blockLen, uint flags, uint* output16)
    {
        uint m0 = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block, 4));
        uint m1 = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + 4, 4));
        uint m2 = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + 8, 4));
        uint m3 = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + 12, 4));
        uint m4 = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + 16, 4));
        uint m5 = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + 20, 4));
        uint m6 = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + 24, 4));
        uint m7 = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + 28, 4));
        uint m8 = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + 32, 4));
        uint m9 = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + 36, 4));
        uint m10 = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + 40, 4));
        uint m11 = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + 44, 4));
        uint m12 = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + 48, 4));
        uint m13 = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + 52, 4));
        uint m14 = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + 56, 4));
        uint m15 = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(block + 60, 4));

        uint h0 = cv[0], h1 = cv[1], h2 = cv[2], h3 = cv[3], h4 = cv[4], h5 = cv[5], h6 = cv[6], h7 = cv[7];
        uint v0 = h0, v1 = h1, v2 = h2, v3 = h3, v4 = h4, v5 = h5, v6 = h6, v7 = h7;
        uint v8 = IV0, v9 = IV1, v10 = IV2, v11 = IV3;
        uint v12 = (uint)counter, v13 = (uint)(counter >> 32), v14 = blockLen, v15 = flags;

        // Round 1
        v0 += v4 + m0; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m1; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
        v1 += v5 + m2; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m3; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
        v2 += v6 + m4; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m5; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
        v3 += v7 + m6; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m7; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
        v0 += v5 + m8; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m9; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
        v1 += v6 + m10; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m11; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
        v2 += v7 + m12; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m13; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
        v3 += v4 + m14; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m15; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
        // Round 2
        v0 += v4 + m2; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m6; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
        v1 += v5 + m3; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m10; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
        v2 += v6 + m7; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m0; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
        v3 += v7 + m4; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m13; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
        v0 += v5 + m1; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m11; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
        v1 += v6 + m12; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m5; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
        v2 += v7 + m9; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m14; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
        v3 += v4 + m15; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m8; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
        // Round 3
        v0 += v4 + m3; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m4; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
        v1 += v5 + m10; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m12; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
        v2 += v6 + m13; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m2; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
        v3 += v7 + m7; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m14; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
        v0 += v5 + m6; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m5; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
        v1 += v6 + m9; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m0; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
        v2 += v7 + m11; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m15; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
        v3 += v4 + m8; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m1; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
        // Round 4
        v0 += v4 + m10; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m7; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
        v1 += v5 + m12; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m9; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
        v2 += v6 + m14; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m3; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
        v3 += v7 + m13; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m15; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
        v0 += v5 + m4; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m0; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
        v1 += v6 + m11; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m2; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
        v2 += v7 + m5; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m8; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
        v3 += v4 + m1; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m6; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
        // Round 5
        v0 += v4 + m12; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m13; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
        v1 += v5 + m9; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m11; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
        v2 += v6 + m15; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m10; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
        v3 += v7 + m14; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m8; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
        v0 += v5 + m7; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m2; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
        v1 += v6 + m5; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m3; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
        v2 += v7 + m0; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m1; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
        v3 += v4 + m6; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m4; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
        // Round 6
        v0 += v4 + m9; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m14; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
        v1 += v5 + m11; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m5; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
        v2 += v6 + m8; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m12; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
        v3 += v7 + m15; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m1; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
        v0 += v5 + m13; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m3; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
        v1 += v6 + m0; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m10; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
        v2 += v7 + m2; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m6; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
        v3 += v4 + m4; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m7; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
        // Round 7
        v0 += v4 + m11; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m15; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
        v1 += v5 + m5; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m0; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
        v2 += v6 + m1; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m9; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
        v3 += v7 + m8; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m6; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
        v0 += v5 + m14; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m10; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
        v1 += v6 + m2; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m12; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
        v2 += v7 + m3; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m4; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
        v3 += v4 + m7; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m13; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
        output16[0] = v0 ^ v8; output16[1] = v1 ^ v9; output16[2] = v2 ^ v10; output16[3] = v3 ^ v11;
        output16[4] = v4 ^ v12; output16[5] = v5 ^ v13; output16[6] = v6 ^ v14; output16[7] = v7 ^ v15;
        output16[8] = v8 ^ h0; output16[9] = v9 ^ h1; output16[10] = v10 ^ h2; output16[11] = v11 ^ h3;
        output16[12] = v12 ^ h4; output16[13] = v13 ^ h5; output16[14] = v14 ^ h6; output16[15] = v15 ^ h7;
    }

    /// <summary>
    /// Compresses <paramref name="count"/> inputs, each <paramref name="blocks"/> full 64-byte blocks,
    /// input i starting at <paramref name="input"/> + i·<paramref name="stride"/>, every one starting
    /// from chaining value <paramref name="key"/>. Input i uses counter <paramref name="counter"/> (+ i when
    /// <paramref name="incrementCounter"/>); its first block adds <paramref name="flagsStart"/>, its last
    /// <paramref name="flagsEnd"/>. The 32-byte chaining value of input i goes to <paramref name="output"/> + 32·i.
    /// Output may overlap input as long as output i never lies past input i (in-place parent reduction).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void HashMany(byte* input, nint stride, int count, int blocks, uint* key, ulong counter,
        bool incrementCounter, uint flags, uint flagsStart, uint flagsEnd, byte* output, int maxLanes)
    {
        int i = 0;
        if (maxLanes >= 16 && HardwareLanes >= 16)
        {
            for (; i + 16 <= count; i += 16)
            {
                HashMany16(input + i * stride, stride, blocks, key, counter + (incrementCounter ? (ulong)i : 0), incrementCounter,
                    flags, flagsStart, flagsEnd, output + i * OutLen);
            }
        }
        if (maxLanes >= 8 && HardwareLanes >= 8)
        {
            for (; i + 8 <= count; i += 8)
            {
                HashMany8(input + i * stride, stride, blocks, key, counter + (incrementCounter ? (ulong)i : 0), incrementCounter,
                    flags, flagsStart, flagsEnd, output + i * OutLen);
            }
        }
        if (maxLanes >= 4 && HardwareLanes >= 4)
        {
            for (; i + 4 <= count; i += 4)
            {
                HashMany4(input + i * stride, stride, blocks, key, counter + (incrementCounter ? (ulong)i : 0), incrementCounter,
                    flags, flagsStart, flagsEnd, output + i * OutLen);
            }
        }
        uint* cv = stackalloc uint[16];
        for (; i < count; i++)
        {
            for (int w = 0; w < 8; w++) cv[w] = key[w];
            byte* p = input + i * stride;
            ulong c = counter + (incrementCounter ? (ulong)i : 0);
            for (int b = 0; b < blocks; b++)
            {
                uint f = flags | (b == 0 ? flagsStart : 0) | (b == blocks - 1 ? flagsEnd : 0);
                Compress(cv, p + b * BlockLen, c, BlockLen, f, cv);
            }
            byte* o = output + i * OutLen;
            for (int w = 0; w < 8; w++) BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(o + 4 * w, 4), cv[w]);
        }
    }

    // ---------------------------------------------------------------- 4 lanes (SSSE3 / AVX-512VL)

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> R16(Vector128<uint> x) => Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, 16)
        : Ssse3.Shuffle(x.AsByte(), Vector128.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)).AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> R12(Vector128<uint> x) => Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, 12)
        : Sse2.Or(Sse2.ShiftRightLogical(x, 12), Sse2.ShiftLeftLogical(x, 20));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> R8(Vector128<uint> x) => Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, 8)
        : Ssse3.Shuffle(x.AsByte(), Vector128.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12)).AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> R7(Vector128<uint> x) => Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, 7)
        : Sse2.Or(Sse2.ShiftRightLogical(x, 7), Sse2.ShiftLeftLogical(x, 25));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4(ref Vector128<uint> a, ref Vector128<uint> b, ref Vector128<uint> c, ref Vector128<uint> d)
    {
        var t0 = Sse2.UnpackLow(a, b);
        var t1 = Sse2.UnpackHigh(a, b);
        var t2 = Sse2.UnpackLow(c, d);
        var t3 = Sse2.UnpackHigh(c, d);
        a = Sse2.UnpackLow(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
        b = Sse2.UnpackHigh(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
        c = Sse2.UnpackLow(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
        d = Sse2.UnpackHigh(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HashMany4(byte* input, nint stride, int blocks, uint* key, ulong counter, bool inc,
        uint flags, uint flagsStart, uint flagsEnd, byte* output)
    {
        var h0 = Vector128.Create(key[0]); var h1 = Vector128.Create(key[1]);
        var h2 = Vector128.Create(key[2]); var h3 = Vector128.Create(key[3]);
        var h4 = Vector128.Create(key[4]); var h5 = Vector128.Create(key[5]);
        var h6 = Vector128.Create(key[6]); var h7 = Vector128.Create(key[7]);
        uint* ctr = stackalloc uint[8];
        for (int j = 0; j < 4; j++)
        {
            ulong c = counter + (inc ? (ulong)j : 0);
            ctr[j] = (uint)c;
            ctr[4 + j] = (uint)(c >> 32);
        }
        var ctrLo = Vector128.Load(ctr);
        var ctrHi = Vector128.Load(ctr + 4);
        byte* p0 = input, p1 = input + stride, p2 = input + 2 * stride, p3 = input + 3 * stride;
        for (int b = 0; b < blocks; b++)
        {
            uint f = flags | (b == 0 ? flagsStart : 0) | (b == blocks - 1 ? flagsEnd : 0);
            nint o = b * BlockLen;
            var m0 = Vector128.Load((uint*)(p0 + o)); var m1 = Vector128.Load((uint*)(p1 + o));
            var m2 = Vector128.Load((uint*)(p2 + o)); var m3 = Vector128.Load((uint*)(p3 + o));
            var m4 = Vector128.Load((uint*)(p0 + o + 16)); var m5 = Vector128.Load((uint*)(p1 + o + 16));
            var m6 = Vector128.Load((uint*)(p2 + o + 16)); var m7 = Vector128.Load((uint*)(p3 + o + 16));
            var m8 = Vector128.Load((uint*)(p0 + o + 32)); var m9 = Vector128.Load((uint*)(p1 + o + 32));
            var m10 = Vector128.Load((uint*)(p2 + o + 32)); var m11 = Vector128.Load((uint*)(p3 + o + 32));
            var m12 = Vector128.Load((uint*)(p0 + o + 48)); var m13 = Vector128.Load((uint*)(p1 + o + 48));
            var m14 = Vector128.Load((uint*)(p2 + o + 48)); var m15 = Vector128.Load((uint*)(p3 + o + 48));
            Transpose4(ref m0, ref m1, ref m2, ref m3);
            Transpose4(ref m4, ref m5, ref m6, ref m7);
            Transpose4(ref m8, ref m9, ref m10, ref m11);
            Transpose4(ref m12, ref m13, ref m14, ref m15);

            var v0 = h0; var v1 = h1; var v2 = h2; var v3 = h3; var v4 = h4; var v5 = h5; var v6 = h6; var v7 = h7;
            var v8 = Vector128.Create(IV0); var v9 = Vector128.Create(IV1);
            var v10 = Vector128.Create(IV2); var v11 = Vector128.Create(IV3);
            var v12 = ctrLo; var v13 = ctrHi; var v14 = Vector128.Create((uint)BlockLen); var v15 = Vector128.Create(f);

            // Round 1
            v0 += v4 + m0; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m1; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m2; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m3; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m4; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m5; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m6; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m7; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m8; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m9; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m10; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m11; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m12; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m13; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m14; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m15; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 2
            v0 += v4 + m2; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m6; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m3; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m10; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m7; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m0; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m4; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m13; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m1; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m11; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m12; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m5; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m9; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m14; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m15; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m8; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 3
            v0 += v4 + m3; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m4; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m10; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m12; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m13; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m2; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m7; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m14; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m6; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m5; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m9; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m0; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m11; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m15; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m8; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m1; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 4
            v0 += v4 + m10; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m7; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m12; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m9; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m14; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m3; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m13; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m15; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m4; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m0; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m11; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m2; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m5; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m8; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m1; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m6; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 5
            v0 += v4 + m12; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m13; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m9; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m11; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m15; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m10; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m14; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m8; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m7; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m2; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m5; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m3; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m0; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m1; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m6; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m4; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 6
            v0 += v4 + m9; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m14; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m11; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m5; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m8; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m12; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m15; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m1; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m13; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m3; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m0; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m10; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m2; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m6; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m4; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m7; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 7
            v0 += v4 + m11; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m15; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m5; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m0; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m1; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m9; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m8; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m6; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m14; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m10; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m2; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m12; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m3; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m4; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m7; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m13; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            h0 = v0 ^ v8; h1 = v1 ^ v9; h2 = v2 ^ v10; h3 = v3 ^ v11;
            h4 = v4 ^ v12; h5 = v5 ^ v13; h6 = v6 ^ v14; h7 = v7 ^ v15;
        }
        Transpose4(ref h0, ref h1, ref h2, ref h3);
        Transpose4(ref h4, ref h5, ref h6, ref h7);
        h0.Store((uint*)output); h4.Store((uint*)(output + 16));
        h1.Store((uint*)(output + 32)); h5.Store((uint*)(output + 48));
        h2.Store((uint*)(output + 64)); h6.Store((uint*)(output + 80));
        h3.Store((uint*)(output + 96)); h7.Store((uint*)(output + 112));
    }

    // ---------------------------------------------------------------- 8 lanes (AVX2 / AVX-512VL)

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> R16(Vector256<uint> x) => Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, 16)
        : Avx2.Shuffle(x.AsByte(), Vector256.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13,
            2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)).AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> R12(Vector256<uint> x) => Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, 12)
        : Avx2.Or(Avx2.ShiftRightLogical(x, 12), Avx2.ShiftLeftLogical(x, 20));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> R8(Vector256<uint> x) => Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, 8)
        : Avx2.Shuffle(x.AsByte(), Vector256.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12,
            1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12)).AsUInt32();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> R7(Vector256<uint> x) => Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, 7)
        : Avx2.Or(Avx2.ShiftRightLogical(x, 7), Avx2.ShiftLeftLogical(x, 25));

    /// <summary>8×8 transpose of 32-bit words: afterwards register w holds old word w of every register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(ref Vector256<uint> r0, ref Vector256<uint> r1, ref Vector256<uint> r2, ref Vector256<uint> r3,
        ref Vector256<uint> r4, ref Vector256<uint> r5, ref Vector256<uint> r6, ref Vector256<uint> r7)
    {
        var t0 = Avx2.UnpackLow(r0, r1); var t1 = Avx2.UnpackHigh(r0, r1);
        var t2 = Avx2.UnpackLow(r2, r3); var t3 = Avx2.UnpackHigh(r2, r3);
        var t4 = Avx2.UnpackLow(r4, r5); var t5 = Avx2.UnpackHigh(r4, r5);
        var t6 = Avx2.UnpackLow(r6, r7); var t7 = Avx2.UnpackHigh(r6, r7);
        var u0 = Avx2.UnpackLow(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
        var u1 = Avx2.UnpackHigh(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
        var u2 = Avx2.UnpackLow(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
        var u3 = Avx2.UnpackHigh(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
        var u4 = Avx2.UnpackLow(t4.AsUInt64(), t6.AsUInt64()).AsUInt32();
        var u5 = Avx2.UnpackHigh(t4.AsUInt64(), t6.AsUInt64()).AsUInt32();
        var u6 = Avx2.UnpackLow(t5.AsUInt64(), t7.AsUInt64()).AsUInt32();
        var u7 = Avx2.UnpackHigh(t5.AsUInt64(), t7.AsUInt64()).AsUInt32();
        r0 = Avx2.Permute2x128(u0, u4, 0x20); r4 = Avx2.Permute2x128(u0, u4, 0x31);
        r1 = Avx2.Permute2x128(u1, u5, 0x20); r5 = Avx2.Permute2x128(u1, u5, 0x31);
        r2 = Avx2.Permute2x128(u2, u6, 0x20); r6 = Avx2.Permute2x128(u2, u6, 0x31);
        r3 = Avx2.Permute2x128(u3, u7, 0x20); r7 = Avx2.Permute2x128(u3, u7, 0x31);
    }

    /// <summary>Loads 32 bytes at <paramref name="offset"/> from each of 8 inputs and transposes them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load8(byte* input, nint stride, nint offset,
        out Vector256<uint> r0, out Vector256<uint> r1, out Vector256<uint> r2, out Vector256<uint> r3,
        out Vector256<uint> r4, out Vector256<uint> r5, out Vector256<uint> r6, out Vector256<uint> r7)
    {
        byte* p = input + offset;
        r0 = Vector256.Load((uint*)p); r1 = Vector256.Load((uint*)(p + stride));
        r2 = Vector256.Load((uint*)(p + 2 * stride)); r3 = Vector256.Load((uint*)(p + 3 * stride));
        r4 = Vector256.Load((uint*)(p + 4 * stride)); r5 = Vector256.Load((uint*)(p + 5 * stride));
        r6 = Vector256.Load((uint*)(p + 6 * stride)); r7 = Vector256.Load((uint*)(p + 7 * stride));
        Transpose8(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HashMany8(byte* input, nint stride, int blocks, uint* key, ulong counter, bool inc,
        uint flags, uint flagsStart, uint flagsEnd, byte* output)
    {
        var h0 = Vector256.Create(key[0]); var h1 = Vector256.Create(key[1]);
        var h2 = Vector256.Create(key[2]); var h3 = Vector256.Create(key[3]);
        var h4 = Vector256.Create(key[4]); var h5 = Vector256.Create(key[5]);
        var h6 = Vector256.Create(key[6]); var h7 = Vector256.Create(key[7]);
        uint* ctr = stackalloc uint[16];
        for (int j = 0; j < 8; j++)
        {
            ulong c = counter + (inc ? (ulong)j : 0);
            ctr[j] = (uint)c;
            ctr[8 + j] = (uint)(c >> 32);
        }
        var ctrLo = Vector256.Load(ctr);
        var ctrHi = Vector256.Load(ctr + 8);
        for (int b = 0; b < blocks; b++)
        {
            uint f = flags | (b == 0 ? flagsStart : 0) | (b == blocks - 1 ? flagsEnd : 0);
            nint o = b * BlockLen;
            Load8(input, stride, o, out var m0, out var m1, out var m2, out var m3, out var m4, out var m5, out var m6, out var m7);
            Load8(input, stride, o + 32, out var m8, out var m9, out var m10, out var m11, out var m12, out var m13, out var m14, out var m15);

            var v0 = h0; var v1 = h1; var v2 = h2; var v3 = h3; var v4 = h4; var v5 = h5; var v6 = h6; var v7 = h7;
            var v8 = Vector256.Create(IV0); var v9 = Vector256.Create(IV1);
            var v10 = Vector256.Create(IV2); var v11 = Vector256.Create(IV3);
            var v12 = ctrLo; var v13 = ctrHi; var v14 = Vector256.Create((uint)BlockLen); var v15 = Vector256.Create(f);

            // Round 1
            v0 += v4 + m0; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m1; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m2; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m3; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m4; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m5; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m6; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m7; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m8; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m9; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m10; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m11; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m12; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m13; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m14; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m15; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 2
            v0 += v4 + m2; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m6; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m3; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m10; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m7; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m0; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m4; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m13; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m1; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m11; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m12; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m5; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m9; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m14; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m15; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m8; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 3
            v0 += v4 + m3; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m4; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m10; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m12; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m13; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m2; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m7; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m14; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m6; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m5; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m9; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m0; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m11; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m15; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m8; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m1; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 4
            v0 += v4 + m10; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m7; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m12; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m9; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m14; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m3; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m13; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m15; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m4; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m0; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m11; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m2; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m5; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m8; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m1; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m6; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 5
            v0 += v4 + m12; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m13; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m9; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m11; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m15; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m10; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m14; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m8; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m7; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m2; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m5; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m3; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m0; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m1; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m6; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m4; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 6
            v0 += v4 + m9; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m14; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m11; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m5; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m8; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m12; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m15; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m1; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m13; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m3; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m0; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m10; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m2; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m6; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m4; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m7; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 7
            v0 += v4 + m11; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m15; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m5; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m0; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m1; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m9; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m8; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m6; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m14; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m10; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m2; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m12; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m3; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m4; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m7; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m13; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            h0 = v0 ^ v8; h1 = v1 ^ v9; h2 = v2 ^ v10; h3 = v3 ^ v11;
            h4 = v4 ^ v12; h5 = v5 ^ v13; h6 = v6 ^ v14; h7 = v7 ^ v15;
        }
        Transpose8(ref h0, ref h1, ref h2, ref h3, ref h4, ref h5, ref h6, ref h7);
        h0.Store((uint*)output); h1.Store((uint*)(output + 32));
        h2.Store((uint*)(output + 64)); h3.Store((uint*)(output + 96));
        h4.Store((uint*)(output + 128)); h5.Store((uint*)(output + 160));
        h6.Store((uint*)(output + 192)); h7.Store((uint*)(output + 224));
    }

    // ---------------------------------------------------------------- 16 lanes (AVX-512F)

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> R16(Vector512<uint> x) => Avx512F.RotateRight(x, 16);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> R12(Vector512<uint> x) => Avx512F.RotateRight(x, 12);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> R8(Vector512<uint> x) => Avx512F.RotateRight(x, 8);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> R7(Vector512<uint> x) => Avx512F.RotateRight(x, 7);

    /// <summary>
    /// Loads the 64-byte block at <paramref name="offset"/> of each of 16 inputs and transposes the 16×16 words
    /// (unpack 32-bit, unpack 64-bit, then two rounds of 128-bit lane shuffles): afterwards m[w] lane i = word w of input i.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load16(byte* input, nint stride, nint offset, out Vector512<uint> m0, out Vector512<uint> m1, out Vector512<uint> m2, out Vector512<uint> m3, out Vector512<uint> m4, out Vector512<uint> m5, out Vector512<uint> m6, out Vector512<uint> m7, out Vector512<uint> m8, out Vector512<uint> m9, out Vector512<uint> m10, out Vector512<uint> m11, out Vector512<uint> m12, out Vector512<uint> m13, out Vector512<uint> m14, out Vector512<uint> m15)
    {
        byte* p = input + offset;
        var r0 = Vector512.Load((uint*)(p + 0 * stride));
        var r1 = Vector512.Load((uint*)(p + 1 * stride));
        var r2 = Vector512.Load((uint*)(p + 2 * stride));
        var r3 = Vector512.Load((uint*)(p + 3 * stride));
        var r4 = Vector512.Load((uint*)(p + 4 * stride));
        var r5 = Vector512.Load((uint*)(p + 5 * stride));
        var r6 = Vector512.Load((uint*)(p + 6 * stride));
        var r7 = Vector512.Load((uint*)(p + 7 * stride));
        var r8 = Vector512.Load((uint*)(p + 8 * stride));
        var r9 = Vector512.Load((uint*)(p + 9 * stride));
        var r10 = Vector512.Load((uint*)(p + 10 * stride));
        var r11 = Vector512.Load((uint*)(p + 11 * stride));
        var r12 = Vector512.Load((uint*)(p + 12 * stride));
        var r13 = Vector512.Load((uint*)(p + 13 * stride));
        var r14 = Vector512.Load((uint*)(p + 14 * stride));
        var r15 = Vector512.Load((uint*)(p + 15 * stride));
        var t0 = Avx512F.UnpackLow(r0, r1); var t1 = Avx512F.UnpackHigh(r0, r1);
        var t2 = Avx512F.UnpackLow(r2, r3); var t3 = Avx512F.UnpackHigh(r2, r3);
        var t4 = Avx512F.UnpackLow(r4, r5); var t5 = Avx512F.UnpackHigh(r4, r5);
        var t6 = Avx512F.UnpackLow(r6, r7); var t7 = Avx512F.UnpackHigh(r6, r7);
        var t8 = Avx512F.UnpackLow(r8, r9); var t9 = Avx512F.UnpackHigh(r8, r9);
        var t10 = Avx512F.UnpackLow(r10, r11); var t11 = Avx512F.UnpackHigh(r10, r11);
        var t12 = Avx512F.UnpackLow(r12, r13); var t13 = Avx512F.UnpackHigh(r12, r13);
        var t14 = Avx512F.UnpackLow(r14, r15); var t15 = Avx512F.UnpackHigh(r14, r15);
        var u0 = Avx512F.UnpackLow(t0.AsUInt64(), t2.AsUInt64()).AsUInt32(); var u1 = Avx512F.UnpackHigh(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
        var u2 = Avx512F.UnpackLow(t1.AsUInt64(), t3.AsUInt64()).AsUInt32(); var u3 = Avx512F.UnpackHigh(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
        var u4 = Avx512F.UnpackLow(t4.AsUInt64(), t6.AsUInt64()).AsUInt32(); var u5 = Avx512F.UnpackHigh(t4.AsUInt64(), t6.AsUInt64()).AsUInt32();
        var u6 = Avx512F.UnpackLow(t5.AsUInt64(), t7.AsUInt64()).AsUInt32(); var u7 = Avx512F.UnpackHigh(t5.AsUInt64(), t7.AsUInt64()).AsUInt32();
        var u8 = Avx512F.UnpackLow(t8.AsUInt64(), t10.AsUInt64()).AsUInt32(); var u9 = Avx512F.UnpackHigh(t8.AsUInt64(), t10.AsUInt64()).AsUInt32();
        var u10 = Avx512F.UnpackLow(t9.AsUInt64(), t11.AsUInt64()).AsUInt32(); var u11 = Avx512F.UnpackHigh(t9.AsUInt64(), t11.AsUInt64()).AsUInt32();
        var u12 = Avx512F.UnpackLow(t12.AsUInt64(), t14.AsUInt64()).AsUInt32(); var u13 = Avx512F.UnpackHigh(t12.AsUInt64(), t14.AsUInt64()).AsUInt32();
        var u14 = Avx512F.UnpackLow(t13.AsUInt64(), t15.AsUInt64()).AsUInt32(); var u15 = Avx512F.UnpackHigh(t13.AsUInt64(), t15.AsUInt64()).AsUInt32();
        var x00 = Avx512F.Shuffle4x128(u0, u4, 0x88); var x01 = Avx512F.Shuffle4x128(u0, u4, 0xDD);
        var x02 = Avx512F.Shuffle4x128(u8, u12, 0x88); var x03 = Avx512F.Shuffle4x128(u8, u12, 0xDD);
        m0 = Avx512F.Shuffle4x128(x00, x02, 0x88); m8 = Avx512F.Shuffle4x128(x00, x02, 0xDD);
        m4 = Avx512F.Shuffle4x128(x01, x03, 0x88); m12 = Avx512F.Shuffle4x128(x01, x03, 0xDD);
        var x10 = Avx512F.Shuffle4x128(u1, u5, 0x88); var x11 = Avx512F.Shuffle4x128(u1, u5, 0xDD);
        var x12 = Avx512F.Shuffle4x128(u9, u13, 0x88); var x13 = Avx512F.Shuffle4x128(u9, u13, 0xDD);
        m1 = Avx512F.Shuffle4x128(x10, x12, 0x88); m9 = Avx512F.Shuffle4x128(x10, x12, 0xDD);
        m5 = Avx512F.Shuffle4x128(x11, x13, 0x88); m13 = Avx512F.Shuffle4x128(x11, x13, 0xDD);
        var x20 = Avx512F.Shuffle4x128(u2, u6, 0x88); var x21 = Avx512F.Shuffle4x128(u2, u6, 0xDD);
        var x22 = Avx512F.Shuffle4x128(u10, u14, 0x88); var x23 = Avx512F.Shuffle4x128(u10, u14, 0xDD);
        m2 = Avx512F.Shuffle4x128(x20, x22, 0x88); m10 = Avx512F.Shuffle4x128(x20, x22, 0xDD);
        m6 = Avx512F.Shuffle4x128(x21, x23, 0x88); m14 = Avx512F.Shuffle4x128(x21, x23, 0xDD);
        var x30 = Avx512F.Shuffle4x128(u3, u7, 0x88); var x31 = Avx512F.Shuffle4x128(u3, u7, 0xDD);
        var x32 = Avx512F.Shuffle4x128(u11, u15, 0x88); var x33 = Avx512F.Shuffle4x128(u11, u15, 0xDD);
        m3 = Avx512F.Shuffle4x128(x30, x32, 0x88); m11 = Avx512F.Shuffle4x128(x30, x32, 0xDD);
        m7 = Avx512F.Shuffle4x128(x31, x33, 0x88); m15 = Avx512F.Shuffle4x128(x31, x33, 0xDD);
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HashMany16(byte* input, nint stride, int blocks, uint* key, ulong counter, bool inc,
        uint flags, uint flagsStart, uint flagsEnd, byte* output)
    {
        var h0 = Vector512.Create(key[0]); var h1 = Vector512.Create(key[1]);
        var h2 = Vector512.Create(key[2]); var h3 = Vector512.Create(key[3]);
        var h4 = Vector512.Create(key[4]); var h5 = Vector512.Create(key[5]);
        var h6 = Vector512.Create(key[6]); var h7 = Vector512.Create(key[7]);
        uint* ctr = stackalloc uint[32];
        for (int j = 0; j < 16; j++)
        {
            ulong c = counter + (inc ? (ulong)j : 0);
            ctr[j] = (uint)c;
            ctr[16 + j] = (uint)(c >> 32);
        }
        var ctrLo = Vector512.Load(ctr);
        var ctrHi = Vector512.Load(ctr + 16);
        for (int b = 0; b < blocks; b++)
        {
            uint f = flags | (b == 0 ? flagsStart : 0) | (b == blocks - 1 ? flagsEnd : 0);
            nint o = b * BlockLen;
            Load16(input, stride, o, out var m0, out var m1, out var m2, out var m3, out var m4, out var m5, out var m6, out var m7, out var m8, out var m9, out var m10, out var m11, out var m12, out var m13, out var m14, out var m15);

            var v0 = h0; var v1 = h1; var v2 = h2; var v3 = h3; var v4 = h4; var v5 = h5; var v6 = h6; var v7 = h7;
            var v8 = Vector512.Create(IV0); var v9 = Vector512.Create(IV1);
            var v10 = Vector512.Create(IV2); var v11 = Vector512.Create(IV3);
            var v12 = ctrLo; var v13 = ctrHi; var v14 = Vector512.Create((uint)BlockLen); var v15 = Vector512.Create(f);

            // Round 1
            v0 += v4 + m0; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m1; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m2; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m3; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m4; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m5; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m6; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m7; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m8; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m9; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m10; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m11; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m12; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m13; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m14; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m15; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 2
            v0 += v4 + m2; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m6; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m3; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m10; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m7; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m0; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m4; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m13; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m1; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m11; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m12; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m5; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m9; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m14; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m15; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m8; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 3
            v0 += v4 + m3; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m4; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m10; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m12; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m13; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m2; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m7; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m14; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m6; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m5; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m9; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m0; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m11; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m15; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m8; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m1; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 4
            v0 += v4 + m10; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m7; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m12; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m9; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m14; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m3; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m13; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m15; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m4; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m0; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m11; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m2; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m5; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m8; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m1; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m6; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 5
            v0 += v4 + m12; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m13; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m9; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m11; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m15; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m10; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m14; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m8; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m7; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m2; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m5; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m3; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m0; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m1; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m6; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m4; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 6
            v0 += v4 + m9; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m14; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m11; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m5; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m8; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m12; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m15; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m1; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m13; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m3; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m0; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m10; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m2; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m6; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m4; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m7; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            // Round 7
            v0 += v4 + m11; v12 = R16(v12 ^ v0); v8 += v12; v4 = R12(v4 ^ v8); v0 += v4 + m15; v12 = R8(v12 ^ v0); v8 += v12; v4 = R7(v4 ^ v8);
            v1 += v5 + m5; v13 = R16(v13 ^ v1); v9 += v13; v5 = R12(v5 ^ v9); v1 += v5 + m0; v13 = R8(v13 ^ v1); v9 += v13; v5 = R7(v5 ^ v9);
            v2 += v6 + m1; v14 = R16(v14 ^ v2); v10 += v14; v6 = R12(v6 ^ v10); v2 += v6 + m9; v14 = R8(v14 ^ v2); v10 += v14; v6 = R7(v6 ^ v10);
            v3 += v7 + m8; v15 = R16(v15 ^ v3); v11 += v15; v7 = R12(v7 ^ v11); v3 += v7 + m6; v15 = R8(v15 ^ v3); v11 += v15; v7 = R7(v7 ^ v11);
            v0 += v5 + m14; v15 = R16(v15 ^ v0); v10 += v15; v5 = R12(v5 ^ v10); v0 += v5 + m10; v15 = R8(v15 ^ v0); v10 += v15; v5 = R7(v5 ^ v10);
            v1 += v6 + m2; v12 = R16(v12 ^ v1); v11 += v12; v6 = R12(v6 ^ v11); v1 += v6 + m12; v12 = R8(v12 ^ v1); v11 += v12; v6 = R7(v6 ^ v11);
            v2 += v7 + m3; v13 = R16(v13 ^ v2); v8 += v13; v7 = R12(v7 ^ v8); v2 += v7 + m4; v13 = R8(v13 ^ v2); v8 += v13; v7 = R7(v7 ^ v8);
            v3 += v4 + m7; v14 = R16(v14 ^ v3); v9 += v14; v4 = R12(v4 ^ v9); v3 += v4 + m13; v14 = R8(v14 ^ v3); v9 += v14; v4 = R7(v4 ^ v9);
            h0 = v0 ^ v8; h1 = v1 ^ v9; h2 = v2 ^ v10; h3 = v3 ^ v11;
            h4 = v4 ^ v12; h5 = v5 ^ v13; h6 = v6 ^ v14; h7 = v7 ^ v15;
        }
        var l0 = h0.GetLower(); var l1 = h1.GetLower(); var l2 = h2.GetLower(); var l3 = h3.GetLower();
        var l4 = h4.GetLower(); var l5 = h5.GetLower(); var l6 = h6.GetLower(); var l7 = h7.GetLower();
        Transpose8(ref l0, ref l1, ref l2, ref l3, ref l4, ref l5, ref l6, ref l7);
        l0.Store((uint*)output); l1.Store((uint*)(output + 32)); l2.Store((uint*)(output + 64)); l3.Store((uint*)(output + 96));
        l4.Store((uint*)(output + 128)); l5.Store((uint*)(output + 160)); l6.Store((uint*)(output + 192)); l7.Store((uint*)(output + 224));
        l0 = h0.GetUpper(); l1 = h1.GetUpper(); l2 = h2.GetUpper(); l3 = h3.GetUpper();
        l4 = h4.GetUpper(); l5 = h5.GetUpper(); l6 = h6.GetUpper(); l7 = h7.GetUpper();
        Transpose8(ref l0, ref l1, ref l2, ref l3, ref l4, ref l5, ref l6, ref l7);
        byte* o2 = output + 256;
        l0.Store((uint*)o2); l1.Store((uint*)(o2 + 32)); l2.Store((uint*)(o2 + 64)); l3.Store((uint*)(o2 + 96));
        l4.Store((uint*)(o2 + 128)); l5.Store((uint*)(o2 + 160)); l6.Store((uint*)(o2 + 192)); l7.Store((uint*)(o2 + 224));
    }
}
