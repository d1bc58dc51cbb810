namespace Provenant.Credentials.Validation;

/// <summary>The overall outcome of reading and validating an asset's credentials (the C2PA 2.x §15.2 validation states,
/// plus the two cases where there is nothing to validate).</summary>
public enum CredentialState
{
    /// <summary>The asset carries no C2PA manifest (and has no sidecar).</summary>
    NoManifest,

    /// <summary>The asset or its manifest store could not be parsed.</summary>
    Malformed,

    /// <summary>A check failed: signature, hashed URI, hard binding or signing credential.</summary>
    Invalid,

    /// <summary>Every integrity check passed but the signer does not chain to a given trust anchor (or none was given).</summary>
    Valid,

    /// <summary>Valid, and the signing certificate chains to one of the given trust anchors.</summary>
    Trusted,
}
