using Provenant.Core.Errors;
using Provenant.Credentials.Cbor;

namespace Provenant.Credentials.Cose;

/// <summary>
/// A COSE_Sign1 message (RFC 9052 §4.2):
/// <code>
/// COSE_Sign1 = [ protected : bstr .cbor header_map / bstr .size 0,
///                unprotected : header_map,
///                payload : bstr / nil,
///                signature : bstr ]
/// </code>
/// carried with CBOR tag 18 (C2PA requires the tag). <see cref="ProtectedBytes"/> keeps the serialized
/// protected header exactly as received: the signature covers those bytes, not a re-encoding.
/// </summary>
/// <param name="ProtectedBytes">The serialized protected header map (may be empty).</param>
/// <param name="Protected">The decoded protected header (empty map when <see cref="ProtectedBytes"/> is empty).</param>
/// <param name="Unprotected">The unprotected header map.</param>
/// <param name="Payload">The attached payload, or null for a detached payload (C2PA claims are detached).</param>
/// <param name="Signature">The signature bytes (for ECDSA r‖s, RFC 9053 §2.1).</param>
public sealed record CoseSign1(byte[] ProtectedBytes, CborMap Protected, CborMap Unprotected, byte[]? Payload, byte[] Signature)
{
    /// <summary>The CBOR tag of COSE_Sign1 (RFC 9052 §2).</summary>
    public const ulong Tag = 18;

    private const int MaxCoseBytes = 16 << 20;

    /// <summary>The algorithm from the protected header, or null when absent or not an integer.</summary>
    public long? AlgorithmId => Protected.Get(CoseHeaderLabels.Algorithm)?.AsInt64();

    /// <summary>The protected header as the Sig_structure takes it (RFC 9052 §3 <c>empty_or_serialized_map</c>):
    /// a zero-length string when the map is empty, even if it was sent as an encoded empty map (<c>h'A0'</c>).</summary>
    public byte[] SignedProtectedBytes => Protected.Count == 0 ? [] : ProtectedBytes;

    /// <summary>Encodes as a tagged COSE_Sign1 (definite lengths, deterministic).</summary>
    public byte[] Encode() => CborEncoder.Encode(new CborTag(Tag, new CborArray(
        ProtectedBytes, Unprotected, Payload is null ? CborSimple.Null : new CborByteString(Payload), Signature)));

    /// <summary>Decodes a COSE_Sign1 (tagged with 18, or untagged when <paramref name="requireTag"/> is false).</summary>
    /// <param name="data">The encoded message.</param>
    /// <param name="source">Name for error messages.</param>
    /// <param name="requireTag">Reject an untagged message (C2PA: "COSE_Sign1_Tagged").</param>
    /// <exception cref="ProvenantFormatException">Not a 4-element COSE_Sign1 array, wrong tag, field of the wrong type,
    /// malformed protected header, indefinite lengths, or over 16 MiB.</exception>
    public static CoseSign1 Decode(ReadOnlySpan<byte> data, string source, bool requireTag = true)
    {
        if (data.Length > MaxCoseBytes) throw new ProvenantFormatException(source, "COSE_Sign1", $"at most {MaxCoseBytes} bytes", $"{data.Length} bytes");
        var node = CborDecoder.Decode(data, source);
        if (node is CborTag tag)
        {
            if (tag.Tag != Tag) throw new ProvenantFormatException(source, "COSE_Sign1 tag", "tag 18 (RFC 9052 §2)", $"tag {tag.Tag}", 0);
            node = tag.Content;
        }
        else if (requireTag)
        {
            throw new ProvenantFormatException(source, "COSE_Sign1 tag", "tag 18 (COSE_Sign1_Tagged)", "an untagged item", 0);
        }
        if (node is not CborArray { Count: 4 } a) throw new ProvenantFormatException(source, "COSE_Sign1", "an array of 4 items (RFC 9052 §4.2)", node.GetType().Name);
        var protectedBytes = a[0].AsBytes() ?? throw new ProvenantFormatException(source, "COSE_Sign1.protected", "a byte string", a[0].GetType().Name);
        var protectedMap = protectedBytes.Length == 0 ? new CborMap()
            : CborDecoder.Decode(protectedBytes, source + " protected header") as CborMap
              ?? throw new ProvenantFormatException(source, "COSE_Sign1.protected", "a serialized header map", "another CBOR item");
        var unprotected = a[1].AsMap() ?? throw new ProvenantFormatException(source, "COSE_Sign1.unprotected", "a header map", a[1].GetType().Name);
        byte[]? payload = a[2] switch
        {
            CborByteString b => b.Value,
            CborSimple s when s == CborSimple.Null => null,
            _ => throw new ProvenantFormatException(source, "COSE_Sign1.payload", "a byte string or nil", a[2].GetType().Name),
        };
        var signature = a[3].AsBytes() ?? throw new ProvenantFormatException(source, "COSE_Sign1.signature", "a byte string", a[3].GetType().Name);
        foreach (var label in protectedMap.Entries.Select(e => e.Key))
        {
            if (unprotected.Entries.Any(u => u.Key == label)) throw new ProvenantFormatException(source, "COSE_Sign1 headers", "each label in only one bucket (RFC 9052 §3)", $"label {CborEncoderText(label)} in both");
        }
        return new CoseSign1(protectedBytes, protectedMap, unprotected, payload, signature);
    }

    private static string CborEncoderText(CborNode label) => label.AsText() ?? label.AsInt64()?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";

    /// <summary>The x5chain (label 33) certificates, signer first, from the protected header, else the unprotected one
    /// (C2PA 1.x allowed it there); empty when absent.</summary>
    /// <exception cref="ProvenantFormatException">The header is neither a byte string nor an array of byte strings.</exception>
    public IReadOnlyList<byte[]> X5Chain(string source)
    {
        var value = Protected.Get(CoseHeaderLabels.X5Chain) ?? Unprotected.Get(CoseHeaderLabels.X5Chain)
            ?? Protected.Get("x5chain") ?? Unprotected.Get("x5chain");
        return value switch
        {
            null => [],
            CborByteString b => [b.Value],
            CborArray a => a.Items.Select(i => i.AsBytes() ?? throw new ProvenantFormatException(source, "x5chain", "an array of DER certificates (bstr)", i.GetType().Name)).ToList(),
            _ => throw new ProvenantFormatException(source, "x5chain", "a bstr or an array of bstr (RFC 9360 §2)", value.GetType().Name),
        };
    }
}
