using Provenant.Core.Errors;

namespace Provenant.Server.Log;

/// <summary>A well-formed submission whose signature or key does not verify (HTTP 422).</summary>
public sealed class SubmissionRejectedException(string message) : ProvenantException(message, ExitCodes.VerificationFailed);
