using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provenant.Credentials.Validation;

/// <summary>
/// Checks a claim signer's certificate (C2PA 2.x §14.5 "X.509 certificates"): version 3; key usage present and critical
/// with digitalSignature; not a CA; an extended key usage present, without anyExtendedKeyUsage, naming one of the
/// allowed purposes (emailProtection, documentSigning, the C2PA claim-signing EKU, or Microsoft's C2PA signing EKU,
/// as the c2pa-rs default trust configuration lists); valid at the validation time; and, with trust anchors, a chain
/// from x5chain to an anchor (revocation not checked, nothing fetched).
/// </summary>
public static class SigningCredentialValidator
{
    /// <summary>EKUs accepted for claim signing.</summary>
    public static readonly IReadOnlySet<string> AllowedEkus = new HashSet<string>
    {
        "1.3.6.1.5.5.7.3.4",       // id-kp-emailProtection
        "1.3.6.1.5.5.7.3.36",      // id-kp-documentSigning
        "1.3.6.1.4.1.62558.2.1",   // c2pa-kp-claimSigning
        "1.3.6.1.4.1.311.76.59.1.9", // Microsoft C2PA signing
    };

    /// <summary>Checks <paramref name="chain"/> (DER, signer first).</summary>
    /// <param name="chain">The x5chain certificates.</param>
    /// <param name="trustAnchors">Anchors; empty for none (result is at best <c>signingCredential.untrusted</c>).</param>
    /// <param name="validationTime">The signing time to check validity at (the verification time when the signature is not timestamped).</param>
    /// <returns>One check: trusted, untrusted, invalid or expired.</returns>
    public static StatusCheck Validate(IReadOnlyList<byte[]> chain, IReadOnlyList<X509Certificate2> trustAnchors, DateTimeOffset validationTime)
    {
        if (chain.Count == 0) return Fail(StatusCodes.SigningCredentialInvalid, "x5chain is empty or absent");
        var certs = new List<X509Certificate2>();
        try
        {
            foreach (var der in chain) certs.Add(X509CertificateLoader.LoadCertificate(der));
        }
        catch (CryptographicException e)
        {
            foreach (var c in certs) c.Dispose();
            return Fail(StatusCodes.SigningCredentialInvalid, $"malformed certificate in x5chain: {e.Message.Split('\n')[0]}");
        }
        try
        {
            var leaf = certs[0];
            if (ProfileProblem(leaf) is { } problem) return Fail(StatusCodes.SigningCredentialInvalid, $"'{leaf.Subject}': {problem}");
            var at = validationTime.UtcDateTime;
            if (at < leaf.NotBefore.ToUniversalTime() || at > leaf.NotAfter.ToUniversalTime())
            {
                return Fail(StatusCodes.SigningCredentialExpired, $"'{leaf.Subject}' is valid {leaf.NotBefore.ToUniversalTime():u} to {leaf.NotAfter.ToUniversalTime():u}, not at {at:u}");
            }
            if (trustAnchors.Count == 0) return Fail(StatusCodes.SigningCredentialUntrusted, $"'{leaf.Subject}': no trust anchors given");
            using var x509 = new X509Chain();
            x509.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            x509.ChainPolicy.CustomTrustStore.AddRange(trustAnchors.ToArray());
            x509.ChainPolicy.ExtraStore.AddRange(certs.Skip(1).ToArray());
            x509.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            x509.ChainPolicy.DisableCertificateDownloads = true;
            x509.ChainPolicy.VerificationTime = at;
            x509.ChainPolicy.VerificationTimeIgnored = false;
            if (x509.Build(leaf)) return new StatusCheck(StatusCodes.SigningCredentialTrusted, true, $"'{leaf.Subject}' chains to trust anchor '{x509.ChainElements[^1].Certificate.Subject}'");
            var flags = x509.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (f, s) => f | s.Status);
            var detail = string.Join("; ", x509.ChainStatus.Select(s => s.Status.ToString()).Distinct());
            if ((flags & X509ChainStatusFlags.NotTimeValid) != 0) return Fail(StatusCodes.SigningCredentialExpired, $"'{leaf.Subject}': a certificate in the chain is not valid at {at:u} ({detail})");
            var code = (flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0 && (flags & X509ChainStatusFlags.NotSignatureValid) == 0
                ? StatusCodes.SigningCredentialUntrusted : StatusCodes.SigningCredentialInvalid;
            return Fail(code, $"'{leaf.Subject}' does not chain to a given trust anchor ({detail})");
        }
        finally
        {
            foreach (var c in certs) c.Dispose();
        }
    }

    /// <summary>The first way <paramref name="leaf"/> breaks the C2PA signer profile, or null.</summary>
    public static string? ProfileProblem(X509Certificate2 leaf)
    {
        if (leaf.Version != 3) return $"certificate version {leaf.Version}, expected 3";
        var ku = leaf.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (ku is null || !ku.Critical) return "key usage extension missing or not critical";
        if (!ku.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature)) return "key usage lacks digitalSignature";
        var bc = leaf.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (bc is { CertificateAuthority: true }) return "a CA certificate cannot sign claims";
        if (ku.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign)) return "keyCertSign key usage on an end-entity certificate";
        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (eku is null) return "extended key usage extension missing";
        var oids = eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value ?? "").ToList();
        if (oids.Contains("2.5.29.37.0")) return "anyExtendedKeyUsage is not allowed";
        if (!oids.Any(AllowedEkus.Contains)) return $"no allowed extended key usage (has {string.Join(", ", oids)}; needs emailProtection, documentSigning or C2PA claim signing)";
        return null;
    }

    private static StatusCheck Fail(string code, string explanation) => new(code, false, explanation);
}
