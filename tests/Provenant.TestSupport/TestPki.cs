using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provenant.TestSupport;

/// <summary>
/// A throw-away test PKI shaped as C2PA 2.x (§14.5 certificate profile) and c2pa-ts require: a root CA with
/// critical keyCertSign key usage, basic constraints CA and a subject key identifier; an intermediate CA; and an
/// end-entity signer with critical digitalSignature key usage, the emailProtection and documentSigning EKUs,
/// an authority key identifier and no CA flag.
/// </summary>
public sealed class TestPki : IDisposable
{
    public const string DocumentSigningEku = "1.3.6.1.5.5.7.3.36";

    public TestPki(DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, bool signerEkus = true, ECCurve? curve = null)
    {
        var nb = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        var na = notAfter ?? DateTimeOffset.UtcNow.AddYears(2);
        RootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Root = CreateCa("CN=Provenant Test Root CA,O=Provenant Tests", RootKey, null, null, nb.AddDays(-1), na.AddYears(1));
        IntermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Intermediate = CreateCa("CN=Provenant Test Intermediate CA,O=Provenant Tests", IntermediateKey, Root, RootKey, nb.AddHours(-1), na.AddMonths(6));
        SignerKey = ECDsa.Create(curve ?? ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=Provenant Test Signer,O=Provenant Tests", SignerKey, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        if (signerEkus) req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.4"), new Oid(DocumentSigningEku)], false));
        req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
        req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Intermediate, true, false));
        using var signed = req.Create(Intermediate.CopyWithPrivateKey(IntermediateKey), nb, na, [1, 2, 3, 4, 5, 6, 7, 9]);
        Signer = X509CertificateLoader.LoadCertificate(signed.RawData);
    }

    public ECDsa RootKey { get; }
    public X509Certificate2 Root { get; }
    public ECDsa IntermediateKey { get; }
    public X509Certificate2 Intermediate { get; }
    public ECDsa SignerKey { get; }
    public X509Certificate2 Signer { get; }

    /// <summary>x5chain: signer then intermediate (the root is the trust anchor and is left out).</summary>
    public IReadOnlyList<byte[]> Chain => [Signer.RawData, Intermediate.RawData];

    /// <summary>Writes KEY.pem (PKCS#8), CHAIN.pem (signer, intermediate) and ROOT.pem into <paramref name="dir"/>.</summary>
    public (string Key, string Chain, string Root) WriteFiles(string dir)
    {
        var key = Path.Combine(dir, "signer.key.pem");
        var chain = Path.Combine(dir, "chain.pem");
        var root = Path.Combine(dir, "root.pem");
        File.WriteAllText(key, SignerKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(chain, Signer.ExportCertificatePem() + "\n" + Intermediate.ExportCertificatePem() + "\n");
        File.WriteAllText(root, Root.ExportCertificatePem() + "\n");
        return (key, chain, root);
    }

    private static X509Certificate2 CreateCa(string subject, ECDsa key, X509Certificate2? issuer, ECDsa? issuerKey, DateTimeOffset nb, DateTimeOffset na)
    {
        var req = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
        if (issuer is null)
        {
            using var self = req.CreateSelfSigned(nb, na);
            return X509CertificateLoader.LoadCertificate(self.RawData);
        }
        req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var cert = req.Create(issuer.CopyWithPrivateKey(issuerKey!), nb, na, [9, 8, 7, 6, 5, 4, 3, 2]);
        return X509CertificateLoader.LoadCertificate(cert.RawData);
    }

    public void Dispose()
    {
        RootKey.Dispose(); Root.Dispose(); IntermediateKey.Dispose(); Intermediate.Dispose(); SignerKey.Dispose(); Signer.Dispose();
    }
}
