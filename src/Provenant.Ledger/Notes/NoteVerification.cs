using Provenant.Core;

namespace Provenant.Ledger.Notes;

/// <summary>The outcome of <see cref="SignedNote.Verify"/>.</summary>
/// <param name="Result">Valid when at least one trusted key verified and none failed.</param>
/// <param name="VerifiedBy">The trusted keys whose signatures verified (each once).</param>
/// <param name="Unverified">Signatures from keys that were not trusted (ignored, per the spec).</param>
public sealed record NoteVerification(VerificationResult Result, IReadOnlyList<INoteVerifier> VerifiedBy, IReadOnlyList<NoteSignature> Unverified)
{
    /// <summary>True when <see cref="Result"/> is valid.</summary>
    public bool IsValid => Result.IsValid;
}
