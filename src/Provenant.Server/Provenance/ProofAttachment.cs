using System.Text.Json;
using System.Text.Json.Nodes;
using Provenant.Core.Encoding;

namespace Provenant.Server.Provenance;

/// <summary>
/// The stored form of an <c>inference-proof</c> attachment: canonical JSON (RFC 8785)
/// <c>{"proof": base64 proof file, "weightCommitment": base64 commitment file}</c>, so the chain can re-verify the
/// proof from the attachment alone. The attachment is linked to the proof file's digest (<c>sha256:hex</c>).
/// </summary>
public static class ProofAttachment
{
    /// <summary>The attachment kind.</summary>
    public const string Kind = "inference-proof";

    /// <summary>The media type recorded for it.</summary>
    public const string MediaType = "application/vnd.provenant.inference-proof+json";

    /// <summary>Encodes a proof and its weight commitment file.</summary>
    public static byte[] Encode(byte[] proof, byte[] weightCommitment) => CanonicalJson.Canonicalize(new JsonObject
    {
        ["proof"] = Convert.ToBase64String(proof),
        ["weightCommitment"] = Convert.ToBase64String(weightCommitment),
    });

    /// <summary>Decodes stored bytes; null when they are not an encoded proof attachment.</summary>
    public static (byte[] Proof, byte[] WeightCommitment)? Decode(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        try
        {
            using var doc = JsonDocument.Parse(data);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("proof", out var p) || p.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("weightCommitment", out var c) || c.ValueKind != JsonValueKind.String) return null;
            return (Convert.FromBase64String(p.GetString()!), Convert.FromBase64String(c.GetString()!));
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }
}
