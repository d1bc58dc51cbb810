using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Provenant.Core.Encoding;
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
        var sigs = new JsonArray();
        foreach (var s in envelope.Signatures)
        {
            sigs.Add(new JsonObject
            {
                ["content"] = Convert.ToBase64String(s.Sig),
                ["verifier"] = new JsonObject
                {
                    [verifier.IsCertificate ? "x509Certificate" : "publicKey"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(verifier.Der) },
                    ["keyDetails"] = verifier.KeyDetails,
                },
            });
        }
        var o = new JsonObject
        {
            ["apiVersion"] = Version,
            ["kind"] = Kind,
            ["spec"] = new JsonObject
            {
                ["dsseV002"] = new JsonObject
                {
                    ["payloadHash"] = new JsonObject { ["algorithm"] = "SHA2_256", ["digest"] = Convert.ToBase64String(SHA256.HashData(envelope.Payload)) },
                    ["signatures"] = sigs,
                },
            },
        };
        return CanonicalJson.Canonicalize(System.Text.Encoding.UTF8.GetBytes(o.ToJsonString()), "log entry");
    }
}
