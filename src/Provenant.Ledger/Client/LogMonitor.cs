using Provenant.Core;
using Provenant.Core.Errors;
using Provenant.Core.IO;

namespace Provenant.Ledger.Client;

/// <summary>
/// Follows a log: keeps the last verified checkpoint (the signed note, verbatim) in a state file, and on each poll
/// verifies the log's current checkpoint, proves it consistent with the saved one from the log's tiles, optionally
/// audits the whole tree (<see cref="LogAudit"/>), and only then replaces the state atomically. The first poll
/// trusts the checkpoint it sees (trust on first use); a failed poll never changes the state.
/// </summary>
/// <param name="client">The verifying client.</param>
/// <param name="statePath">The state file (created on the first poll).</param>
public sealed class LogMonitor(TileClient client, string statePath)
{
    /// <summary>The state file.</summary>
    public string StatePath { get; } = statePath ?? throw new ArgumentNullException(nameof(statePath));

    /// <summary>The checkpoint in the state file, verified again; null when there is no state yet.</summary>
    /// <exception cref="ProvenantException">The state file is unreadable or is not a checkpoint the trusted log signed (exit 3).</exception>
    public VerifiedCheckpoint? LoadState()
    {
        if (!File.Exists(StatePath)) return null;
        var bytes = BoundedFile.ReadAll(StatePath, "monitor state", ITileFetcher.MaxCheckpointBytes);
        var result = client.Trust.Verify(bytes, StatePath, out var checkpoint);
        return result.IsValid ? checkpoint : throw new ProvenantException($"{StatePath}: not a checkpoint of this log: {result.Reason}", ExitCodes.InputError);
    }

    /// <summary>One poll. Verification failures are returned, not thrown.</summary>
    /// <param name="full">Also recompute the root from every entry and tile.</param>
    /// <param name="progress">Receives entries audited so far (only with <paramref name="full"/>).</param>
    /// <param name="cancellationToken">Cancels the poll (the state is then unchanged).</param>
    /// <exception cref="LogUnavailableException">The log could not be read (a monitor may retry).</exception>
    /// <exception cref="ProvenantException">The state file is unreadable, invalid, or cannot be written.</exception>
    public async Task<MonitorResult> PollAsync(bool full = false, IProgress<ulong>? progress = null, CancellationToken cancellationToken = default)
    {
        var previous = LoadState();
        VerifiedCheckpoint? current = null;
        LogAuditResult? audit = null;
        try
        {
            current = await client.FetchCheckpointAsync(cancellationToken).ConfigureAwait(false);
            if (previous is not null) await client.ProveConsistencyAsync(previous, current, cancellationToken).ConfigureAwait(false);
            if (full) audit = await LogAudit.RunAsync(client, current, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (LogForkException e)
        {
            return new MonitorResult(VerificationResult.Rejected(e.Message), previous, current, e.Evidence, null);
        }
        catch (LogVerificationException e)
        {
            return new MonitorResult(VerificationResult.Rejected(e.Message), previous, current, null, null);
        }
        if (previous is null || previous.Note != current.Note) AtomicFile.WriteText(StatePath, current.Note);
        return new MonitorResult(VerificationResult.Valid(Describe(previous, current, audit)), previous, current, null, audit);
    }

    private static string Describe(VerifiedCheckpoint? previous, VerifiedCheckpoint current, LogAuditResult? audit)
    {
        var s = previous is null
            ? $"first checkpoint of {current.Checkpoint.Origin}: size {current.TreeSize} (trusted on first use)"
            : previous.TreeSize == current.TreeSize
                ? $"no new entries: size {current.TreeSize}, same root"
                : $"size {previous.TreeSize} -> {current.TreeSize}: {current.TreeSize - previous.TreeSize} new entries, consistent";
        return audit is null ? s : s + $"; full audit: {audit.Entries} entries and {audit.Tiles} tiles re-hashed, root matches";
    }
}
