namespace Provenant.Ledger.Client;

/// <summary>
/// Two checkpoints signed by the same log key for the same origin are inconsistent: the log has shown two different
/// histories (a split view). Carries both signed notes as evidence.
/// </summary>
/// <param name="message">What is inconsistent.</param>
/// <param name="evidence">Both checkpoints.</param>
public sealed class LogForkException(string message, ForkEvidence evidence) : LogVerificationException(message)
{
    /// <summary>The two signed checkpoints that cannot both be honest.</summary>
    public ForkEvidence Evidence { get; } = evidence;
}
