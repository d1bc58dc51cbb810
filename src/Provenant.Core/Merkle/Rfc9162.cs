using System.Security.Cryptography;

namespace Provenant.Core.Merkle;

/// <summary>
/// RFC 9162 §2.1.1 Merkle Tree Hash with SHA-256:
/// <c>MTH({}) = SHA-256()</c>, leaf hash <c>SHA-256(0x00 ‖ d)</c>, interior node <c>SHA-256(0x01 ‖ left ‖ right)</c>,
/// and for n &gt; 1 leaves the split point k is the largest power of two smaller than n.
/// All hashes are 32 bytes.
/// </summary>
public static class Rfc9162
{
    /// <summary>Hash size in bytes.</summary>
    public const int HashSize = 32;

    /// <summary>The root of the empty tree, SHA-256 of the empty string.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>Leaf hash: SHA-256(0x00 ‖ <paramref name="leafInput"/>).</summary>
    public static byte[] HashLeaf(ReadOnlySpan<byte> leafInput)
    {
        var h = new byte[HashSize];
        using var inc = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        inc.AppendData([0x00]);
        inc.AppendData(leafInput);
        inc.GetHashAndReset(h);
        return h;
    }

    /// <summary>Interior node hash: SHA-256(0x01 ‖ <paramref name="left"/> ‖ <paramref name="right"/>).</summary>
    /// <exception cref="ArgumentException">Either child is not 32 bytes.</exception>
    public static byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != HashSize || right.Length != HashSize)
        {
            throw new ArgumentException("Merkle node children must be 32-byte hashes");
        }
        Span<byte> buf = stackalloc byte[1 + 2 * HashSize];
        buf[0] = 0x01;
        left.CopyTo(buf[1..]);
        right.CopyTo(buf[(1 + HashSize)..]);
        return SHA256.HashData(buf);
    }

    /// <summary>The tree head (root) over already-computed leaf hashes, in order.</summary>
    public static byte[] RootFromLeafHashes(IReadOnlyList<byte[]> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        return leafHashes.Count == 0 ? EmptyRoot() : SubtreeRoot(leafHashes, 0, leafHashes.Count);
    }

    /// <summary>Root of the subtree over leaf hashes [<paramref name="start"/>, <paramref name="end"/>).</summary>
    internal static byte[] SubtreeRoot(IReadOnlyList<byte[]> leafHashes, int start, int end)
    {
        var n = end - start;
        if (n == 1) return leafHashes[start];
        var k = LargestPowerOfTwoBelow((ulong)n);
        return HashChildren(SubtreeRoot(leafHashes, start, start + (int)k), SubtreeRoot(leafHashes, start + (int)k, end));
    }

    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n ≥ 2).</summary>
    public static ulong LargestPowerOfTwoBelow(ulong n)
    {
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(n), "n must be at least 2");
        return 1UL << (63 - System.Numerics.BitOperations.LeadingZeroCount(n - 1));
    }
}
