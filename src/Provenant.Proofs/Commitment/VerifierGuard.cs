using Provenant.Core;

namespace Provenant.Proofs.Commitment;

/// <summary>
/// Defence in depth for public verifiers: every check returns a rejection, so an exception escaping one is a verifier
/// bug, and rejecting is the safe answer. Tests call the unguarded checks to show none throws.
/// </summary>
internal static class VerifierGuard
{
    /// <summary>Runs <paramref name="check"/>; any exception but out-of-memory becomes a rejection naming <paramref name="what"/>.</summary>
    public static VerificationResult Run(string what, Func<VerificationResult> check)
    {
        try
        {
            return check();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return VerificationResult.Rejected($"{what} rejected: malformed input ({e.GetType().Name}: {e.Message})");
        }
    }
}
