using Provenant.Core.Collections;

namespace Provenant.Ledger.Tiles;

/// <summary>
/// A bounded, thread-safe cache of perfect subtree hashes by (height, index), for heights that tiles do not store
/// (not multiples of 8), which <see cref="TiledHashSource"/> would otherwise rebuild from up to 128 tile hashes per
/// proof step. A perfect subtree of an append-only log never changes, so entries never go stale; when
/// <see cref="Capacity"/> is reached the cache is emptied and refills with what proofs use.
/// </summary>
/// <param name="capacity">Most hashes held (≈ 120 bytes each); default 262,144 (≈ 30 MiB).</param>
public sealed class SubtreeHashMemo(int capacity = 1 << 18)
{
    private readonly BoundedCache<(int Height, ulong Index), byte[]> _hashes = new(capacity);

    /// <summary>Most hashes held.</summary>
    public int Capacity => _hashes.Capacity;

    /// <summary>The stored hash of the perfect subtree of <paramref name="height"/> at <paramref name="index"/>, if any.</summary>
    public bool TryGet(int height, ulong index, out byte[] hash) => _hashes.TryGet((height, index), out hash);

    /// <summary>Stores a computed perfect subtree hash (32 bytes; callers must not change the array afterwards).</summary>
    public void Add(int height, ulong index, byte[] hash) => _hashes.Add((height, index), hash);
}
