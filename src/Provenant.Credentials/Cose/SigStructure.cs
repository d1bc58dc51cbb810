using Provenant.Credentials.Cbor;

namespace Provenant.Credentials.Cose;

/// <summary>
/// The bytes a COSE signature covers (RFC 9052 §4.4):
/// <code>
/// Sig_structure = [
///     context : "Signature" / "Signature1",
///     body_protected : empty_or_serialized_map,
///     ? sign_protected : empty_or_serialized_map,
///     external_aad : bstr,
///     payload : bstr
/// ]
/// </code>
/// For COSE_Sign1 the context is "Signature1" and <c>sign_protected</c> is absent.
/// </summary>
public static class SigStructure
{
    /// <summary>The context string of a COSE_Sign1 signature.</summary>
    public const string Signature1 = "Signature1";

    /// <summary>Encodes the Sig_structure for COSE_Sign1.</summary>
    /// <param name="bodyProtected">The serialized protected header exactly as carried (a zero-length string for an empty map).</param>
    /// <param name="externalAad">Externally supplied data (empty in C2PA).</param>
    /// <param name="payload">The payload (for a detached payload, the bytes supplied by the application).</param>
    public static byte[] ForSign1(ReadOnlySpan<byte> bodyProtected, ReadOnlySpan<byte> externalAad, ReadOnlySpan<byte> payload) =>
        CborEncoder.Encode(new CborArray(Signature1, bodyProtected.ToArray(), externalAad.ToArray(), payload.ToArray()));
}
