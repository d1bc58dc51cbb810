using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provenant.Signing.Sigstore;

/// <summary>What a verifier trusts: a public key, or X.509 trust anchors. Keyless (Sigstore) bundles are
/// checked only as far as the DSSE signature under the embedded certificate's key; the Fulcio chain,
/// signer identity and Rekor inclusion are not verified, and results say so.</summary>
public sealed record TrustMaterial
{
    /// <summary>The signer's public key (key mode).</summary>
    public ECDsa? PublicKey { get; init; }

    /// <summary>
    /// The key hint of <see cref="PublicKey"/> (<see cref="Keys.PublicKeyPem.Hint"/>: hex SHA-256 of its SPKI PEM) when the
    /// caller already has it, so a verifier checking many bundles under one key does not recompute it; null computes it.
    /// It must be the hint of <see cref="PublicKey"/>.
    /// </summary>
    public string? PublicKeyHint { get; init; }

    /// <summary>Trust anchors (root and optionally intermediate CAs) for certificate mode.</summary>
    public IReadOnlyList<X509Certificate2> TrustAnchors { get; init; } = [];

    /// <summary>Accept keyless bundles, checking only the DSSE signature under the embedded certificate's key.</summary>
    public bool AcceptKeylessUnverifiedIdentity { get; init; } = true;
}
