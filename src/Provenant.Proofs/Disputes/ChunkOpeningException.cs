using Provenant.Core.Errors;

namespace Provenant.Proofs.Disputes;

/// <summary>The claimant opened a node's inputs in a form its disputed chunk cannot be computed from (a chunk where the whole value is needed, or another chunk): it loses.</summary>
public sealed class ChunkOpeningException : ProvenantException
{
    /// <summary>Creates the exception with the reason.</summary>
    public ChunkOpeningException(string message)
        : base(message, ExitCodes.VerificationFailed)
    {
    }
}
