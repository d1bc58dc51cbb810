using System.Text.Json.Nodes;
using Provenant.Signing.Json;

namespace Provenant.Signing.Dsse;

/// <summary>
/// A DSSE envelope (secure-systems-lab/dsse, envelope.md): <c>{payload: base64, payloadType, signatures: [{sig, keyid}]}</c>.
/// Signatures cover <see cref="DssePae.Encode"/>(payloadType, payload).
/// </summary>
/// <param name="Payload">The raw payload bytes (base64-decoded).</param>
/// <param name="PayloadType">Media type of the payload, e.g. <see cref="InTotoPayloadType"/>.</param>
/// <param name="Signatures">The signatures (OMS requires exactly one).</param>
public sealed record DsseEnvelope(byte[] Payload, string PayloadType, IReadOnlyList<DsseSignature> Signatures)
{
    /// <summary>The payload type for in-toto statements.</summary>
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    /// <summary>Largest payload accepted when parsing (32 MiB).</summary>
    public const int MaxPayloadBytes = 32 << 20;

    /// <summary>Parses the envelope at <paramref name="cursor"/>.</summary>
    /// <exception cref="Core.Errors.ProvenantFormatException">A field is missing or malformed.</exception>
    public static DsseEnvelope Parse(JsonCursor cursor)
    {
        cursor.AllowOnly("payload", "payloadType", "signatures");
        var payload = cursor.Required("payload").Base64(MaxPayloadBytes);
        var type = cursor.Required("payloadType").String(256);
        var sigs = cursor.Required("signatures").Array(16)
            .Select(s => s.AllowOnly("sig", "keyid")).Select(s => new DsseSignature(s.Required("sig").Base64(4096), s.Optional("keyid")?.String(1024)))
            .ToList();
        return new DsseEnvelope(payload, type, sigs);
    }

    /// <summary>The JSON form (keys in the order model_signing writes them).</summary>
    public JsonObject ToJson() => new()
    {
        ["payload"] = Convert.ToBase64String(Payload),
        ["payloadType"] = PayloadType,
        ["signatures"] = new JsonArray(Signatures.Select(s => (JsonNode)new JsonObject
        {
            ["sig"] = Convert.ToBase64String(s.Sig),
            ["keyid"] = s.KeyId ?? "",
        }).ToArray()),
    };
}
