using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provenant.Signing.Keys;

namespace Provenant.Ledger.Entries;

/// <summary>
/// The key a logged DSSE signature verifies under, as recorded in the entry (Rekor v2 <c>Verifier</c>): a DER
/// SubjectPublicKeyInfo or a DER X.509 certificate, with its Sigstore <c>keyDetails</c> name.
/// </summary>
/// <param name="Der">SPKI DER or certificate DER.</param>
/// <param name="IsCertificate">True for a certificate.</param>
/// <param name="KeyDetails">PKIX_ECDSA_P256_SHA_256, PKIX_ECDSA_P384_SHA_384 or PKIX_ECDSA_P521_SHA_512.</param>
public sealed record EntryVerifier(byte[] Der, bool IsCertificate, string KeyDetails)
{
    /// <summary>For an EC public key.</summary>
    /// <exception cref="ArgumentException">Not a P-256/P-384/P-521 key.</exception>
    public static EntryVerifier FromPublicKey(ECDsa key) => new(key.ExportSubjectPublicKeyInfo(), false, Details(key));

    /// <summary>For a signing certificate (DER); returns its EC key too (the caller disposes it).</summary>
    /// <exception cref="ArgumentException">Not a certificate with a P-256/P-384/P-521 key.</exception>
    public static EntryVerifier FromCertificate(byte[] der, out ECDsa key)
    {
        using var cert = X509CertificateLoader.LoadCertificate(der);
        key = cert.GetECDsaPublicKey() ?? throw new ArgumentException("the certificate does not hold an EC public key");
        return new(der, true, Details(key));
    }

    private static string Details(ECDsa key) => EcCurves.Identify(key) switch
    {
        EcCurve.P256 => "PKIX_ECDSA_P256_SHA_256",
        EcCurve.P384 => "PKIX_ECDSA_P384_SHA_384",
        EcCurve.P521 => "PKIX_ECDSA_P521_SHA_512",
        _ => throw new ArgumentException("only P-256, P-384 and P-521 keys are supported"),
    };
}
