using System.Collections;

namespace Provenant.Core.Merkle;

/// <summary>
/// RFC 9162 leaf hashes kept end to end in one growing buffer (32 bytes each) instead of one array per leaf, for passes
/// over many records: no allocation per leaf, and the root is computed level by level with vector lanes
/// (<see cref="Rfc9162.RootFromLeafHashesInPlace"/>). As a list, element i is a new copy of leaf hash i.
/// </summary>
public sealed class PackedLeafHashes : IReadOnlyList<byte[]>
{
    /// <summary>The most leaves one buffer holds (its bytes stay within <see cref="Array.MaxLength"/>).</summary>
    public static readonly int MaxCount = Array.MaxLength / Rfc9162.HashSize;

    private byte[] _hashes;

    /// <summary>An empty list with room for <paramref name="capacity"/> leaves before it grows (e.g. a commitment's
    /// record count; the room is not touched until written).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public PackedLeafHashes(int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _hashes = GC.AllocateUninitializedArray<byte>(Math.Min(Math.Max(capacity, 1), MaxCount) * Rfc9162.HashSize);
    }

    /// <summary>Leaves appended so far.</summary>
    public int Count { get; private set; }

    /// <summary>A copy of leaf hash <paramref name="index"/> (32 bytes).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="Count"/>.</exception>
    public byte[] this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _hashes.AsSpan(index * Rfc9162.HashSize, Rfc9162.HashSize).ToArray();
        }
    }

    /// <summary>Appends a leaf and returns its 32 bytes to be written (e.g. by <see cref="Rfc9162.HashPrefixedLeaf"/>);
    /// the span is valid until the next append.</summary>
    /// <exception cref="InvalidOperationException">The buffer already holds <see cref="MaxCount"/> leaves.</exception>
    public Span<byte> Append()
    {
        if (Count == MaxCount) throw new InvalidOperationException($"at most {MaxCount} leaf hashes fit in one buffer");
        var at = Count * Rfc9162.HashSize;
        if (at == _hashes.Length)
        {
            var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min((long)_hashes.Length * 2, (long)MaxCount * Rfc9162.HashSize));
            _hashes.CopyTo(grown, 0);
            _hashes = grown;
        }
        Count++;
        return _hashes.AsSpan(at, Rfc9162.HashSize);
    }

    /// <summary>The RFC 9162 root over the leaves so far (the empty-tree hash when there are none); the leaves are kept.</summary>
    public byte[] Root()
    {
        var work = _hashes.AsSpan(0, Count * Rfc9162.HashSize).ToArray();
        return Rfc9162.RootFromLeafHashesInPlace(work, Count);
    }

    /// <summary>Copies of the leaf hashes in order.</summary>
    public IEnumerator<byte[]> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
