namespace Provenant.Credentials.Validation;

/// <summary>The result of <see cref="CredentialVerifier"/>: the state, the manifests (active first) and their checks.</summary>
/// <param name="Path">The asset checked.</param>
/// <param name="MediaType">The detected format (<c>image/png</c>, <c>image/jpeg</c>, or <c>application/c2pa</c> for a sidecar).</param>
/// <param name="State">The overall state.</param>
/// <param name="Manifests">The manifests, active first.</param>
/// <param name="Error">For <see cref="CredentialState.Malformed"/>, what could not be parsed.</param>
public sealed record CredentialReport(string Path, string MediaType, CredentialState State, IReadOnlyList<ManifestReport> Manifests, string? Error = null)
{
    /// <summary>True for <see cref="CredentialState.Valid"/> and <see cref="CredentialState.Trusted"/>.</summary>
    public bool IsValid => State is CredentialState.Valid or CredentialState.Trusted;

    /// <summary>All failed checks across manifests.</summary>
    public IEnumerable<StatusCheck> Failures => Manifests.SelectMany(m => m.Checks).Where(c => !c.Passed);
}
