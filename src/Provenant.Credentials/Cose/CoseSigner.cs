using System.Security.Cryptography;
using Provenant.Credentials.Cbor;

namespace Provenant.Credentials.Cose;

/// <summary>
/// Creates COSE_Sign1 signatures (RFC 9052 §4.4) with ECDSA keys: the protected header carries <c>alg</c> and,
/// when given, <c>x5chain</c> (label 33, RFC 9360), as C2PA 2.x requires; the signature is r‖s (RFC 9053 §2.1).
/// </summary>
public static class CoseSigner
{
    /// <summary>Signs <paramref name="payload"/> and returns a COSE_Sign1 whose payload is detached (nil) or attached.</summary>
    /// <param name="key">The ECDSA private key; its curve decides the algorithm (P-256 → ES256, P-384 → ES384, P-521 → ES512).</param>
    /// <param name="payload">The bytes to sign.</param>
    /// <param name="x5chain">DER certificates, signer first (omit the trust anchor); empty for none.</param>
    /// <param name="detached">True to leave the payload out of the message (C2PA claim signatures).</param>
    /// <param name="externalAad">External additional authenticated data; empty in C2PA.</param>
    /// <exception cref="ArgumentException">The key is on an unsupported curve.</exception>
    public static CoseSign1 Sign(ECDsa key, ReadOnlySpan<byte> payload, IReadOnlyList<byte[]> x5chain, bool detached = true, ReadOnlySpan<byte> externalAad = default)
    {
        var alg = AlgorithmFor(key);
        var protectedMap = new CborMap().Add(CoseHeaderLabels.Algorithm, (long)alg);
        if (x5chain.Count == 1) protectedMap.Add(CoseHeaderLabels.X5Chain, x5chain[0]);
        else if (x5chain.Count > 1) protectedMap.Add(CoseHeaderLabels.X5Chain, new CborArray(x5chain.Select(c => (CborNode)c).ToArray()));
        var protectedBytes = CborEncoder.Encode(protectedMap);
        var toBeSigned = SigStructure.ForSign1(protectedBytes, externalAad, payload);
        var signature = key.SignData(toBeSigned, CoseAlgorithms.Hash(alg), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new CoseSign1(protectedBytes, protectedMap, new CborMap(), detached ? null : payload.ToArray(), signature);
    }

    /// <summary>The ECDSA COSE algorithm for the key's curve.</summary>
    /// <exception cref="ArgumentException">Not P-256, P-384 or P-521.</exception>
    public static CoseAlgorithm AlgorithmFor(ECDsa key) => key.ExportParameters(false).Curve.Oid?.Value switch
    {
        "1.2.840.10045.3.1.7" => CoseAlgorithm.ES256,
        "1.3.132.0.34" => CoseAlgorithm.ES384,
        "1.3.132.0.35" => CoseAlgorithm.ES512,
        var oid => throw new ArgumentException($"unsupported EC curve {oid}: expected P-256, P-384 or P-521"),
    };
}
