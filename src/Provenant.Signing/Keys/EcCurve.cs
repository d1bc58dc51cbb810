using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Provenant.Signing.Keys;

/// <summary>The NIST curves OMS supports (sigstore/protobuf-specs <c>PKIX_ECDSA_P256_SHA_256</c> etc.).
/// Each curve is paired with its hash: P-256/SHA-256, P-384/SHA-384, P-521/SHA-512.</summary>
public enum EcCurve
{
    /// <summary>NIST P-256 (secp256r1) with SHA-256; the default.</summary>
    P256,

    /// <summary>NIST P-384 (secp384r1) with SHA-384.</summary>
    P384,

    /// <summary>NIST P-521 (secp521r1) with SHA-512.</summary>
    P521,
}

/// <summary>Curve helpers.</summary>
public static class EcCurves
{
    /// <summary>The .NET curve object.</summary>
    public static ECCurve ToECCurve(this EcCurve c) => c switch
    {
        EcCurve.P256 => ECCurve.NamedCurves.nistP256,
        EcCurve.P384 => ECCurve.NamedCurves.nistP384,
        _ => ECCurve.NamedCurves.nistP521,
    };

    /// <summary>The hash paired with the curve (as model_signing's <c>get_ec_key_hash</c>).</summary>
    public static HashAlgorithmName Hash(this EcCurve c) => c switch
    {
        EcCurve.P256 => HashAlgorithmName.SHA256,
        EcCurve.P384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    /// <summary>Parses <c>p256|p384|p521</c> (also <c>P-256</c>, <c>secp256r1</c>, <c>prime256v1</c>…).</summary>
    public static bool TryParse(string? name, out EcCurve curve)
    {
        curve = EcCurve.P256;
        switch (name?.Trim().ToLowerInvariant().Replace("-", ""))
        {
            case "p256" or "secp256r1" or "prime256v1" or "nistp256": curve = EcCurve.P256; return true;
            case "p384" or "secp384r1" or "nistp384": curve = EcCurve.P384; return true;
            case "p521" or "secp521r1" or "nistp521": curve = EcCurve.P521; return true;
            default: return false;
        }
    }

    // Exporting the parameters crosses into OpenSSL and allocates; a key's curve never changes, so each key object
    // is identified once (the table holds keys weakly).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ECDsa, StrongBox<EcCurve?>> Identified = new();

    /// <summary>Identifies the curve of a key; null if it is not one of the supported curves.</summary>
    public static EcCurve? Identify(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Identified.GetValue(key, k => new StrongBox<EcCurve?>(IdentifyNow(k))).Value;
    }

    private static EcCurve? IdentifyNow(ECDsa key)
    {
        var p = key.ExportParameters(false);
        var oid = p.Curve.Oid?.Value;
        return oid switch
        {
            "1.2.840.10045.3.1.7" => EcCurve.P256,
            "1.3.132.0.34" => EcCurve.P384,
            "1.3.132.0.35" => EcCurve.P521,
            _ => null,
        };
    }
}
