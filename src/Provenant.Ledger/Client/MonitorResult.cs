using Provenant.Core;

namespace Provenant.Ledger.Client;

/// <summary>The outcome of one <see cref="LogMonitor.PollAsync"/>.</summary>
/// <param name="Result">Valid when the new checkpoint verified, is consistent with the previous one and (when asked)
/// the full audit passed; otherwise Rejected with the reason.</param>
/// <param name="Previous">The checkpoint from the state file; null on the first poll.</param>
/// <param name="Current">The log's verified checkpoint; null when it did not verify.</param>
/// <param name="Fork">Both checkpoints when the log forked.</param>
/// <param name="Audit">The full audit's figures when one ran and passed.</param>
public sealed record MonitorResult(VerificationResult Result, VerifiedCheckpoint? Previous, VerifiedCheckpoint? Current, ForkEvidence? Fork, LogAuditResult? Audit)
{
    /// <summary>True when <see cref="Result"/> is valid.</summary>
    public bool IsValid => Result.IsValid;
}
