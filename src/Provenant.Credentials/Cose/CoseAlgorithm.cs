namespace Provenant.Credentials.Cose;

/// <summary>
/// COSE signature algorithm identifiers (IANA "COSE Algorithms"; RFC 9053 §2.1 ECDSA, RFC 8230 §2 RSASSA-PSS,
/// RFC 9053 §2.2 EdDSA) that C2PA 2.x allows for claim signatures.
/// </summary>
public enum CoseAlgorithm
{
    /// <summary>ECDSA with SHA-256 on P-256; signature is r‖s, 32 bytes each (RFC 9053 §2.1).</summary>
    ES256 = -7,

    /// <summary>ECDSA with SHA-384 on P-384; r‖s, 48 bytes each.</summary>
    ES384 = -35,

    /// <summary>ECDSA with SHA-512 on P-521; r‖s, 66 bytes each.</summary>
    ES512 = -36,

    /// <summary>RSASSA-PSS with SHA-256, MGF1 SHA-256, salt 32 bytes (RFC 8230 §2).</summary>
    PS256 = -37,

    /// <summary>RSASSA-PSS with SHA-384, salt 48 bytes.</summary>
    PS384 = -38,

    /// <summary>RSASSA-PSS with SHA-512, salt 64 bytes.</summary>
    PS512 = -39,

    /// <summary>EdDSA (Ed25519 in C2PA, RFC 8032); verification only.</summary>
    EdDSA = -8,
}
