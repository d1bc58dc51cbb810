namespace Provenant.Core.Hashing;

/// <summary>The content hash functions OMS v1.0 allows for <c>hash_type</c>.</summary>
public enum DigestAlgorithm
{
    /// <summary>SHA-256 (FIPS 180-4), 32-byte digest; the OMS default.</summary>
    Sha256,

    /// <summary>BLAKE2b-512 (RFC 7693), 64-byte digest, as Python's <c>hashlib.blake2b()</c>.</summary>
    Blake2b,

    /// <summary>BLAKE3 (BLAKE3 specification, 2020), 32-byte default output.</summary>
    Blake3,
}
