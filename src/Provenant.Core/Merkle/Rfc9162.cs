using System.Runtime.CompilerServices;
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
        HashLeaf(leafInput, h);
        return h;
    }

    /// <summary>Leaf hash SHA-256(0x00 ‖ <paramref name="leafInput"/>) written into <paramref name="destination"/>
    /// (32 bytes). Inputs up to <see cref="OneShotLeafBytes"/> are hashed in one call over a pooled copy with the prefix
    /// (a hash context per leaf costs more than the copy); longer ones stream through an incremental hash.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public static void HashLeaf(ReadOnlySpan<byte> leafInput, Span<byte> destination)
    {
        if (destination.Length < HashSize) throw new ArgumentException("the leaf hash needs 32 bytes", nameof(destination));
        if (leafInput.Length <= OneShotLeafBytes)
        {
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(leafInput.Length + 1);
            buffer[0] = 0x00;
            leafInput.CopyTo(buffer.AsSpan(1));
            SHA256.HashData(buffer.AsSpan(0, leafInput.Length + 1), destination);
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            return;
        }
        using var inc = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        inc.AppendData([0x00]);
        inc.AppendData(leafInput);
        inc.GetHashAndReset(destination);
    }

    /// <summary>
    /// Leaf hash of a message that already begins with the leaf prefix: SHA-256(<paramref name="prefixedLeafInput"/>), where
    /// <paramref name="prefixedLeafInput"/> is <c>0x00 ‖ d</c> — the same value as <c>HashLeaf(d)</c>, in one SHA-256 call
    /// without copying <c>d</c> (for readers that build each record after a reserved first byte).
    /// </summary>
    /// <exception cref="ArgumentException">The input is empty or does not begin with 0x00, or <paramref name="destination"/> is shorter than 32 bytes.</exception>
    public static void HashPrefixedLeaf(ReadOnlySpan<byte> prefixedLeafInput, Span<byte> destination)
    {
        if (prefixedLeafInput.IsEmpty || prefixedLeafInput[0] != 0x00) throw new ArgumentException("a prefixed leaf input begins with 0x00", nameof(prefixedLeafInput));
        if (destination.Length < HashSize) throw new ArgumentException("the leaf hash needs 32 bytes", nameof(destination));
        SHA256.HashData(prefixedLeafInput, destination);
    }

    /// <summary>The longest leaf input <see cref="HashLeaf(ReadOnlySpan{byte}, Span{byte})"/> copies to hash in one call (64 KiB).</summary>
    public const int OneShotLeafBytes = 1 << 16;

    /// <summary>Interior node hash: SHA-256(0x01 ‖ <paramref name="left"/> ‖ <paramref name="right"/>).</summary>
    /// <exception cref="ArgumentException">Either child is not 32 bytes.</exception>
    public static byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var result = new byte[HashSize];
        HashChildren(left, right, result);
        return result;
    }

    /// <summary>
    /// Interior node hash written into <paramref name="destination"/> (32 bytes), which may overlap either child.
    /// </summary>
    internal static void HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        if (left.Length != HashSize || right.Length != HashSize)
        {
            throw new ArgumentException("Merkle node children must be 32-byte hashes");
        }
        Span<byte> buf = stackalloc byte[1 + 2 * HashSize];
        buf[0] = 0x01;
        left.CopyTo(buf[1..]);
        right.CopyTo(buf[(1 + HashSize)..]);
        SHA256.HashData(buf, destination);
    }

    /// <summary>
    /// The tree head (root) over already-computed leaf hashes, in order (RFC 9162 §2.1.1). O(n) hashing. From
    /// <see cref="PackedRootMinLeaves"/> to <see cref="PackedRootMaxLeaves"/> leaves, where 256-bit vectors are
    /// accelerated, the leaves are copied into one pooled buffer and hashed level by level, eight sibling pairs per pass
    /// (<see cref="RootFromLeafHashesInPlace"/>: about twice as fast as one native call per interior node at 256 leaves);
    /// otherwise iteratively with O(log n) working memory. Both give the same root.
    /// </summary>
    /// <param name="leafHashes">The leaf hashes, each 32 bytes.</param>
    /// <returns>The 32-byte root; <see cref="EmptyRoot"/> for an empty list.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="leafHashes"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException">A leaf hash is not 32 bytes.</exception>
    public static byte[] RootFromLeafHashes(IReadOnlyList<byte[]> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        var n = leafHashes.Count;
        if (n < PackedRootMinLeaves || n > PackedRootMaxLeaves || !Hashing.Sha256Lanes.IsAccelerated)
        {
            return RangeRoot(leafHashes, 0, n);
        }
        var packed = System.Buffers.ArrayPool<byte>.Shared.Rent(n * HashSize);
        try
        {
            for (var i = 0; i < n; i++) RequireHash(leafHashes, i).CopyTo(packed, i * HashSize);
            return RootFromLeafHashesInPlace(packed.AsSpan(0, n * HashSize), n);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(packed);
        }
    }

    /// <summary>The fewest leaves <see cref="RootFromLeafHashes"/> packs for the vector path (two full passes of lanes).</summary>
    public const int PackedRootMinLeaves = 16;

    /// <summary>The most leaves <see cref="RootFromLeafHashes"/> packs (a 2 MiB buffer); larger lists stream.</summary>
    public const int PackedRootMaxLeaves = 1 << 16;

    /// <summary>
    /// MTH of the leaf hashes [<paramref name="start"/>, <paramref name="end"/>) treated as a tree of their own,
    /// computed with a stack of at most 64 perfect-subtree roots (the range's compact decomposition).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static byte[] RangeRoot(IReadOnlyList<byte[]> leafHashes, int start, int end)
    {
        var n = end - start;
        if (n <= 0) return EmptyRoot();
        if (n == 1) return (byte[])RequireHash(leafHashes, start).Clone();
        Span<byte> stack = stackalloc byte[64 * HashSize];
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var depth = 0;
        for (var i = 0; i < n; i++)
        {
            RequireHash(leafHashes, start + i).CopyTo(stack.Slice(depth * HashSize, HashSize));
            depth++;
            // Binary-counter merge: after i+1 leaves, merge once per trailing zero bit of i+1.
            for (var c = (uint)(i + 1); (c & 1) == 0; c >>= 1)
            {
                depth--;
                var left = stack.Slice((depth - 1) * HashSize, HashSize);
                HashChildren(sha256, left, stack.Slice(depth * HashSize, HashSize), left);
            }
        }
        FoldRight(stack, depth);
        return stack[..HashSize].ToArray();
    }

    /// <summary>
    /// The RFC 9162 root of <paramref name="count"/> 32-byte leaf hashes laid end to end in <paramref name="leafHashes"/>,
    /// computed level by level in place (an odd last node moves up unchanged, which gives MTH's split at the largest
    /// power of two below the size, §2.1.1). Eight sibling pairs are hashed per pass in vector lanes
    /// (<see cref="Hashing.Sha256Lanes"/>) where the hardware has 256-bit vectors, the rest with one reused SHA-256
    /// context. <paramref name="leafHashes"/> is overwritten. Equals <see cref="RootFromLeafHashes"/> over the same leaves.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="leafHashes"/> is shorter than <paramref name="count"/> hashes.</exception>
    public static byte[] RootFromLeafHashesInPlace(Span<byte> leafHashes, int count)
    {
        const int h = HashSize;
        const int lanes = Hashing.Sha256Lanes.Lanes;
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (leafHashes.Length < (long)count * h) throw new ArgumentException($"{leafHashes.Length} bytes hold fewer than {count} hashes", nameof(leafHashes));
        if (count == 0) return EmptyRoot();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var n = count; n > 1; n = (n + 1) / 2)
        {
            var i = 0;
            if (Hashing.Sha256Lanes.IsAccelerated)
            {
                // Eight pairs per pass in vector lanes; pair i's parent lands at i / 2, never past an unread pair.
                for (; i + 2 * lanes <= n; i += 2 * lanes)
                {
                    Hashing.Sha256Lanes.HashChildren(leafHashes.Slice(i * h, 2 * lanes * h), leafHashes.Slice(i / 2 * h, lanes * h));
                }
            }
            for (; i + 1 < n; i += 2)
            {
                HashChildren(sha, leafHashes.Slice(i * h, h), leafHashes.Slice((i + 1) * h, h), leafHashes.Slice(i / 2 * h, h));
            }
            if ((n & 1) == 1) leafHashes.Slice((n - 1) * h, h).CopyTo(leafHashes.Slice((n - 1) / 2 * h, h));
        }
        return leafHashes[..h].ToArray();
    }

    /// <summary>
    /// Interior node hash with a reused SHA-256 context (cheaper than a one-shot hash per node in bulk work);
    /// <paramref name="destination"/> may overlap either child, and both children must be 32 bytes.
    /// </summary>
    internal static void HashChildren(IncrementalHash sha256, ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> buf = stackalloc byte[1 + 2 * HashSize];
        buf[0] = 0x01;
        left.CopyTo(buf[1..]);
        right.CopyTo(buf[(1 + HashSize)..]);
        sha256.AppendData(buf);
        sha256.GetHashAndReset(destination);
    }

    /// <summary>
    /// Folds a stack of <paramref name="depth"/> perfect-subtree roots (largest first) into one root in place:
    /// <c>H(s0, H(s1, … H(s[d-2], s[d-1])))</c>; the result lands in the first 32 bytes.
    /// </summary>
    internal static void FoldRight(Span<byte> stack, int depth)
    {
        while (depth > 1)
        {
            depth--;
            var left = stack.Slice((depth - 1) * HashSize, HashSize);
            HashChildren(left, stack.Slice(depth * HashSize, HashSize), left);
        }
    }

    /// <summary>The leaf hash at <paramref name="index"/>, checked to be 32 bytes.</summary>
    internal static byte[] RequireHash(IReadOnlyList<byte[]> leafHashes, int index)
    {
        var h = leafHashes[index] ?? throw new ArgumentNullException(nameof(leafHashes), $"leaf hash {index} is null");
        if (h.Length != HashSize)
        {
            throw new ArgumentException($"leaf hash {index} is {h.Length} bytes, expected {HashSize}", nameof(leafHashes));
        }
        return h;
    }

    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n ≥ 2).</summary>
    public static ulong LargestPowerOfTwoBelow(ulong n)
    {
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(n), "n must be at least 2");
        return 1UL << (63 - System.Numerics.BitOperations.LeadingZeroCount(n - 1));
    }

    /// <summary>Constant-time equality of two byte strings (false when lengths differ).</summary>
    internal static bool HashEquals(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        a.Length == b.Length && CryptographicOperations.FixedTimeEquals(a, b);
}
