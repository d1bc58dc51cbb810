using System.Text.Json;
using System.Text.Json.Nodes;
using Provenant.Core.IO;
using Provenant.Signing.Dsse;
using Provenant.Signing.Json;

namespace Provenant.Signing.Sigstore;

/// <summary>
/// A Sigstore bundle v0.3 in its JSON form (sigstore/protobuf-specs <c>dev.sigstore.bundle.v1.Bundle</c>)
/// holding a DSSE envelope: the signature file format of OpenSSF Model Signing v1.0 (<c>model.sig</c>).
/// </summary>
/// <param name="MediaType">Must be <see cref="MediaTypeV03"/>.</param>
/// <param name="Material">Key material.</param>
/// <param name="Envelope">The signed DSSE envelope.</param>
public sealed record SigstoreBundle(string MediaType, VerificationMaterial Material, DsseEnvelope Envelope)
{
    /// <summary>The bundle media type OMS writes and accepts.</summary>
    public const string MediaTypeV03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

    /// <summary>Largest signature file accepted (16 MiB).</summary>
    public const long MaxFileBytes = 16L << 20;

    /// <summary>Reads and parses a bundle file (bounded to <see cref="MaxFileBytes"/>).</summary>
    /// <exception cref="Core.Errors.ProvenantException">Missing/unreadable file.</exception>
    /// <exception cref="Core.Errors.ProvenantFormatException">Malformed JSON or fields, wrong media type.</exception>
    public static SigstoreBundle ReadFile(string path) => Parse(BoundedFile.ReadAll(path, "signature", MaxFileBytes), path);

    /// <summary>Parses bundle JSON; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="Core.Errors.ProvenantFormatException">Malformed JSON or fields, wrong media type.</exception>
    public static SigstoreBundle Parse(ReadOnlyMemory<byte> json, string source)
    {
        using var doc = JsonCursor.ParseDocument(json, source);
        return Parse(new JsonCursor(doc.RootElement, source, "$"));
    }

    /// <summary>Parses a bundle object already inside a parsed JSON document (for example a field of a request).</summary>
    /// <exception cref="Core.Errors.ProvenantFormatException">Malformed fields or wrong media type.</exception>
    public static SigstoreBundle Parse(JsonCursor bundle)
    {
        var root = bundle.ExpectObject().AllowOnly("mediaType", "verificationMaterial", "dsseEnvelope", "messageSignature");
        var mediaType = root.Required("mediaType").String(256);
        if (mediaType != MediaTypeV03)
        {
            throw root.Required("mediaType").Fail($"\"{MediaTypeV03}\"", $"\"{mediaType}\"");
        }
        var material = VerificationMaterial.Parse(root.Required("verificationMaterial"));
        if (root.Optional("messageSignature") is not null)
        {
            throw root.Fail("a dsseEnvelope (OMS signs DSSE envelopes, not message signatures)", "messageSignature");
        }
        var envelope = DsseEnvelope.Parse(root.Required("dsseEnvelope"));
        return new SigstoreBundle(mediaType, material, envelope);
    }

    /// <summary>The compact JSON bytes, key order as model_signing writes them.</summary>
    public byte[] ToJsonBytes()
    {
        var o = new JsonObject
        {
            ["mediaType"] = MediaType,
            ["verificationMaterial"] = Material.ToJson(),
            ["dsseEnvelope"] = Envelope.ToJson(),
        };
        return JsonSerializer.SerializeToUtf8Bytes(o);
    }
}
