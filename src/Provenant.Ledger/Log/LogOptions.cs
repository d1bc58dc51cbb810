using Provenant.Ledger.Checkpoints;
using Provenant.Ledger.Notes;

namespace Provenant.Ledger.Log;

/// <summary>Settings of a <see cref="TransparencyLog"/>.</summary>
public sealed record LogOptions
{
    /// <summary>
    /// Maximum merge delay: the longest an accepted entry may wait before it is integrated into the tree. Submissions
    /// are refused (backpressure) while the oldest waiting entry is older than this. Default 1 s.
    /// </summary>
    public TimeSpan MaxMergeDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Most entries integrated in one batch (one store transaction, one checkpoint). Default 4,096.</summary>
    public int BatchMaxSize { get; init; } = 4096;

    /// <summary>How long the sequencer may wait for more entries to fill a batch; zero integrates as soon as the previous batch is done (group commit). Default 0.</summary>
    public TimeSpan BatchMaxAge { get; init; } = TimeSpan.Zero;

    /// <summary>Most entries waiting to be integrated before submissions are refused. Default 100,000.</summary>
    public int MaxPending { get; init; } = 100_000;

    /// <summary>
    /// Called with each new signed checkpoint before it is published, to collect witness cosignatures
    /// (c2sp.org/tlog-witness); returns the cosignature lines to add, or null when the required quorum was not
    /// reached (the checkpoint is then not published and the sequencer retries). Null: publish without witnesses.
    /// </summary>
    public Func<SignedNote, Checkpoint, CancellationToken, Task<IReadOnlyList<NoteSignature>?>>? Witnessing { get; init; }

    /// <summary>
    /// How often a fresh checkpoint is signed (and witnessed) even when no entry arrived, so monitors and witnesses
    /// can see the log is alive and current (c2sp.org/tlog-witness expects logs to refresh checkpoints; cosignature
    /// timestamps then stay recent). Null: only when the tree grows. Default 10 s. A publication that failed for lack
    /// of a witness quorum is retried every 0.5 s regardless.
    /// </summary>
    public TimeSpan? CheckpointInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Full tiles kept in memory for proof generation (8 KiB each). Default 8,192 (64 MiB).</summary>
    public int TileCacheSize { get; init; } = 8192;
}
