using Provenant.Credentials.Manifest;

namespace Provenant.Credentials.Validation;

/// <summary>What was found and checked in one manifest.</summary>
/// <param name="Label">The manifest label.</param>
/// <param name="IsActive">True for the active (last) manifest.</param>
/// <param name="ClaimVersion">1 or 2.</param>
/// <param name="Title">The claim's <c>dc:title</c>, if any.</param>
/// <param name="Generator">The claim generator's name and version.</param>
/// <param name="Signer">The signing certificate's subject, if readable.</param>
/// <param name="Algorithm">The COSE algorithm name, if readable.</param>
/// <param name="AssertionLabels">The labels of the assertions the claim references.</param>
/// <param name="Provenance">The Provenant assertion, when present.</param>
/// <param name="Checks">Every check made, in order.</param>
public sealed record ManifestReport(string Label, bool IsActive, int ClaimVersion, string? Title, string? Generator, string? Signer, string? Algorithm,
    IReadOnlyList<string> AssertionLabels, ProvenanceAssertion? Provenance, IReadOnlyList<StatusCheck> Checks)
{
    /// <summary>True when no check failed.</summary>
    public bool AllPassed => Checks.All(c => c.Passed || c.Code == StatusCodes.SigningCredentialUntrusted);
}
