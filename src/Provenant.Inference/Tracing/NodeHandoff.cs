namespace Provenant.Inference.Tracing;

/// <summary>
/// The single-producer, single-consumer queue between the engine thread and the trace hasher (<see cref="TraceRecorder"/>
/// with <c>hashOnWorker</c>): a ring of <see cref="Capacity"/> slots published with release/acquire index writes, so a
/// hand-off costs two memory writes and no lock or system call. Both sides spin (yielding, never sleeping) while they
/// wait: the consumer for the next node, the producer for a free slot. Items come out in the order they went in.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class NodeHandoff<T>
{
    /// <summary>Slots in the ring (a power of two): the most nodes waiting for the hasher before the engine waits.</summary>
    public const int Capacity = 64;

    private readonly T[] _slots = new T[Capacity];
    private long _head; // next slot to read; written by the consumer only
    private long _tail; // next slot to write; written by the producer only
    private volatile bool _completed;

    /// <summary>Producer: appends <paramref name="item"/>, waiting while the ring is full.</summary>
    public void Add(T item)
    {
        var tail = _tail;
        var spin = new SpinWait();
        while (tail - Volatile.Read(ref _head) >= Capacity)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
        _slots[tail & (Capacity - 1)] = item;
        Volatile.Write(ref _tail, tail + 1);
    }

    /// <summary>Producer: no more items will be added.</summary>
    public void Complete() => _completed = true;

    /// <summary>Consumer: the next item, waiting for it; false once the producer completed and the ring is empty.</summary>
    public bool TryTake(out T item)
    {
        var head = _head;
        var spin = new SpinWait();
        while (Volatile.Read(ref _tail) == head)
        {
            if (_completed && Volatile.Read(ref _tail) == head)
            {
                item = default!;
                return false;
            }
            spin.SpinOnce(sleep1Threshold: -1);
        }
        var slot = head & (Capacity - 1);
        item = _slots[slot];
        _slots[slot] = default!;
        Volatile.Write(ref _head, head + 1);
        return true;
    }
}
