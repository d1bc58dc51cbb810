using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provenant.Signing.Json;

namespace Provenant.Ledger.Entries;

/// <summary>
/// A Sigstore bundle v0.3 <c>TransparencyLogEntry</c> as a tiled (Rekor v2 style) log writes it: no inclusion promise,
/// integratedTime 0, and an inclusion proof carrying the signed checkpoint
/// (sigstore/protobuf-specs <c>dev.sigstore.rekor.v1.TransparencyLogEntry</c>):
/// <code>
/// {"logIndex":"N","logId":{"keyId":b64},"kindVersion":{"kind":"dsse","version":"0.0.2"},"integratedTime":"0",
///  "inclusionProof":{"logIndex":"N","rootHash":b64,"treeSize":"S","hashes":[b64…],"checkpoint":{"envelope":note}},
///  "canonicalizedBody":b64}
/// </code>
/// </summary>
/// <param name="LogIndex">Entry index.</param>
/// <param name="LogId">SHA-256 of the log's public key (DER SubjectPublicKeyInfo).</param>
/// <param name="Kind">Entry kind, e.g. dsse.</param>
/// <param name="Version">Entry kind version, e.g. 0.0.2.</param>
/// <param name="RootHash">Root of the tree the proof leads to (32 bytes).</param>
/// <param name="TreeSize">Size of that tree.</param>
/// <param name="Hashes">Inclusion proof, bottom first.</param>
/// <param name="Checkpoint">The signed checkpoint note for (TreeSize, RootHash).</param>
/// <param name="CanonicalizedBody">The logged entry bytes.</param>
public sealed record BundleTlogEntry(ulong LogIndex, byte[] LogId, string Kind, string Version, byte[] RootHash, ulong TreeSize,
    IReadOnlyList<byte[]> Hashes, string Checkpoint, byte[] CanonicalizedBody)
{
    /// <summary>SHA-256 of the DER SubjectPublicKeyInfo of a 32-byte Ed25519 log key (RFC 8410).</summary>
    public static byte[] LogIdFor(ReadOnlySpan<byte> ed25519PublicKey)
    {
        byte[] prefix = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];
        return SHA256.HashData([.. prefix, .. ed25519PublicKey]);
    }

    /// <summary>The JSON object for a bundle's <c>verificationMaterial.tlogEntries</c> (the members <see cref="WriteTo(Utf8JsonWriter)"/> writes).</summary>
    public JsonObject ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer)) WriteTo(w);
        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }

    /// <summary>
    /// Writes the entry as one JSON object (the shape in the type's summary) straight to <paramref name="w"/>, without
    /// building a DOM: the log server answers every submission with it.
    /// </summary>
    public void WriteTo(Utf8JsonWriter w) => WriteTo(w, JsonEncodedText.Encode(Checkpoint));

    /// <summary>
    /// Writes the entry as <see cref="WriteTo(Utf8JsonWriter)"/> does, with the checkpoint note already JSON-encoded:
    /// a server answering many entries under one checkpoint encodes the note (a few hundred bytes with line feeds to
    /// escape) once instead of once per entry. The bytes written are the same.
    /// </summary>
    /// <param name="w">The writer.</param>
    /// <param name="encodedCheckpoint"><c>JsonEncodedText.Encode(Checkpoint)</c>, with the default encoder (the caller's
    /// promise: it is written as given, not compared with <see cref="Checkpoint"/>).</param>
    public void WriteTo(Utf8JsonWriter w, JsonEncodedText encodedCheckpoint)
    {
        ArgumentNullException.ThrowIfNull(w);
        Span<byte> digits = stackalloc byte[20];
        w.WriteStartObject();
        w.WriteString("logIndex"u8, Digits(LogIndex, digits));
        w.WriteStartObject("logId"u8);
        w.WriteBase64String("keyId"u8, LogId);
        w.WriteEndObject();
        w.WriteStartObject("kindVersion"u8);
        w.WriteString("kind"u8, Kind);
        w.WriteString("version"u8, Version);
        w.WriteEndObject();
        w.WriteString("integratedTime"u8, "0"u8);
        w.WriteStartObject("inclusionProof"u8);
        w.WriteString("logIndex"u8, Digits(LogIndex, digits));
        w.WriteBase64String("rootHash"u8, RootHash);
        w.WriteString("treeSize"u8, Digits(TreeSize, digits));
        w.WriteStartArray("hashes"u8);
        foreach (var h in Hashes) w.WriteBase64StringValue(h);
        w.WriteEndArray();
        w.WriteStartObject("checkpoint"u8);
        w.WriteString("envelope"u8, encodedCheckpoint);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteBase64String("canonicalizedBody"u8, CanonicalizedBody);
        w.WriteEndObject();
    }

    private static ReadOnlySpan<byte> Digits(ulong value, Span<byte> buffer)
    {
        value.TryFormat(buffer, out var n, default, CultureInfo.InvariantCulture);
        return buffer[..n];
    }

    /// <summary>Parses one tlog entry.</summary>
    /// <exception cref="Core.Errors.ProvenantFormatException">Missing or malformed fields, or the two log indices differ.</exception>
    public static BundleTlogEntry Parse(string json, string source)
    {
        using var doc = JsonCursor.ParseDocument(System.Text.Encoding.UTF8.GetBytes(json), source);
        var c = new JsonCursor(doc.RootElement, source, "tlogEntries[]").ExpectObject();
        var index = UInt(c.Required("logIndex"));
        var logId = c.Required("logId").Required("keyId").Base64(64);
        var kv = c.Required("kindVersion");
        var proof = c.Optional("inclusionProof") ?? throw c.Fail("an inclusionProof (this log issues no inclusion promises)");
        if (UInt(proof.Required("logIndex")) != index) throw proof.Required("logIndex").Fail($"the entry's logIndex {index}");
        var root = proof.Required("rootHash").Base64(32);
        var size = UInt(proof.Required("treeSize"));
        var hashes = proof.Required("hashes").Array(64).Select(h => h.Base64(32)).ToArray();
        var note = proof.Required("checkpoint").Required("envelope").String(64 << 10);
        var body = c.Required("canonicalizedBody").Base64(1 << 17);
        return new BundleTlogEntry(index, logId, kv.Required("kind").String(64), kv.Required("version").String(64), root, size, hashes, note, body);
    }

    private static ulong UInt(JsonCursor c)
    {
        // protobuf JSON writes int64 as a string; accept a number too.
        var s = c.Element.ValueKind == JsonValueKind.Number ? c.Element.GetRawText() : c.String(20);
        return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw c.Fail("a non-negative integer", s);
    }
}
