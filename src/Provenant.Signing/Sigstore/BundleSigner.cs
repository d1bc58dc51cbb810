using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provenant.Core.Errors;
using Provenant.Signing.Dsse;
using Provenant.Signing.Keys;

namespace Provenant.Signing.Sigstore;

/// <summary>
/// Signs payloads into Sigstore bundles v0.3 with a DSSE envelope, as OpenSSF model_signing does:
/// key mode (<c>publicKey.hint</c> = hex SHA-256 of the public key PEM) or certificate mode
/// (<c>x509CertificateChain</c>: signing certificate then the given chain). ECDSA with the curve's hash, DER signature.
/// </summary>
public sealed class BundleSigner
{
    private readonly ECDsa _key;
    private readonly EcCurve _curve;
    private readonly IReadOnlyList<X509Certificate2> _chain;

    /// <summary>Creates a signer. With certificates, the first is the signing certificate and must hold
    /// <paramref name="privateKey"/>'s public key.</summary>
    /// <exception cref="ProvenantException">Unsupported curve, or the certificate does not match the key.</exception>
    public BundleSigner(ECDsa privateKey, IReadOnlyList<X509Certificate2>? certificateChain = null)
    {
        _key = privateKey;
        _curve = EcCurves.Identify(privateKey) ?? throw new ProvenantException("private key: unsupported curve: expected P-256, P-384 or P-521");
        _chain = certificateChain ?? [];
        if (_chain.Count > 0)
        {
            using var certKey = _chain[0].GetECDsaPublicKey();
            if (certKey is null || !certKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(privateKey.ExportSubjectPublicKeyInfo()))
            {
                throw new ProvenantException($"signing certificate '{_chain[0].Subject}': its public key does not match the private key");
            }
        }
    }

    /// <summary>The signer's public key as SPKI PEM (what a transparency log needs to check a key-mode signature).</summary>
    public string PublicKeySpkiPem => Keys.PublicKeyPem.Encode(_key);

    /// <summary>Signs <paramref name="payload"/> of type <paramref name="payloadType"/>.</summary>
    public SigstoreBundle Sign(byte[] payload, string payloadType = DsseEnvelope.InTotoPayloadType)
    {
        var sig = _key.SignData(DssePae.Encode(payloadType, payload), _curve.Hash(), DSASignatureFormat.Rfc3279DerSequence);
        var envelope = new DsseEnvelope(payload, payloadType, [new DsseSignature(sig, "")]);
        var material = _chain.Count > 0
            ? new VerificationMaterial { CertificateChain = _chain.Select(c => c.RawData).ToList() }
            : new VerificationMaterial { PublicKeyHint = PublicKeyPem.Hint(_key) };
        return new SigstoreBundle(SigstoreBundle.MediaTypeV03, material, envelope);
    }
}
