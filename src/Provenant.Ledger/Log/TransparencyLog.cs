using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Provenant.Core;
using Provenant.Core.Merkle;
using Provenant.Ledger.Checkpoints;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Storage;
using Provenant.Ledger.Tiles;

namespace Provenant.Ledger.Log;

/// <summary>
/// An append-only transparency log: entries are queued, integrated into an RFC 9162 tree in batches by one sequencer
/// task, stored as c2sp.org/tlog-tiles tiles, and published under Ed25519-signed c2sp.org/tlog-checkpoint
/// checkpoints (optionally cosigned by k of n c2sp.org/tlog-witness witnesses).
/// </summary>
/// <remarks>
/// Order of durability, which is what keeps every checkpoint the log ever shows consistent, across crashes too:
/// (1) a batch's entries, tiles and tree size are committed and fsync'd; (2) only then is a checkpoint for the new
/// size signed and sent to witnesses; (3) it becomes the published checkpoint; (4) only then are the submitters
/// answered. A crash after (1) loses no acknowledged entry and can only re-sign the same tree.
/// Two tasks do this in a pipeline: the sequencer integrates batch after batch (steps 1) and hands each new tree size
/// and root to the publisher, which signs, witnesses and publishes the latest one it was given (steps 2–4), so one
/// checkpoint can cover several batches and the next batch is integrated while the last one is being published. The
/// checkpoint is stored before it is published when the sequencer is idle, else in the transaction of the batch being
/// integrated or the next one (<see cref="IntegrationBatch.Checkpoint"/>); if the process dies before that,
/// <see cref="OpenAsync"/> publishes the stored tree again (the same note: Ed25519 signatures are deterministic).
/// Entries are deduplicated by leaf hash: a resubmission returns the existing index.
/// </remarks>
public sealed class TransparencyLog : IAsyncDisposable
{
    private readonly ILogStore _store;
    private readonly Ed25519NoteSigner _signer;
    private readonly LogOptions _options;
    private readonly TileCache _tiles;
    private readonly SubtreeHashMemo _memo = new();
    private TreeEdge _edge;
    private readonly Channel<Pending> _queue;
    private readonly ConcurrentDictionary<LeafKey, Pending> _pending = new();
    private readonly List<Pending> _awaitingPublication = []; // guarded by _awaitLock
    private readonly Lock _awaitLock = new();
    private readonly Channel<bool> _publishSignal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private Task _sequencer = Task.CompletedTask;
    private Task _publisher = Task.CompletedTask;
    private volatile IntegratedTree _integrated;
    private PublishedCheckpoint? _checkpointToStore; // published, not yet stored; taken with Interlocked.Exchange
    private int _sequencing; // 1 while the sequencer works on a batch
    private int _pendingCount;
    private int _disposed;
    private long _oldestEnqueuedTicks;
    private volatile PublishedCheckpoint _published;
    private long _publishedAt = Stopwatch.GetTimestamp();

    private TransparencyLog(ILogStore store, Ed25519NoteSigner signer, LogOptions options, TreeEdge edge, PublishedCheckpoint published)
    {
        _store = store;
        _signer = signer;
        _options = options;
        _edge = edge;
        _published = published;
        _integrated = new IntegratedTree(edge.Size, edge.Root());
        _tiles = new TileCache(store, options.TileCacheSize);
        _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    }

    /// <summary>The log's origin (its signer's key name).</summary>
    public string Origin => _signer.Name;

    /// <summary>The latest published checkpoint: its note, parsed text and tree size.</summary>
    public PublishedCheckpoint Published => _published;

    /// <summary>Subtree hashes of the stored tree, for proofs.</summary>
    public IMerkleHashSource HashSource => new TiledHashSource(_tiles, _memo);

    /// <summary>The store backing this log.</summary>
    public ILogStore Store => _store;

    /// <summary>
    /// Opens the log in <paramref name="store"/> (creating it when empty), checks that the stored checkpoint was signed
    /// by <paramref name="signer"/> and matches the stored tree, publishes a checkpoint for the stored tree when needed,
    /// and starts the sequencer.
    /// </summary>
    /// <exception cref="InvalidDataException">The stored checkpoint is not ours or disagrees with the stored tree.</exception>
    public static async Task<TransparencyLog> OpenAsync(ILogStore store, Ed25519NoteSigner signer, LogOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LogOptions();
        var (size, note) = store.Open();
        var edge = TreeEdge.Load(store, size);
        PublishedCheckpoint published;
        if (note is null)
        {
            published = PublishedCheckpoint.Empty(signer.Name);
        }
        else
        {
            var signed = SignedNote.Parse(note, store.Description + " checkpoint");
            var v = signed.Verify([signer.Verifier]);
            if (!v.IsValid) throw new InvalidDataException($"the stored checkpoint is not signed by {signer.Name}: {v.Result.Reason}");
            var cp = Checkpoint.Parse(signed.Text, store.Description + " checkpoint");
            if (cp.Origin != signer.Name) throw new InvalidDataException($"the stored checkpoint's origin '{cp.Origin}' is not the log's '{signer.Name}'");
            if (cp.TreeSize > size) throw new InvalidDataException($"the stored checkpoint has {cp.TreeSize} entries but the store only {size}");
            var root = cp.TreeSize == 0 ? Rfc9162.EmptyRoot() : new TiledHashSource(store).SubtreeHash(0, cp.TreeSize);
            if (!root.AsSpan().SequenceEqual(cp.RootHash)) throw new InvalidDataException($"the stored checkpoint's root for size {cp.TreeSize} does not match the stored tree");
            published = new PublishedCheckpoint(note, cp);
        }
        var log = new TransparencyLog(store, signer, options, edge, published);
        // Without a witness quorum now, the publisher retries (every 0.5 s while the stored tree is ahead of the checkpoint).
        if (published.Checkpoint.TreeSize != size || note is null) await log.PublishAsync(log._integrated, cancellationToken).ConfigureAwait(false);
        log._sequencer = Task.Run(log.RunSequencerAsync, CancellationToken.None);
        log._publisher = Task.Run(log.RunPublisherAsync, CancellationToken.None);
        return log;
    }

    /// <summary>
    /// Appends <paramref name="entry"/> (at most 65,535 bytes) and waits until a published checkpoint includes it.
    /// A resubmission of an entry already in the log returns the existing index with <see cref="LogAppendResult.Duplicate"/> set.
    /// </summary>
    /// <exception cref="ArgumentException">The entry is empty or too large.</exception>
    /// <exception cref="LogOverloadedException">Too many entries waiting, or the maximum merge delay is exceeded.</exception>
    public Task<LogAppendResult> AppendAsync(byte[] entry, CancellationToken cancellationToken = default) => AppendAsync(entry, null, cancellationToken);

    /// <summary>
    /// Appends <paramref name="entry"/> as <see cref="AppendAsync(byte[], CancellationToken)"/> does; when the entry is
    /// new and the store is also an <see cref="Provenance.IProvenanceIndex"/>, <paramref name="record"/> is indexed in
    /// the same transaction that integrates the entry (for a duplicate it is not: the caller re-indexes, idempotently).
    /// </summary>
    /// <exception cref="ArgumentException">The entry is empty or too large.</exception>
    /// <exception cref="LogOverloadedException">Too many entries waiting, or the maximum merge delay is exceeded.</exception>
    public async Task<LogAppendResult> AppendAsync(byte[] entry, Provenance.ProvenanceRecord? record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Length == 0 || entry.Length > EntryBundle.MaxEntrySize) throw new ArgumentException($"a log entry is 1 to {EntryBundle.MaxEntrySize} bytes, not {entry.Length}");
        var leaf = Rfc9162.HashLeaf(entry);
        var key = LeafKey.Of(leaf);
        var mine = new Pending(entry, leaf, record);
        var p = _pending.GetOrAdd(key, mine);
        if (ReferenceEquals(p, mine)) Admit(mine, key);
        var index = await p.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Result(index, leaf, duplicate: !ReferenceEquals(p, mine) || p.AlreadyLogged);
    }

    private void Admit(Pending p, LeafKey key)
    {
        var oldest = Interlocked.Read(ref _oldestEnqueuedTicks);
        var count = Interlocked.Increment(ref _pendingCount);
        if (count > _options.MaxPending || (oldest != 0 && Stopwatch.GetElapsedTime(oldest) > _options.MaxMergeDelay))
        {
            Interlocked.Decrement(ref _pendingCount);
            _pending.TryRemove(key, out _);
            var e = new LogOverloadedException(count > _options.MaxPending
                ? $"the log has {count - 1} entries waiting (limit {_options.MaxPending}); retry later"
                : $"the oldest waiting entry has waited longer than the maximum merge delay ({_options.MaxMergeDelay.TotalMilliseconds} ms); retry later");
            p.Completion.TrySetException(e);
            throw e;
        }
        p.Enqueued = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _oldestEnqueuedTicks, p.Enqueued, 0);
        if (!_queue.Writer.TryWrite(p))
        {
            Interlocked.Decrement(ref _pendingCount);
            _pending.TryRemove(key, out _);
            throw new ObjectDisposedException(nameof(TransparencyLog), "the log is shut down");
        }
    }

    private LogAppendResult Result(ulong index, byte[] leaf, bool duplicate)
    {
        var pub = _published;
        if (index >= pub.Checkpoint.TreeSize) throw new InvalidOperationException("entry not yet covered by a published checkpoint");
        var proof = InclusionProof.Generate(HashSource, index, pub.Checkpoint.TreeSize);
        return new LogAppendResult(index, leaf, pub.Note, pub.Checkpoint.TreeSize, pub.Checkpoint.RootHash, proof, duplicate);
    }

    /// <summary>Integrates batch after batch; hands each new tree to the publisher (<see cref="RunPublisherAsync"/>).</summary>
    private async Task RunSequencerAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(_options.BatchMaxSize);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (!reader.TryPeek(out _)) // (a single-reader channel cannot count)
                {
                    Volatile.Write(ref _sequencing, 0);
                    StoreCheckpointIfIdle(); // before waiting: nothing else would store it until the next batch
                    if (!await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false)) break;
                }
                Volatile.Write(ref _sequencing, 1);
                if (_options.BatchMaxAge > TimeSpan.Zero && reader.TryPeek(out var first))
                {
                    var left = _options.BatchMaxAge - Stopwatch.GetElapsedTime(first.Enqueued);
                    if (left > TimeSpan.Zero && Volatile.Read(ref _pendingCount) < _options.BatchMaxSize) await Task.Delay(left, _stop.Token).ConfigureAwait(false);
                }
                batch.Clear();
                while (batch.Count < _options.BatchMaxSize && reader.TryRead(out var p)) batch.Add(p);
                Interlocked.Add(ref _pendingCount, -batch.Count); // out of the queue now, whatever happens to the batch
                if (batch.Count == 0) continue;
                Sequence(batch);
                batch.Clear(); // sequenced: a later failure (storing a checkpoint) must not fail these entries
                var size = _edge.Size;
                if (size != _integrated.Size) _integrated = new IntegratedTree(size, _edge.Root());
                _publishSignal.Writer.TryWrite(true);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // A failed batch: nobody was acknowledged; fail the batch's submitters and keep the log consistent by
                // reloading nothing (the edge was only advanced after a successful store commit).
                foreach (var p in batch) Fail(p, e);
                batch.Clear();
                Interlocked.Exchange(ref _oldestEnqueuedTicks, reader.TryPeek(out var next) ? next.Enqueued : 0);
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
        Volatile.Write(ref _sequencing, 0);
        while (reader.TryRead(out var rest)) Fail(rest, new ObjectDisposedException(nameof(TransparencyLog), "the log is shut down"));
    }

    /// <summary>
    /// Publishes a checkpoint of the latest integrated tree whenever the sequencer signals one (several batches may
    /// share it), every <see cref="LogOptions.CheckpointInterval"/> otherwise, and every 0.5 s after a publication that
    /// failed (no witness quorum, or an error).
    /// </summary>
    private async Task RunPublisherAsync()
    {
        var signal = _publishSignal.Reader;
        var failed = false;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var behind = _integrated.Size != _published.Checkpoint.TreeSize;
                if (behind && failed)
                {
                    // Not on the next signal: under load a batch signals every few ms, and witnesses that just refused
                    // would be asked again at that rate.
                    await Task.Delay(TimeSpan.FromMilliseconds(500), _stop.Token).ConfigureAwait(false);
                }
                var waitTime = behind
                    ? TimeSpan.Zero
                    : _options.CheckpointInterval is { } every ? Max(TimeSpan.Zero, every - Stopwatch.GetElapsedTime(_publishedAt)) : Timeout.InfiniteTimeSpan;
                if (waitTime != TimeSpan.Zero)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    if (waitTime != Timeout.InfiniteTimeSpan) wait.CancelAfter(waitTime);
                    try { await signal.WaitToReadAsync(wait.Token).ConfigureAwait(false); }
                    catch (OperationCanceledException) when (!_stop.IsCancellationRequested) { }
                }
                if (_stop.IsCancellationRequested) break;
                signal.TryRead(out _);
                var target = _integrated;
                if (target.Size != _published.Checkpoint.TreeSize
                    || (_options.CheckpointInterval is { } interval && Stopwatch.GetElapsedTime(_publishedAt) >= interval))
                {
                    failed = !await PublishAsync(target, _stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception)
            {
                failed = true; // retried in 0.5 s; the entries waiting stay waiting
            }
        }
        lock (_awaitLock)
        {
            foreach (var p in _awaitingPublication) Fail(p, new ObjectDisposedException(nameof(TransparencyLog), "the log shut down before publishing a checkpoint"));
            _awaitingPublication.Clear();
        }
    }

    /// <summary>
    /// Deduplicates a batch against the store (one lookup for the batch): entries already logged keep their index
    /// (answered now when the published checkpoint covers them, else with the next publication); the rest are
    /// integrated.
    /// </summary>
    private void Sequence(List<Pending> batch)
    {
        var found = _store.FindLeaves(batch.Select(p => p.LeafHash).ToArray());
        var fresh = new List<Pending>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (found[i] is not ulong idx)
            {
                fresh.Add(batch[i]);
                continue;
            }
            var p = batch[i];
            p.AlreadyLogged = true;
            p.Index = idx;
            lock (_awaitLock)
            {
                // Under the lock the publisher sweeps with, after it set _published: either this sees the new size, or
                // the sweep sees this entry.
                if (idx < _published.Checkpoint.TreeSize) Complete(p);
                else _awaitingPublication.Add(p);
            }
        }
        if (fresh.Count > 0) Integrate(fresh);
        Interlocked.Exchange(ref _oldestEnqueuedTicks, _queue.Reader.TryPeek(out var next) ? next.Enqueued : 0);
    }

    private void Integrate(List<Pending> batch)
    {
        var start = _edge.Size;
        var leaves = new byte[batch.Count][];
        var entries = new byte[batch.Count][];
        for (var i = 0; i < batch.Count; i++)
        {
            leaves[i] = batch[i].LeafHash;
            entries[i] = batch[i].Entry;
        }
        // Compute the new tiles on a copy of the edge state, which replaces the edge only once the store has committed,
        // so a failed commit leaves the edge untouched.
        var grown = TreeEdge.Load(_edge, start);
        var tiles = grown.Append(leaves);
        var indexed = new List<Provenance.IndexedEntry>();
        if (_store is Provenance.IProvenanceIndex)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i].Record is { } r) indexed.Add(r.At(start + (ulong)i));
            }
        }
        var checkpoint = Interlocked.Exchange(ref _checkpointToStore, null);
        try
        {
            _store.Integrate(new IntegrationBatch(start, leaves, entries, tiles) { Indexed = indexed, Checkpoint = checkpoint is null ? null : (checkpoint.Checkpoint.TreeSize, checkpoint.Note) });
        }
        catch
        {
            if (checkpoint is not null) Interlocked.CompareExchange(ref _checkpointToStore, checkpoint, null); // not stored: the next batch takes it
            throw;
        }
        _edge = grown;
        _tiles.Add(tiles);
        for (var i = 0; i < batch.Count; i++) batch[i].Index = start + (ulong)i;
        lock (_awaitLock) _awaitingPublication.AddRange(batch);
    }

    /// <summary>
    /// Signs, (optionally) witnesses and publishes a checkpoint for <paramref name="tree"/> (already durably
    /// integrated); completes every waiting entry it covers. False when the witnesses gave no quorum.
    /// </summary>
    private async Task<bool> PublishAsync(IntegratedTree tree, CancellationToken cancellationToken)
    {
        var cp = new Checkpoint(_signer.Name, tree.Size, tree.Root);
        var note = SignedNote.Sign(cp.Format(), _signer);
        if (_options.Witnessing is { } witnessing)
        {
            var cosignatures = await witnessing(note, cp, cancellationToken).ConfigureAwait(false);
            if (cosignatures is null) return false; // quorum not reached: retried by the publisher
            note = note.WithSignatures(cosignatures);
        }
        var published = new PublishedCheckpoint(note.ToString(), cp);
        Interlocked.Exchange(ref _checkpointToStore, published);
        // With the sequencer idle it is stored now, before anyone sees it (as without the pipeline); otherwise the batch
        // being integrated, or the sequencer when it next goes idle, stores it.
        StoreCheckpointIfIdle();
        _published = published; // one volatile write; readers take the whole record
        _publishedAt = Stopwatch.GetTimestamp();
        lock (_awaitLock)
        {
            _awaitingPublication.RemoveAll(p =>
            {
                if (p.Index >= cp.TreeSize) return false;
                Complete(p);
                return true;
            });
        }
        return true;
    }

    /// <summary>
    /// Stores the last published checkpoint unless a batch is being integrated (which stores it in its transaction).
    /// Called by the publisher before publishing and by the sequencer before it waits: whichever runs second finds the
    /// sequencer idle and the checkpoint still unstored.
    /// </summary>
    private void StoreCheckpointIfIdle()
    {
        if (Volatile.Read(ref _sequencing) != 0) return;
        if (Interlocked.Exchange(ref _checkpointToStore, null) is not { } cp) return;
        try
        {
            _store.PublishCheckpoint(cp.Checkpoint.TreeSize, cp.Note);
        }
        catch
        {
            Interlocked.CompareExchange(ref _checkpointToStore, cp, null);
            throw;
        }
    }

    private void Complete(Pending p)
    {
        _pending.TryRemove(LeafKey.Of(p.LeafHash), out _);
        p.Completion.TrySetResult(p.Index);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private void Fail(Pending p, Exception e)
    {
        _pending.TryRemove(LeafKey.Of(p.LeafHash), out _);
        p.Completion.TrySetException(e);
    }

    /// <summary>The stored entry at <paramref name="index"/> if it is covered by the published checkpoint, else null.</summary>
    public byte[]? GetEntry(ulong index) =>
        index < _published.Checkpoint.TreeSize ? _store.ReadEntries(index, 1) is [var e] ? e : null : null;

    /// <summary>
    /// The bytes of a c2sp.org/tlog-tiles resource, or null when it does not exist for the published tree
    /// (beyond the tree, a width the tree never had at that position, or not stored).
    /// </summary>
    public byte[]? ReadTile(TilePath path)
    {
        var size = _published.Checkpoint.TreeSize;
        if (!TileMath.Exists(path, size)) return null;
        if (path.IsEntryBundle)
        {
            var entries = _store.ReadEntries(path.Index * TilePath.FullWidth, path.Count);
            return entries.Count == path.Count ? EntryBundle.Encode(entries) : null;
        }
        var tile = _tiles.ReadTile(path.Level, path.Index);
        if (tile is null || tile.Length < path.Count * 32) return null;
        return tile.Length == path.Count * 32 ? tile : tile.AsSpan(0, path.Count * 32).ToArray();
    }

    /// <summary>Inclusion proof of <paramref name="index"/> in the tree of <paramref name="treeSize"/> leaves (≤ the published size).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Index ≥ size, or size beyond the published tree.</exception>
    public byte[][] ProveInclusion(ulong index, ulong treeSize)
    {
        if (treeSize > _published.Checkpoint.TreeSize) throw new ArgumentOutOfRangeException(nameof(treeSize), $"tree size {treeSize} is beyond the published checkpoint ({_published.Checkpoint.TreeSize})");
        return InclusionProof.Generate(HashSource, index, treeSize);
    }

    /// <summary>Consistency proof between two tree sizes, 0 &lt; size1 ≤ size2 ≤ the published size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Sizes out of range.</exception>
    public byte[][] ProveConsistency(ulong size1, ulong size2)
    {
        if (size2 > _published.Checkpoint.TreeSize) throw new ArgumentOutOfRangeException(nameof(size2), $"tree size {size2} is beyond the published checkpoint ({_published.Checkpoint.TreeSize})");
        return ConsistencyProof.Generate(HashSource, size1, size2);
    }

    /// <summary>The index of a published entry with this leaf hash, or null.</summary>
    public ulong? FindLeaf(byte[] leafHash) => _store.FindLeaf(leafHash) is ulong i && i < _published.Checkpoint.TreeSize ? i : null;

    /// <summary>Stops the sequencer (entries still queued are failed, none is half-written). Does not dispose the store. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _queue.Writer.TryComplete();
        _stop.Cancel();
        try { await Task.WhenAll(_sequencer, _publisher).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        if (Interlocked.Exchange(ref _checkpointToStore, null) is { } cp) _store.PublishCheckpoint(cp.Checkpoint.TreeSize, cp.Note);
        _stop.Dispose();
    }

    /// <summary>A durably integrated tree: its size and RFC 9162 root.</summary>
    private sealed record IntegratedTree(ulong Size, byte[] Root);

    private sealed class Pending(byte[] entry, byte[] leafHash, Provenance.ProvenanceRecord? record)
    {
        public byte[] Entry { get; } = entry;
        public byte[] LeafHash { get; } = leafHash;
        public Provenance.ProvenanceRecord? Record { get; } = record;
        public long Enqueued { get; set; }
        public ulong Index { get; set; }

        /// <summary>Set by the sequencer when the store already held this entry (a resubmission).</summary>
        public bool AlreadyLogged { get; set; }
        public TaskCompletionSource<ulong> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
