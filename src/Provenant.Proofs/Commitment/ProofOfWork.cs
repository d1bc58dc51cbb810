using System.Buffers.Binary;
using System.Security.Cryptography;
using Provenant.Proofs.FiatShamir;

namespace Provenant.Proofs.Commitment;

/// <summary>
/// Proof-of-work grinding bound into the Fiat–Shamir transcript before the PCS query positions are drawn: a 32-byte
/// seed is squeezed under "pcs/pow-seed", the prover finds the smallest 64-bit nonce with
/// SHA-256("pcs-pow/v1" ‖ seed ‖ u64 LE nonce) starting with g zero bits (50 bytes, one compression; most significant bit of byte 0
/// first), and the nonce is absorbed under "pcs/pow-nonce". Each attempt to re-randomize the queries then costs a
/// forger 2^g hashes, which adds g bits to the query term (ethSTARK documentation §6; Plonky2 "proof-of-work bits").
/// </summary>
public static class ProofOfWork
{
    private static ReadOnlySpan<byte> Domain => "pcs-pow/v1"u8;

    private const int SeedLength = 32;

    private const int Block = 1 << 14;

    /// <summary>Squeezes the seed, finds the smallest valid nonce (in parallel, same result on any thread count) and absorbs it.</summary>
    /// <returns>The nonce, to be sent in the proof.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> outside [1, 40].</exception>
    public static ulong Grind(Transcript transcript, int bits)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 40);
        var seed = Seed(transcript);
        int lanes = Math.Max(1, Environment.ProcessorCount);
        for (ulong start = 0; ; start += (ulong)(lanes * Block))
        {
            var found = new ulong[lanes];
            Parallel.For(0, lanes, lane =>
            {
                found[lane] = ulong.MaxValue;
                ulong first = start + (ulong)(lane * Block);
                for (ulong nonce = first; nonce < first + Block; nonce++)
                {
                    if (IsValid(seed, nonce, bits))
                    {
                        found[lane] = nonce;
                        return;
                    }
                }
            });
            ulong best = found.Min();
            if (best != ulong.MaxValue)
            {
                transcript.Absorb("pcs/pow-nonce", best);
                return best;
            }
        }
    }

    /// <summary>Squeezes the seed, checks <paramref name="nonce"/> and absorbs it; false if it has fewer than g leading zero bits.</summary>
    public static bool Verify(Transcript transcript, int bits, ulong nonce)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        var seed = Seed(transcript);
        bool ok = IsValid(seed, nonce, bits);
        transcript.Absorb("pcs/pow-nonce", nonce);
        return ok;
    }

    private static byte[] Seed(Transcript transcript)
    {
        var seed = new byte[SeedLength];
        transcript.Squeeze("pcs/pow-seed", seed);
        return seed;
    }

    /// <summary>True when SHA-256(domain ‖ seed ‖ nonce) has at least <paramref name="bits"/> leading zero bits.</summary>
    internal static bool IsValid(ReadOnlySpan<byte> seed, ulong nonce, int bits)
    {
        Span<byte> input = stackalloc byte[Domain.Length + SeedLength + 8];
        Domain.CopyTo(input);
        seed.CopyTo(input[Domain.Length..]);
        BinaryPrimitives.WriteUInt64LittleEndian(input[(Domain.Length + SeedLength)..], nonce);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(input, digest);
        ulong head = BinaryPrimitives.ReadUInt64BigEndian(digest);
        return bits <= 0 || (bits <= 64 && (head >> (64 - bits)) == 0);
    }
}
