using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Provenant.Signing.Dsse;

namespace Provenant.Ledger.Entries;

/// <summary>
/// The log entry recorded for a DSSE envelope: the Rekor v2 <c>dsse</c> entry, version 0.0.2, as RFC 8785 canonical JSON
/// (rekor-tiles <c>pkg/types/dsse</c>):
/// <code>
/// {"apiVersion":"0.0.2","kind":"dsse","spec":{"dsseV002":{
///   "payloadHash":{"algorithm":"SHA2_256","digest":base64(SHA-256(payload))},
///   "signatures":[{"content":base64(sig),"verifier":{"publicKey"|"x509Certificate":{"rawBytes":base64(DER)},"keyDetails":…}}]}}}
/// </code>
/// The payload itself is not logged, only its digest; anyone holding the envelope recomputes the same entry.
/// </summary>
public static class DsseLogEntry
{
    /// <summary>The entry kind in bundles' <c>kindVersion</c>.</summary>
    public const string Kind = "dsse";

    /// <summary>The entry version in bundles' <c>kindVersion</c>.</summary>
    public const string Version = "0.0.2";

    /// <summary>The canonical entry bytes for <paramref name="envelope"/> signed under <paramref name="verifier"/>.</summary>
    public static byte[] Body(DsseEnvelope envelope, EntryVerifier verifier)
    {
        // Written directly in RFC 8785 form: members in code-unit order at every level, no whitespace, and only ASCII
        // strings from a fixed alphabet (base64, key-detail names), which JCS leaves unescaped.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512 + envelope.Signatures.Sum(s => s.Sig.Length * 2) + verifier.Der.Length * 2);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false }))
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", Version);
            w.WriteString("kind", Kind);
            w.WriteStartObject("spec");
            w.WriteStartObject("dsseV002");
            w.WriteStartObject("payloadHash");
            w.WriteString("algorithm", "SHA2_256");
            w.WriteString("digest", Convert.ToBase64String(SHA256.HashData(envelope.Payload)));
            w.WriteEndObject();
            w.WriteStartArray("signatures");
            foreach (var sig in envelope.Signatures)
            {
                w.WriteStartObject();
                w.WriteString("content", Convert.ToBase64String(sig.Sig));
                w.WriteStartObject("verifier");
                w.WriteString("keyDetails", verifier.KeyDetails); // "keyDetails" < "publicKey" < "x509Certificate"
                w.WriteStartObject(verifier.IsCertificate ? "x509Certificate" : "publicKey");
                w.WriteString("rawBytes", Convert.ToBase64String(verifier.Der));
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
