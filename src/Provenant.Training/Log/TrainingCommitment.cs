using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Provenant.Training.Log;

/// <summary>
/// The commitment that fixes a logged run's randomness before it starts (docs/training.md, "Training log"):
/// <code>
/// commitment = SHA-256("provenant-pol/v1\0" ‖ dataset records root (32) ‖ config digest (32) ‖ u8 len(nonce) ‖ nonce)
/// seed       = first 8 bytes of commitment, little-endian
/// </code>
/// The seed replaces the configuration's <c>seed</c> member, so the train/test split, the data order and the
/// initial weights are functions of (dataset, configuration, nonce) and cannot be chosen after the fact. A nonce the
/// trainer picks freely can be ground (tried many times for a favourable order); to rule that out, take it from a
/// source the trainer does not control, e.g. a transparency-log checkpoint hash published after the dataset commitment.
/// </summary>
public static class TrainingCommitment
{
    /// <summary>Longest nonce, in bytes.</summary>
    public const int MaxNonceBytes = 64;

    private static readonly byte[] Domain = "provenant-pol/v1\0"u8.ToArray();

    /// <summary>The 32-byte commitment.</summary>
    /// <exception cref="ArgumentException">A digest is not 32 bytes or the nonce is longer than <see cref="MaxNonceBytes"/>.</exception>
    public static byte[] Compute(ReadOnlySpan<byte> datasetRoot, ReadOnlySpan<byte> configDigest, ReadOnlySpan<byte> nonce)
    {
        if (datasetRoot.Length != 32 || configDigest.Length != 32)
        {
            throw new ArgumentException("the dataset root and config digest are 32-byte SHA-256 values");
        }
        if (nonce.Length > MaxNonceBytes)
        {
            throw new ArgumentException($"the nonce is at most {MaxNonceBytes} bytes", nameof(nonce));
        }
        var buffer = new byte[Domain.Length + 64 + 1 + nonce.Length];
        Domain.CopyTo(buffer, 0);
        datasetRoot.CopyTo(buffer.AsSpan(Domain.Length));
        configDigest.CopyTo(buffer.AsSpan(Domain.Length + 32));
        buffer[Domain.Length + 64] = (byte)nonce.Length;
        nonce.CopyTo(buffer.AsSpan(Domain.Length + 65));
        return SHA256.HashData(buffer);
    }

    /// <summary>The training seed of <paramref name="commitment"/> (its first 8 bytes, little-endian).</summary>
    public static ulong SeedOf(ReadOnlySpan<byte> commitment) => BinaryPrimitives.ReadUInt64LittleEndian(commitment);
}
