using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provenant.Cli.Commands;

/// <summary>
/// The demo's throw-away C2PA signing credentials (C2PA 2.x §14.5 profile): a self-signed P-384 root CA and a P-256
/// end-entity signer with critical digitalSignature key usage, the emailProtection and documentSigning EKUs and key
/// identifiers. Written as PEM files for <c>credential add</c>; never a trust anchor anyone else holds.
/// </summary>
internal static class DemoPki
{
    private const string DocumentSigningEku = "1.3.6.1.5.5.7.3.36";

    /// <summary>Writes <c>credential.key.pem</c>, <c>credential-chain.pem</c> (signer, root) and <c>credential-root.pem</c> into <paramref name="dir"/>.</summary>
    public static (string Key, string Chain, string Root) Write(string dir)
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var rootReq = new CertificateRequest("CN=Provenant Demo Root CA,O=Provenant demo", rootKey, HashAlgorithmName.SHA384);
        rootReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootReq.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootReq.PublicKey, false));
        using var root = rootReq.CreateSelfSigned(now.AddDays(-1), now.AddYears(3));
        using var signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=Provenant Demo Credential Signer,O=Provenant demo", signerKey, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.4"), new Oid(DocumentSigningEku)], false));
        req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
        req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var signer = req.Create(root, now.AddHours(-1), now.AddYears(2), RandomNumberGenerator.GetBytes(12));
        var key = Path.Combine(dir, "credential.key.pem");
        var chain = Path.Combine(dir, "credential-chain.pem");
        var rootPath = Path.Combine(dir, "credential-root.pem");
        Core.IO.AtomicFile.WriteText(key, signerKey.ExportPkcs8PrivateKeyPem() + "\n", privateMode: true);
        Core.IO.AtomicFile.WriteText(chain, signer.ExportCertificatePem() + "\n" + root.ExportCertificatePem() + "\n");
        Core.IO.AtomicFile.WriteText(rootPath, root.ExportCertificatePem() + "\n");
        return (key, chain, rootPath);
    }
}
