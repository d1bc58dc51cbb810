using System.Security.Cryptography.X509Certificates;
using Provenant.Core;

namespace Provenant.Signing.Certificates;

/// <summary>
/// Validates a signing certificate chain (leaf first, DER, as carried in a bundle's
/// <c>x509CertificateChain</c>) against caller-supplied trust anchors, as OpenSSF model_signing's
/// certificate verifier does: the chain is evaluated at the leaf's <c>notBefore</c> time (the latest
/// moment the signature can have been made), revocation is not checked, and the leaf must allow
/// digital signatures (key usage) or code signing (extended key usage).
/// </summary>
public static class CertificateChainValidator
{
    /// <summary>Validates <paramref name="chainDer"/> (leaf first) up to one of <paramref name="trustAnchors"/>.</summary>
    /// <returns>Valid with the leaf subject, or Rejected naming the chain problem.</returns>
    public static VerificationResult Validate(IReadOnlyList<byte[]> chainDer, IReadOnlyList<X509Certificate2> trustAnchors, out X509Certificate2? leaf)
    {
        leaf = null;
        if (chainDer.Count == 0) return VerificationResult.Rejected("bad envelope: certificate chain is empty");
        if (trustAnchors.Count == 0) return VerificationResult.Rejected("no trust anchors given: pass --certificate-chain with the root (and intermediate) CA certificates");
        var parsed = new List<X509Certificate2>();
        try
        {
            foreach (var der in chainDer) parsed.Add(X509CertificateLoader.LoadCertificate(der));
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            foreach (var c in parsed) c.Dispose();
            return VerificationResult.Rejected($"bad envelope: malformed certificate in x509CertificateChain: {e.Message.Split('\n')[0]}");
        }
        leaf = parsed[0];
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustAnchors.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(parsed.Skip(1).ToArray());
        foreach (var a in trustAnchors) chain.ChainPolicy.ExtraStore.Add(a);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = leaf.NotBefore.ToUniversalTime().AddSeconds(1);
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (!chain.Build(leaf))
        {
            var status = chain.ChainStatus.Select(s => s.Status.ToString() + (string.IsNullOrWhiteSpace(s.StatusInformation) ? "" : $" ({s.StatusInformation.Trim()})")).Distinct();
            return VerificationResult.Rejected($"certificate chain of '{leaf.Subject}' does not lead to a trusted anchor: {string.Join("; ", status)}");
        }
        var ku = leaf.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        var canSign = (ku is not null && ku.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
            || (eku is not null && eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value == "1.3.6.1.5.5.7.3.3"));
        if (!canSign) return VerificationResult.Rejected($"signing certificate '{leaf.Subject}' is not allowed to sign (no digitalSignature key usage nor codeSigning EKU)");
        return VerificationResult.Valid($"certificate chain of '{leaf.Subject}' verified to trust anchor '{chain.ChainElements[^1].Certificate.Subject}'");
    }
}
