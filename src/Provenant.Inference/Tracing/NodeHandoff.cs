namespace Provenant.Inference.Tracing;

/// <summary>
/// The single-producer, single-consumer queue between the engine thread and the trace hasher (<see cref="TraceRecorder"/>
/// with <c>hashOnWorker</c>): a ring of <see cref="Capacity"/> slots, with one semaphore counting the items (plus one
/// permit for completion) and one counting the free slots. <see cref="SemaphoreSlim"/> spins briefly before it blocks,
/// so a hand-off costs no system call while both threads run, and a waiting side sleeps rather than spins when the
/// machine has no free core. Items come out in the order they went in.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class NodeHandoff<T> : IDisposable
{
    /// <summary>Slots in the ring (a power of two): the most nodes waiting for the hasher before the engine waits.</summary>
    public const int Capacity = 64;

    private readonly T[] _slots = new T[Capacity];
    private readonly SemaphoreSlim _items = new(0);
    private readonly SemaphoreSlim _free = new(Capacity);
    private long _head; // next slot to read; consumer only
    private long _tail; // next slot to write; producer only

    /// <summary>Producer: appends <paramref name="item"/>, waiting while the ring is full.</summary>
    public void Add(T item)
    {
        _free.Wait();
        _slots[_tail & (Capacity - 1)] = item;
        Volatile.Write(ref _tail, _tail + 1);
        _items.Release();
    }

    private bool _completed;

    /// <summary>Producer: no more items will be added (after the last <see cref="Add"/>). Idempotent.</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        _items.Release();
    }

    /// <summary>Consumer: the next item, waiting for it; false once the producer completed and every item was taken.</summary>
    public bool TryTake(out T item)
    {
        _items.Wait();
        if (Volatile.Read(ref _tail) == _head)
        {
            item = default!;
            return false; // the completion permit: every item's permit came before it
        }
        var slot = _head & (Capacity - 1);
        item = _slots[slot];
        _slots[slot] = default!;
        _head++;
        _free.Release();
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _items.Dispose();
        _free.Dispose();
    }
}
