using Provenant.Core.Collections;

namespace Provenant.Ledger.Tiles;

/// <summary>
/// A bounded, thread-safe cache of perfect subtree hashes by (height, index), for heights that tiles do not store
/// (not multiples of 8), which <see cref="TiledHashSource"/> would otherwise rebuild from up to 128 tile hashes per
/// proof step. A perfect subtree of an append-only log never changes, so entries never go stale; when
/// <see cref="Capacity"/> is reached the cache is emptied and refills with what proofs use.
/// </summary>
/// <remarks>
/// It also keeps the hashes of recent subtrees that are not perfect (<c>[start, end)</c> with <c>end</c> at the tree's
/// right edge): every inclusion proof against one checkpoint asks for a few of the same ones, which are otherwise folded
/// again from up to ⌈log2 n⌉ perfect parts per proof. They never go stale either (a valid subtree of an append-only
/// log has one hash), but each tree size brings new ones, so they are held apart, in at most
/// <see cref="RangeCapacity"/> entries.
/// </remarks>
/// <param name="capacity">Most hashes held (≈ 120 bytes each); default 262,144 (≈ 30 MiB).</param>
public sealed class SubtreeHashMemo(int capacity = 1 << 18)
{
    private readonly BoundedCache<(int Height, ulong Index), byte[]> _hashes = new(capacity);
    private readonly BoundedCache<(ulong Start, ulong End), byte[]> _ranges = new(RangeCapacity);

    /// <summary>Most hashes of subtrees that are not perfect held (≈ 130 bytes each).</summary>
    public const int RangeCapacity = 4096;

    /// <summary>Most hashes held.</summary>
    public int Capacity => _hashes.Capacity;

    /// <summary>The stored hash of the perfect subtree of <paramref name="height"/> at <paramref name="index"/>, if any.</summary>
    public bool TryGet(int height, ulong index, out byte[] hash) => _hashes.TryGet((height, index), out hash);

    /// <summary>Stores a computed perfect subtree hash (32 bytes; callers must not change the array afterwards).</summary>
    public void Add(int height, ulong index, byte[] hash) => _hashes.Add((height, index), hash);

    /// <summary>The stored hash of the valid subtree <c>[start, end)</c>, if any.</summary>
    public bool TryGetRange(ulong start, ulong end, out byte[] hash) => _ranges.TryGet((start, end), out hash);

    /// <summary>Stores a computed hash of the valid subtree <c>[start, end)</c> (32 bytes; callers must not change the array afterwards).</summary>
    public void AddRange(ulong start, ulong end, byte[] hash) => _ranges.Add((start, end), hash);
}
