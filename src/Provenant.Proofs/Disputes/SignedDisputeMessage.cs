using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provenant.Core;
using Provenant.Core.Encoding;
using Provenant.Core.Errors;
using Provenant.Signing.Dsse;
using Provenant.Signing.Keys;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// A dispute message as it travels: a DSSE envelope in canonical JSON (RFC 8785, no newline),
/// <code>{"payload":BASE64,"payloadType":"application/vnd.provenant.dispute-message+json","signatures":[{"keyid":HINT,"sig":BASE64}]}</code>
/// with one ECDSA signature (DER, the curve's hash) over the DSSE PAE of the payload (a <see cref="DisputeMessage"/>),
/// and <c>keyid</c> the signer's key hint (hex SHA-256 of its SPKI PEM). Parsing accepts only that exact spelling and
/// verification requires the expected sender's key and hint, so any changed byte fails one or the other.
/// </summary>
public sealed class SignedDisputeMessage
{
    /// <summary>DSSE payload type of dispute messages.</summary>
    public const string PayloadType = "application/vnd.provenant.dispute-message+json";

    private SignedDisputeMessage(byte[] bytes, byte[] payload, string keyId, byte[] signature)
    {
        Bytes = bytes;
        Payload = payload;
        KeyId = keyId;
        Signature = signature;
    }

    /// <summary>The wire bytes.</summary>
    public byte[] Bytes { get; }

    /// <summary>The signed payload (a <see cref="DisputeMessage"/>; parse only after <see cref="Verify"/>).</summary>
    public byte[] Payload { get; }

    /// <summary>The signer's key hint as written.</summary>
    public string KeyId { get; }

    /// <summary>The DER signature.</summary>
    public byte[] Signature { get; }

    /// <summary>Signs <paramref name="message"/> with <paramref name="key"/> (P-256, P-384 or P-521).</summary>
    /// <exception cref="ArgumentException">The key's curve is not supported.</exception>
    public static SignedDisputeMessage Sign(DisputeMessage message, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(key);
        var curve = EcCurves.Identify(key) ?? throw new ArgumentException("unsupported curve: expected P-256, P-384 or P-521", nameof(key));
        var payload = message.ToBytes();
        var sig = key.SignData(DssePae.Encode(PayloadType, payload), curve.Hash(), DSASignatureFormat.Rfc3279DerSequence);
        var hint = PublicKeyPem.Hint(key);
        var bytes = CanonicalJson.Canonicalize(new JsonObject
        {
            ["payload"] = Convert.ToBase64String(payload),
            ["payloadType"] = PayloadType,
            ["signatures"] = new JsonArray(new JsonObject { ["keyid"] = hint, ["sig"] = Convert.ToBase64String(sig) }),
        });
        return new SignedDisputeMessage(bytes, payload, hint, sig);
    }

    /// <summary>Parses the wire form strictly (nothing is authenticated yet).</summary>
    /// <exception cref="ProvenantFormatException">Anything but the exact form above.</exception>
    public static SignedDisputeMessage Parse(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var o = DisputeJson.CanonicalObject(bytes, source, DisputeMessage.MaxBytes / 3 * 4 + 4096);
        DisputeJson.AllowOnly(o, source, "", "payload", "payloadType", "signatures");
        if (DisputeJson.String(o["payloadType"], source, "payloadType", 200) != PayloadType) throw new ProvenantFormatException(source, "payloadType", PayloadType);
        var sigs = DisputeJson.Array(o, "signatures", source, "", 1);
        if (sigs.Count != 1 || sigs[0] is not JsonObject s) throw new ProvenantFormatException(source, "signatures", "exactly one signature object");
        DisputeJson.AllowOnly(s, source, "signatures[0].", "keyid", "sig");
        var keyId = DisputeJson.String(s["keyid"], source, "signatures[0].keyid", 64);
        return new SignedDisputeMessage(bytes, DisputeJson.Base64(o["payload"], source, "payload", DisputeMessage.MaxBytes), keyId,
            DisputeJson.Base64(s["sig"], source, "signatures[0].sig", 256));
    }

    /// <summary>Checks the signature under <paramref name="key"/> (whose hint must be the envelope's keyid). Never throws on hostile input.</summary>
    public VerificationResult Verify(ECDsa key, string keyHint)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!string.Equals(KeyId, keyHint, StringComparison.Ordinal)) return VerificationResult.Rejected($"signed with key {KeyId}, expected {keyHint}");
        if (EcCurves.Identify(key) is not { } curve) return VerificationResult.Rejected("unsupported key curve");
        try
        {
            return key.VerifyData(DssePae.Encode(PayloadType, Payload), Signature, curve.Hash(), DSASignatureFormat.Rfc3279DerSequence)
                ? VerificationResult.Valid("signature verified")
                : VerificationResult.Rejected("the signature does not verify");
        }
        catch (CryptographicException e)
        {
            return VerificationResult.Rejected("malformed signature: " + e.Message);
        }
    }
}
