using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Provenant.Core;
using Provenant.Signing.Certificates;
using Provenant.Signing.Dsse;
using Provenant.Signing.Keys;

namespace Provenant.Signing.Sigstore;

/// <summary>
/// Authenticates a Sigstore bundle's DSSE envelope before anything in its payload is parsed
/// ("authenticate before parsing", as model_signing does): payload type, exactly one signature,
/// key selection by material kind (key hint, certificate chain, keyless certificate), and the ECDSA
/// signature over the DSSE PAE (curve-matched hash, DER signature).
/// </summary>
public static class BundleVerifier
{
    /// <summary>Verifies <paramref name="bundle"/> against <paramref name="trust"/>. Never throws on hostile input.</summary>
    public static BundleVerification Verify(SigstoreBundle bundle, TrustMaterial trust)
    {
        var env = bundle.Envelope;
        var notes = new List<string>();
        if (env.PayloadType != DsseEnvelope.InTotoPayloadType)
        {
            return Reject($"bad envelope: dsseEnvelope.payloadType is \"{env.PayloadType}\", expected \"{DsseEnvelope.InTotoPayloadType}\"");
        }
        if (env.Signatures.Count != 1)
        {
            return Reject($"bad envelope: expected exactly one DSSE signature, found {env.Signatures.Count}");
        }
        ECDsa? key = null;
        var ownsKey = false;
        try
        {
            switch (bundle.Material.Kind)
            {
                case VerificationMaterialKind.PublicKey:
                    if (trust.PublicKey is null) return Reject("the signature was made with a public key: pass --public-key");
                    key = trust.PublicKey;
                    var hint = trust.PublicKeyHint ?? PublicKeyPem.Hint(key);
                    if (bundle.Material.PublicKeyHint is { } h && !string.Equals(h, hint, StringComparison.Ordinal))
                    {
                        return Reject($"wrong key: the signature names key hint {h}, the given public key has hint {hint}");
                    }
                    if (bundle.Material.PublicKeyRawBytes is { } raw)
                    {
                        using var embedded = TryLoadPem(raw);
                        if (embedded is null) return Reject("bad envelope: verificationMaterial.publicKey.rawBytes is not a PEM public key");
                        if (!embedded.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
                        {
                            return Reject("wrong key: the public key embedded in the signature differs from the given public key");
                        }
                        notes.Add("older verification material (embedded public key, no key hint)");
                    }
                    break;
                case VerificationMaterialKind.CertificateChain:
                    if (trust.TrustAnchors.Count == 0) return Reject("the signature was made with a certificate: pass --certificate-chain with the trusted CA certificate(s)");
                    var chainResult = CertificateChainValidator.Validate(bundle.Material.CertificateChain, trust.TrustAnchors, out var leaf);
                    using (leaf)
                    {
                        if (!chainResult.IsValid) return Reject(chainResult.Reason);
                        notes.Add(chainResult.Reason);
                        key = leaf!.GetECDsaPublicKey();
                        ownsKey = true;
                        if (key is null || EcCurves.Identify(key) is null) return Reject("signing certificate does not hold a P-256/P-384/P-521 key");
                    }
                    break;
                default:
                    if (!trust.AcceptKeylessUnverifiedIdentity) return Reject("keyless (Sigstore) signatures are not accepted by this verifier");
                    using (var cert = TryLoadCert(bundle.Material.KeylessCertificate!))
                    {
                        if (cert is null) return Reject("bad envelope: verificationMaterial.certificate.rawBytes is not a DER certificate");
                        key = cert.GetECDsaPublicKey();
                        ownsKey = true;
                        if (key is null || EcCurves.Identify(key) is null) return Reject("keyless certificate does not hold a P-256/P-384/P-521 key");
                        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
                        var ids = san is null ? "" : string.Join(", ", san.EnumerateDnsNames().Concat(EnumerateOtherNames(cert)));
                        var who = string.Join(" ", new[] { cert.Subject, ids }.Where(x => x.Length > 0));
                        notes.Add($"keyless Sigstore signature: DSSE signature checked under the embedded certificate's key (certificate: {(who.Length > 0 ? who : "no subject")}); " +
                                  "the Fulcio certificate chain, the signer identity/issuer and the Rekor inclusion proof and timestamps were NOT checked");
                    }
                    break;
            }

            var curve = EcCurves.Identify(key!)!.Value;
            var sig = env.Signatures[0].Sig;
            if (key!.VerifyData(DssePae.Encode(env.PayloadType, env.Payload), sig, curve.Hash(), DSASignatureFormat.Rfc3279DerSequence))
            {
                return new BundleVerification(VerificationResult.Valid("signature verified"), env, notes);
            }
            // model_signing v0.2.0 signed a mis-encoded PAE, always with SHA-256 (whatever the curve).
            var legacy = DssePae.EncodeLegacyModelSigningV020(env.PayloadType, env.Payload);
            if (key.VerifyData(legacy, sig, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
                || key.VerifyData(legacy, sig, curve.Hash(), DSASignatureFormat.Rfc3279DerSequence))
            {
                notes.Add("signature uses the legacy model_signing v0.2.0 PAE encoding");
                return new BundleVerification(VerificationResult.Valid("signature verified"), env, notes);
            }
            return Reject(bundle.Material.Kind == VerificationMaterialKind.PublicKey && bundle.Material.PublicKeyHint is null && bundle.Material.PublicKeyRawBytes is null
                ? "wrong key or tampered signature: the DSSE signature does not verify"
                : "signature does not verify: the payload or signature was altered, or a different key signed it");
        }
        finally
        {
            if (ownsKey) key?.Dispose();
        }
    }

    private static IEnumerable<string> EnumerateOtherNames(X509Certificate2 cert)
    {
        // Email SANs are not exposed by the .NET SAN helper; show them from the formatted extension.
        var ext = cert.Extensions["2.5.29.17"];
        if (ext is null) yield break;
        var text = ext.Format(false);
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("RFC822 Name=", StringComparison.Ordinal) || part.StartsWith("URL=", StringComparison.Ordinal)
                || part.StartsWith("email:", StringComparison.Ordinal) || part.StartsWith("URI:", StringComparison.Ordinal))
            {
                yield return part;
            }
        }
    }

    private static BundleVerification Reject(string reason) => new(VerificationResult.Rejected(reason), null, []);

    private static ECDsa? TryLoadPem(byte[] raw)
    {
        try
        {
            return EcKeys.FromSpkiPem(Encoding.ASCII.GetString(raw), "signature");
        }
        catch (Core.Errors.ProvenantException)
        {
            return null;
        }
    }

    private static X509Certificate2? TryLoadCert(byte[] der)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
