using System.Collections.Concurrent;

namespace Provenant.Core.Collections;

/// <summary>
/// A thread-safe cache of values that never go stale (immutable log entries, perfect subtree hashes, verification
/// results of immutable artifacts), bounded by <see cref="Capacity"/>: when it is reached the cache is emptied and
/// refills with what is used. The count is kept with <see cref="Interlocked"/> because
/// <see cref="ConcurrentDictionary{TKey, TValue}.Count"/> takes every bucket lock, which serialises concurrent callers.
/// The bound is approximate under races (by at most the number of concurrent writers).
/// </summary>
/// <typeparam name="TKey">The key.</typeparam>
/// <typeparam name="TValue">The value (callers must not change it once added).</typeparam>
public sealed class BoundedCache<TKey, TValue> where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _items;
    private int _count;

    /// <summary>A cache of at most <paramref name="capacity"/> values.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public BoundedCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        Capacity = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "the capacity must be positive");
        _items = new ConcurrentDictionary<TKey, TValue>(comparer);
    }

    /// <summary>Most values held.</summary>
    public int Capacity { get; }

    /// <summary>The value cached for <paramref name="key"/>, if any.</summary>
    public bool TryGet(TKey key, out TValue value) => _items.TryGetValue(key, out value!);

    /// <summary>Caches <paramref name="value"/> for <paramref name="key"/> (keeps the first value when two threads race).</summary>
    public void Add(TKey key, TValue value)
    {
        if (Volatile.Read(ref _count) >= Capacity)
        {
            Interlocked.Exchange(ref _count, 0);
            _items.Clear();
        }
        if (_items.TryAdd(key, value)) Interlocked.Increment(ref _count);
    }

    /// <summary>The cached value for <paramref name="key"/>, or <paramref name="compute"/>'s result, cached.</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        if (_items.TryGetValue(key, out var v)) return v;
        v = compute(key);
        Add(key, v);
        return v;
    }
}
