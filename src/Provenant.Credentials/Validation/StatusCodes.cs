namespace Provenant.Credentials.Validation;

/// <summary>C2PA 2.x §15 validation status codes used by <see cref="CredentialVerifier"/>.</summary>
public static class StatusCodes
{
#pragma warning disable CS1591 // the names are the spec's codes
    public const string ClaimSignatureValidated = "claimSignature.validated";
    public const string ClaimSignatureMismatch = "claimSignature.mismatch";
    public const string ClaimSignatureMissing = "claimSignature.missing";
    public const string SigningCredentialTrusted = "signingCredential.trusted";
    public const string SigningCredentialUntrusted = "signingCredential.untrusted";
    public const string SigningCredentialInvalid = "signingCredential.invalid";
    public const string SigningCredentialExpired = "signingCredential.expired";
    public const string HashedUriMatch = "assertion.hashedURI.match";
    public const string HashedUriMismatch = "assertion.hashedURI.mismatch";
    public const string AssertionMissing = "assertion.missing";
    public const string DataHashMatch = "assertion.dataHash.match";
    public const string DataHashMismatch = "assertion.dataHash.mismatch";
    public const string DataHashMalformed = "assertion.dataHash.malformed";
    public const string HardBindingMissing = "claim.hardBindings.missing";
    public const string AlgorithmUnsupported = "algorithm.unsupported";
    public const string TimeStampValidated = "timeStamp.validated";
    public const string TimeStampMismatch = "timeStamp.mismatch";
    public const string ProvenanceMatch = "provenant.artifact.match";
    public const string ProvenanceMismatch = "provenant.artifact.mismatch";
    public const string LogEntryMatch = "provenant.logEntry.match";
    public const string LogEntryMismatch = "provenant.logEntry.mismatch";
    public const string ProvenanceMalformed = "provenant.assertion.malformed";
#pragma warning restore CS1591
}
