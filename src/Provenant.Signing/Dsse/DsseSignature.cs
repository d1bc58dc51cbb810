namespace Provenant.Signing.Dsse;

/// <summary>One DSSE signature: the raw signature bytes (for ECDSA, an RFC 3279 DER <c>Ecdsa-Sig-Value</c>)
/// and the optional <c>keyid</c> hint (model_signing writes an empty string).</summary>
/// <param name="Sig">Signature bytes (base64 in JSON).</param>
/// <param name="KeyId">Key identifier hint; not trusted for anything.</param>
public sealed record DsseSignature(byte[] Sig, string? KeyId);
