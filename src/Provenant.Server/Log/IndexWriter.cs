using System.Threading.Channels;
using Provenant.Ledger.Provenance;

namespace Provenant.Server.Log;

/// <summary>
/// Writes accepted submissions to the provenance index in batches, as the log's sequencer does for entries: concurrent
/// submissions share one store transaction (one fsync) instead of one each. <see cref="WriteAsync"/> completes once
/// its entry's batch is durable, or faults with the store's exception.
/// </summary>
public sealed class IndexWriter : IAsyncDisposable
{
    /// <summary>Most entries written in one transaction.</summary>
    public const int MaxBatch = 1000;

    private readonly IProvenanceIndex _index;
    private readonly Channel<(IndexedEntry Entry, TaskCompletionSource Done)> _queue = Channel.CreateUnbounded<(IndexedEntry, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    /// <summary>Starts the writer over <paramref name="index"/>.</summary>
    public IndexWriter(IProvenanceIndex index)
    {
        _index = index;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues <paramref name="entry"/> and waits until it is durably indexed.</summary>
    /// <exception cref="ObjectDisposedException">The writer is shut down.</exception>
    public Task WriteAsync(IndexedEntry entry)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((entry, done))) throw new ObjectDisposedException(nameof(IndexWriter), "the index writer is shut down");
        return done.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<(IndexedEntry Entry, TaskCompletionSource Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            try
            {
                _index.IndexEntries([.. batch.Select(b => b.Entry)]);
                foreach (var b in batch) b.Done.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var b in batch) b.Done.TrySetException(e);
            }
        }
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
