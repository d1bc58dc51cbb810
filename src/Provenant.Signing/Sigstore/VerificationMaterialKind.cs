namespace Provenant.Signing.Sigstore;

/// <summary>Which key material a bundle carries.</summary>
public enum VerificationMaterialKind
{
    /// <summary>A public key identified by hint (verify with <c>--public-key</c>).</summary>
    PublicKey,

    /// <summary>An X.509 chain, leaf first (verify with <c>--certificate-chain</c> trust anchors).</summary>
    CertificateChain,

    /// <summary>A Fulcio certificate from Sigstore keyless signing, with Rekor entries.</summary>
    Keyless,
}
