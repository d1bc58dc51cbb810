using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Provenant.Training.Random;

/// <summary>
/// Derives independent <see cref="SplitMix64"/> streams from one 64-bit training seed, so that data order
/// and initialisation are fixed functions of the seed (and, once the training log binds the seed to a
/// commitment, of that commitment). Stream seed = the first 8 bytes, little-endian, of
/// SHA-256(<c>"provenant-train/v1\0"</c> ‖ seed (8 bytes LE) ‖ UTF-8 stream name ‖ 0x00 ‖ index (8 bytes LE)).
/// Stream names used by the trainer: <c>split</c> (train/test split), <c>shuffle</c> (index = epoch),
/// <c>init</c> (index = layer position).
/// </summary>
public static class SeedDerivation
{
    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("provenant-train/v1\0");

    /// <summary>The 64-bit seed of stream (<paramref name="stream"/>, <paramref name="index"/>) under <paramref name="seed"/>.</summary>
    public static ulong StreamSeed(ulong seed, string stream, long index)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var name = Encoding.UTF8.GetBytes(stream);
        var buffer = new byte[Domain.Length + 8 + name.Length + 1 + 8];
        Domain.CopyTo(buffer, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(Domain.Length), seed);
        name.CopyTo(buffer, Domain.Length + 8);
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(buffer.Length - 8), index);
        return BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(buffer));
    }

    /// <summary>A generator for stream (<paramref name="stream"/>, <paramref name="index"/>) under <paramref name="seed"/>.</summary>
    public static SplitMix64 Stream(ulong seed, string stream, long index) => new(StreamSeed(seed, stream, index));
}
