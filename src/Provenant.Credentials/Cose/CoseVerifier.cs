using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provenant.Core;

namespace Provenant.Credentials.Cose;

/// <summary>
/// Verifies COSE_Sign1 signatures (RFC 9052 §4.4) with ES256/384/512 (r‖s, RFC 9053 §2.1) or PS256/384/512
/// (RFC 8230), and EdDSA with Ed25519 certificates. Never throws on hostile input: returns Rejected with the reason.
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
        if (signer.GetKeyAlgorithm() == Ed25519Oid) return VerifyEd25519(message, detachedPayload, signer.PublicKey.EncodedKeyValue.RawData, algorithmOverride, externalAad);
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

    private const string Ed25519Oid = "1.3.101.112";

    /// <summary>Verifies an EdDSA (Ed25519, RFC 8032) COSE_Sign1 with a 32-byte public key (BouncyCastle; .NET has no Ed25519).</summary>
    /// <param name="message">The decoded message; its alg must be EdDSA (−8).</param>
    /// <param name="detachedPayload">The payload when the message's is nil.</param>
    /// <param name="publicKey">The raw 32-byte Ed25519 public key.</param>
    /// <param name="algorithmOverride">Algorithm to use when the protected header has none.</param>
    /// <param name="externalAad">External additional authenticated data.</param>
    public static VerificationResult VerifyEd25519(CoseSign1 message, ReadOnlySpan<byte> detachedPayload, byte[] publicKey, CoseAlgorithm? algorithmOverride = null, ReadOnlySpan<byte> externalAad = default)
    {
        var id = message.AlgorithmId ?? (long?)algorithmOverride;
        if (id != (long)CoseAlgorithm.EdDSA) return VerificationResult.Rejected($"claimSignature.mismatch: an Ed25519 key cannot verify COSE algorithm {id}");
        if (publicKey.Length != 32 || message.Signature.Length != 64) return VerificationResult.Rejected("claimSignature.mismatch: Ed25519 needs a 32-byte key and a 64-byte signature");
        var toBeSigned = SigStructure.ForSign1(message.SignedProtectedBytes, externalAad, message.Payload ?? detachedPayload);
        var verifier = new Org.BouncyCastle.Crypto.Signers.Ed25519Signer();
        verifier.Init(false, new Org.BouncyCastle.Crypto.Parameters.Ed25519PublicKeyParameters(publicKey, 0));
        verifier.BlockUpdate(toBeSigned, 0, toBeSigned.Length);
        return verifier.VerifySignature(message.Signature)
            ? VerificationResult.Valid("COSE_Sign1 EdDSA (Ed25519) signature verified")
            : VerificationResult.Rejected("claimSignature.mismatch: EdDSA signature does not verify");
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
                _ => (bool?)null,
            };
            return ok switch
            {
                null => VerificationResult.Rejected($"claimSignature.mismatch: the signer's {publicKey?.GetType().Name ?? "missing"} key does not match algorithm {alg}"),
                true => VerificationResult.Valid($"COSE_Sign1 {alg} signature verified"),
                false => VerificationResult.Rejected($"claimSignature.mismatch: {alg} signature does not verify"),
            };
        }
        catch (CryptographicException e)
        {
            return VerificationResult.Rejected($"claimSignature.mismatch: {alg}: {e.Message.Split('\n')[0]}");
        }
    }
}
