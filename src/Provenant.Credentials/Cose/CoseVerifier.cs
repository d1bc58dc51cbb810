using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provenant.Core;

namespace Provenant.Credentials.Cose;

/// <summary>
/// Verifies COSE_Sign1 signatures (RFC 9052 §4.4) with ES256/384/512 (r‖s, RFC 9053 §2.1) or PS256/384/512
/// (RFC 8230). Ed25519 is reported as unsupported. Never throws on hostile input: returns Rejected with the reason.
/// </summary>
public static class CoseVerifier
{
    /// <summary>Verifies <paramref name="message"/> with the public key of <paramref name="signer"/>.</summary>
    /// <param name="message">The decoded message.</param>
    /// <param name="detachedPayload">The payload when the message's is nil; ignored when attached.</param>
    /// <param name="signer">Certificate holding the public key (normally the first x5chain entry).</param>
    /// <param name="algorithmOverride">Algorithm to use when the protected header has none (some RFC examples carry it unprotected).</param>
    /// <param name="externalAad">External additional authenticated data; empty in C2PA.</param>
    public static VerificationResult Verify(CoseSign1 message, ReadOnlySpan<byte> detachedPayload, X509Certificate2 signer, CoseAlgorithm? algorithmOverride = null, ReadOnlySpan<byte> externalAad = default)
    {
        var ec = signer.GetECDsaPublicKey();
        var rsa = ec is null ? RsaKeyOf(signer) : null;
        try
        {
            return Verify(message, detachedPayload, (AsymmetricAlgorithm?)ec ?? rsa, algorithmOverride, externalAad);
        }
        finally
        {
            ec?.Dispose();
            rsa?.Dispose();
        }
    }

    /// <summary>The RSA key of a certificate, including keys whose SubjectPublicKeyInfo names id-RSASSA-PSS
    /// (1.2.840.113549.1.1.10, RFC 4055 §1.2), which .NET's certificate API does not return; the key itself is the
    /// same RSAPublicKey structure.</summary>
    private static RSA? RsaKeyOf(X509Certificate2 cert)
    {
        if (cert.GetKeyAlgorithm() != "1.2.840.113549.1.1.10") return cert.GetRSAPublicKey();
        var rsa = RSA.Create();
        try
        {
            rsa.ImportRSAPublicKey(cert.PublicKey.EncodedKeyValue.RawData, out _);
            return rsa;
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
            return null;
        }
    }

    /// <summary>Verifies <paramref name="message"/> with an ECDSA or RSA public key.</summary>
    /// <param name="message">The decoded message.</param>
    /// <param name="detachedPayload">The payload when the message's is nil.</param>
    /// <param name="publicKey">An <see cref="ECDsa"/> or <see cref="RSA"/> key; null gives Rejected.</param>
    /// <param name="algorithmOverride">Algorithm to use when the protected header has none.</param>
    /// <param name="externalAad">External additional authenticated data.</param>
    public static VerificationResult Verify(CoseSign1 message, ReadOnlySpan<byte> detachedPayload, AsymmetricAlgorithm? publicKey, CoseAlgorithm? algorithmOverride = null, ReadOnlySpan<byte> externalAad = default)
    {
        var id = message.AlgorithmId ?? (long?)algorithmOverride;
        if (id is null) return VerificationResult.Rejected("COSE_Sign1 protected header has no alg (label 1)");
        if (!CoseAlgorithms.IsKnown(id.Value)) return VerificationResult.Rejected($"algorithm.unsupported: COSE algorithm {id}");
        var alg = (CoseAlgorithm)(int)id.Value;
        var payload = message.Payload ?? detachedPayload;
        var toBeSigned = SigStructure.ForSign1(message.SignedProtectedBytes, externalAad, payload);
        try
        {
            var ok = (alg, publicKey) switch
            {
                (CoseAlgorithm.ES256 or CoseAlgorithm.ES384 or CoseAlgorithm.ES512, ECDsa ec) =>
                    message.Signature.Length == 2 * ((ec.KeySize + 7) / 8)
                    && ec.VerifyData(toBeSigned, message.Signature, CoseAlgorithms.Hash(alg), DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                (CoseAlgorithm.PS256 or CoseAlgorithm.PS384 or CoseAlgorithm.PS512, RSA rsa) =>
                    rsa.VerifyData(toBeSigned, message.Signature, CoseAlgorithms.Hash(alg), RSASignaturePadding.Pss),
                (CoseAlgorithm.EdDSA, _) => throw new NotSupportedException(),
                _ => (bool?)null,
            };
            return ok switch
            {
                null => VerificationResult.Rejected($"claimSignature.mismatch: the signer's {publicKey?.GetType().Name ?? "missing"} key does not match algorithm {alg}"),
                true => VerificationResult.Valid($"COSE_Sign1 {alg} signature verified"),
                false => VerificationResult.Rejected($"claimSignature.mismatch: {alg} signature does not verify"),
            };
        }
        catch (NotSupportedException)
        {
            return VerificationResult.Rejected($"algorithm.unsupported: {alg} verification is not implemented");
        }
        catch (CryptographicException e)
        {
            return VerificationResult.Rejected($"claimSignature.mismatch: {alg}: {e.Message.Split('\n')[0]}");
        }
    }
}
