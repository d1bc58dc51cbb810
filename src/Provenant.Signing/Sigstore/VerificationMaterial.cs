using System.Text.Json.Nodes;
using Provenant.Signing.Json;

namespace Provenant.Signing.Sigstore;

/// <summary>
/// The <c>verificationMaterial</c> of a Sigstore bundle v0.3 (sigstore/protobuf-specs, sigstore_bundle.proto):
/// exactly one of a public-key identifier (<c>publicKey.hint</c>, or the legacy <c>publicKey.rawBytes</c>),
/// an X.509 chain (<c>x509CertificateChain.certificates[].rawBytes</c>, leaf first, DER) or a single
/// Fulcio certificate (<c>certificate.rawBytes</c>, keyless signing); plus Rekor entries and timestamps,
/// which Provenant carries but does not verify.
/// </summary>
public sealed record VerificationMaterial
{
    /// <summary>Hex SHA-256 of the signer's public key PEM (OMS key hint), when the bundle names a key.</summary>
    public string? PublicKeyHint { get; init; }

    /// <summary>The legacy (model_signing &lt; 1.0) embedded public key bytes (a PEM document).</summary>
    public byte[]? PublicKeyRawBytes { get; init; }

    /// <summary>DER certificates, leaf first, for certificate-mode signatures; empty otherwise.</summary>
    public IReadOnlyList<byte[]> CertificateChain { get; init; } = [];

    /// <summary>The single DER leaf certificate of a keyless (Sigstore/Fulcio) signature.</summary>
    public byte[]? KeylessCertificate { get; init; }

    /// <summary>Number of transparency-log entries carried (not verified by Provenant).</summary>
    public int TlogEntryCount => TlogEntries.Count;

    /// <summary>The bundle's <c>tlogEntries</c> (Sigstore bundle v0.3 TransparencyLogEntry objects), each as its JSON text.</summary>
    public IReadOnlyList<string> TlogEntries { get; init; } = [];

    /// <summary>Whether RFC 3161 timestamp data is carried (not verified by Provenant).</summary>
    public bool HasTimestampVerificationData { get; init; }

    /// <summary>The kind of material present.</summary>
    public VerificationMaterialKind Kind =>
        KeylessCertificate is not null ? VerificationMaterialKind.Keyless
        : CertificateChain.Count > 0 ? VerificationMaterialKind.CertificateChain
        : VerificationMaterialKind.PublicKey;

    /// <summary>Parses the material at <paramref name="c"/>.</summary>
    /// <exception cref="Core.Errors.ProvenantFormatException">Malformed, or not exactly one kind of key material.</exception>
    public static VerificationMaterial Parse(JsonCursor c)
    {
        c.AllowOnly("publicKey", "x509CertificateChain", "certificate", "tlogEntries", "timestampVerificationData");
        var pk = c.Optional("publicKey");
        var chain = c.Optional("x509CertificateChain");
        var cert = c.Optional("certificate");
        var kinds = (pk is null ? 0 : 1) + (chain is null ? 0 : 1) + (cert is null ? 0 : 1);
        if (kinds != 1)
        {
            throw c.Fail("exactly one of publicKey, x509CertificateChain, certificate", $"{kinds}");
        }
        IReadOnlyList<string> tlog = c.Optional("tlogEntries")?.Array(64).Select(e => e.ExpectObject().Element.GetRawText()).ToArray() ?? [];
        var ts = c.Optional("timestampVerificationData") is not null;
        if (pk is { } p)
        {
            p.AllowOnly("hint", "rawBytes", "keyDetails");
            var hint = p.Optional("hint")?.String(128);
            var raw = p.Optional("rawBytes")?.Base64(16384);
            if (string.IsNullOrEmpty(hint) && raw is null) throw p.Fail("a hint or rawBytes");
            return new VerificationMaterial { PublicKeyHint = string.IsNullOrEmpty(hint) ? null : hint, PublicKeyRawBytes = raw, TlogEntries = tlog, HasTimestampVerificationData = ts };
        }
        if (chain is { } ch)
        {
            var certs = ch.AllowOnly("certificates").Required("certificates").Array(10).Select(x => x.AllowOnly("rawBytes").Required("rawBytes").Base64(65536)).ToList();
            if (certs.Count == 0) throw ch.Required("certificates").Fail("at least one certificate", "none");
            return new VerificationMaterial { CertificateChain = certs, TlogEntries = tlog, HasTimestampVerificationData = ts };
        }
        var leaf = cert!.Value.AllowOnly("rawBytes").Required("rawBytes").Base64(65536);
        return new VerificationMaterial { KeylessCertificate = leaf, TlogEntries = tlog, HasTimestampVerificationData = ts };
    }

    /// <summary>JSON form as model_signing writes it.</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject();
        switch (Kind)
        {
            case VerificationMaterialKind.PublicKey:
                var pk = new JsonObject();
                if (PublicKeyHint is not null) pk["hint"] = PublicKeyHint;
                if (PublicKeyRawBytes is not null) pk["rawBytes"] = Convert.ToBase64String(PublicKeyRawBytes);
                o["publicKey"] = pk;
                break;
            case VerificationMaterialKind.CertificateChain:
                o["x509CertificateChain"] = new JsonObject
                {
                    ["certificates"] = new JsonArray(CertificateChain.Select(d => (JsonNode)new JsonObject { ["rawBytes"] = Convert.ToBase64String(d) }).ToArray()),
                };
                break;
            default:
                o["certificate"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(KeylessCertificate!) };
                break;
        }
        o["tlogEntries"] = new JsonArray(TlogEntries.Select(e => JsonNode.Parse(e)).ToArray());
        return o;
    }
}
