namespace Provenant.Core.Merkle;

/// <summary>
/// Streaming RFC 9162 §2.1.1 tree builder (a compact range over [0, Size)): append leaf hashes one at a time and read
/// the root at any point, using O(log n) memory — at most 64 perfect-subtree roots of 32 bytes (2 KiB) whatever the size.
/// <see cref="Root"/> equals <see cref="Rfc9162.RootFromLeafHashes"/> over the same leaves. Not thread-safe.
/// </summary>
public sealed class MerkleTreeBuilder
{
    private readonly byte[] _stack = new byte[64 * Rfc9162.HashSize];
    private int _depth;

    /// <summary>Number of leaves appended so far.</summary>
    public ulong Size { get; private set; }

    /// <summary>Appends an already-computed 32-byte leaf hash.</summary>
    /// <param name="leafHash">SHA-256(0x00 ‖ entry), 32 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="leafHash"/> is not 32 bytes.</exception>
    /// <exception cref="InvalidOperationException">The tree already holds 2^64 − 1 leaves.</exception>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != Rfc9162.HashSize)
        {
            throw new ArgumentException($"leaf hash is {leafHash.Length} bytes, expected {Rfc9162.HashSize}", nameof(leafHash));
        }
        if (Size == ulong.MaxValue) throw new InvalidOperationException("the tree is full");
        var stack = _stack.AsSpan();
        leafHash.CopyTo(stack.Slice(_depth * Rfc9162.HashSize, Rfc9162.HashSize));
        _depth++;
        Size++;
        for (var c = Size; (c & 1) == 0; c >>= 1)
        {
            _depth--;
            var left = stack.Slice((_depth - 1) * Rfc9162.HashSize, Rfc9162.HashSize);
            Rfc9162.HashChildren(left, stack.Slice(_depth * Rfc9162.HashSize, Rfc9162.HashSize), left);
        }
    }

    /// <summary>Hashes an entry as a leaf (SHA-256(0x00 ‖ <paramref name="entry"/>)) and appends it.</summary>
    /// <param name="entry">The raw leaf input.</param>
    public void AppendLeaf(ReadOnlySpan<byte> entry) => Append(Rfc9162.HashLeaf(entry));

    /// <summary>The root of the tree over the leaves appended so far (32 bytes; the empty-tree hash when Size is 0).</summary>
    public byte[] Root()
    {
        if (_depth == 0) return Rfc9162.EmptyRoot();
        Span<byte> copy = stackalloc byte[_depth * Rfc9162.HashSize];
        _stack.AsSpan(0, copy.Length).CopyTo(copy);
        Rfc9162.FoldRight(copy, _depth);
        return copy[..Rfc9162.HashSize].ToArray();
    }
}
