using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Provenant.Core.Hashing;

/// <summary>
/// SHA-256 (FIPS 180-4 §6.2) of eight RFC 9162 interior-node messages at once, one per 32-bit lane of a
/// <see cref="Vector256{T}"/>: <c>SHA-256(0x01 ‖ left ‖ right)</c>, 65 bytes, padded to two blocks. The result is
/// the standard digest whatever the vector width (each lane computes the scalar function; a test compares every lane
/// with the platform's SHA-256). Used by <see cref="Merkle.Rfc9162.RootFromLeafHashesInPlace"/> where the hardware accelerates 256-bit
/// vectors: there is no x86 SHA instruction in .NET, and one call into the native hash costs more than the two
/// compressions of a 65-byte message, so eight messages per pass cost less than eight calls.
/// </summary>
internal static class Sha256Lanes
{
    /// <summary>Messages hashed per pass.</summary>
    public const int Lanes = 8;

    private static readonly uint[] K =
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    private static readonly uint[] Initial = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

    /// <summary>Whether the vector path runs in hardware (otherwise callers should use the native hash).</summary>
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;

    /// <summary>
    /// Hashes eight children pairs: pair i is the 64 bytes <c>left ‖ right</c> at <c>pairs[64 i ..]</c>; its interior
    /// hash goes to <c>destination[32 i ..]</c>. <paramref name="destination"/> may overlap <paramref name="pairs"/>
    /// (everything is read before anything is written).
    /// </summary>
    public static void HashChildren(ReadOnlySpan<byte> pairs, Span<byte> destination)
    {
        if (pairs.Length < Lanes * 64 || destination.Length < Lanes * 32) throw new ArgumentException("eight 64-byte pairs and room for eight hashes are needed");
        // The two padded blocks of each message: 0x01 ‖ l ‖ r ‖ 0x80 ‖ zeros ‖ u64be(520).
        Span<byte> message = stackalloc byte[128];
        Span<uint> words = stackalloc uint[Lanes * 32];
        for (var lane = 0; lane < Lanes; lane++)
        {
            message.Clear();
            message[0] = 0x01;
            pairs.Slice(lane * 64, 64).CopyTo(message[1..]);
            message[65] = 0x80;
            BinaryPrimitives.WriteUInt64BigEndian(message[120..], 65 * 8);
            for (var t = 0; t < 32; t++) words[t * Lanes + lane] = BinaryPrimitives.ReadUInt32BigEndian(message[(4 * t)..]);
        }
        Span<Vector256<uint>> state = stackalloc Vector256<uint>[8];
        for (var i = 0; i < 8; i++) state[i] = Vector256.Create(Initial[i]);
        Compress(state, words[..(16 * Lanes)]);
        Compress(state, words[(16 * Lanes)..]);
        Span<uint> lanes = stackalloc uint[Lanes];
        for (var i = 0; i < 8; i++)
        {
            state[i].CopyTo(lanes);
            for (var lane = 0; lane < Lanes; lane++) BinaryPrimitives.WriteUInt32BigEndian(destination[(lane * 32 + 4 * i)..], lanes[lane]);
        }
    }

    // One compression of a block per lane; block word t of lane j is block[t * Lanes + j].
    private static void Compress(Span<Vector256<uint>> state, ReadOnlySpan<uint> block)
    {
        Span<Vector256<uint>> w = stackalloc Vector256<uint>[64];
        for (var t = 0; t < 16; t++) w[t] = Vector256.Create(block.Slice(t * Lanes, Lanes));
        for (var t = 16; t < 64; t++)
        {
            var x = w[t - 15];
            var y = w[t - 2];
            var s0 = Rotr(x, 7) ^ Rotr(x, 18) ^ Vector256.ShiftRightLogical(x, 3);
            var s1 = Rotr(y, 17) ^ Rotr(y, 19) ^ Vector256.ShiftRightLogical(y, 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7]);
        for (var t = 0; t < 64; t++)
        {
            var t1 = h + (Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25)) + ((e & f) ^ Vector256.AndNot(g, e)) + Vector256.Create(K[t]) + w[t];
            var t2 = (Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            (h, g, f, e, d, c, b, a) = (g, f, e, d + t1, c, b, a, t1 + t2);
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rotr(Vector256<uint> x, int n) => Vector256.ShiftRightLogical(x, n) | Vector256.ShiftLeft(x, 32 - n);
}
