using System.Security.Cryptography;
using System.Text.Json;
using Provenant.Core;
using Provenant.Core.Errors;
using Provenant.Ledger.Entries;
using Provenant.Signing.Dsse;
using Provenant.Signing.Json;
using Provenant.Signing.Keys;
using Provenant.Signing.Sigstore;

namespace Provenant.Server.Log;

/// <summary>
/// A write request to the log, validated before anything is appended. The body is JSON, one of:
/// <list type="bullet">
/// <item>a Sigstore bundle v0.3 whose verification material holds a certificate (chain or keyless leaf);</item>
/// <item><c>{"bundle": &lt;Sigstore bundle&gt;, "publicKey": "&lt;SPKI PEM&gt;"}</c> for key-mode bundles, which only carry a key hint;</item>
/// <item><c>{"dsseEnvelope": &lt;DSSE envelope&gt;, "publicKey": "&lt;PEM&gt;"}</c> or <c>{"dsseEnvelope": …, "certificate": "&lt;base64 DER&gt;"}</c>
/// (a DSSE envelope whose payload is an in-toto statement, or any other payload type).</item>
/// </list>
/// The DSSE signature must verify under the given key or certificate's key (as Rekor v2 checks it; certificate
/// chains are not validated here, verifiers do that with their own trust anchors). The logged entry is the Rekor v2
/// <c>dsse</c> entry (<see cref="DsseLogEntry"/>).
/// </summary>
public static class LogSubmission
{
    private static readonly SubmitterKeyCache Keys = new();

    /// <summary>
    /// Splits a batch body — a JSON array of submission objects — into the raw bytes of each submission (not yet
    /// validated; each goes through <see cref="ToEntry"/>).
    /// </summary>
    /// <param name="body">The request body.</param>
    /// <param name="maxEntries">Most submissions accepted.</param>
    /// <param name="maxEntryBytes">Largest accepted submission.</param>
    /// <exception cref="ProvenantFormatException">Not a JSON array of objects, empty, more than <paramref name="maxEntries"/>
    /// submissions, or one larger than <paramref name="maxEntryBytes"/> (the message gives the array index and byte offset).</exception>
    public static IReadOnlyList<ReadOnlyMemory<byte>> SplitBatch(ReadOnlyMemory<byte> body, int maxEntries, int maxEntryBytes)
    {
        var items = new List<ReadOnlyMemory<byte>>();
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new ProvenantFormatException("request", "$", "a JSON array of submissions", reader.TokenType.ToString(), reader.TokenStartIndex);
            }
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var at = $"$[{items.Count}]";
                if (items.Count == maxEntries) throw new ProvenantFormatException("request", at, $"at most {maxEntries} submissions in one batch", "more", reader.TokenStartIndex);
                if (reader.TokenType != JsonTokenType.StartObject) throw new ProvenantFormatException("request", at, "a submission object", reader.TokenType.ToString(), reader.TokenStartIndex);
                var start = reader.TokenStartIndex;
                reader.Skip();
                var length = reader.BytesConsumed - start;
                if (length > maxEntryBytes) throw new ProvenantFormatException("request", at, $"a submission of at most {maxEntryBytes} bytes", $"{length} bytes", start);
                items.Add(body.Slice((int)start, (int)length));
            }
            if (reader.Read()) throw new ProvenantFormatException("request", "$", "nothing after the array", reader.TokenType.ToString(), reader.TokenStartIndex);
        }
        catch (JsonException e)
        {
            throw new ProvenantFormatException("request", "$", "a well-formed JSON array", e.Message, e.BytePositionInLine, inner: e);
        }
        if (items.Count == 0) throw new ProvenantFormatException("request", "$", "at least one submission", "an empty array", 0);
        return items;
    }

    /// <summary>Parses and verifies a request body; returns the entry to log.</summary>
    /// <exception cref="ProvenantFormatException">Malformed JSON or structure (HTTP 400).</exception>
    /// <exception cref="SubmissionRejectedException">A signature that does not verify, or a key that does not fit (HTTP 422).</exception>
    public static byte[] ToEntry(ReadOnlyMemory<byte> body) => Validate(body).Entry;

    /// <summary>Parses and verifies a request body; returns the entry to log and the DSSE envelope it logs (whose
    /// payload, not logged itself, the provenance index reads).</summary>
    /// <exception cref="ProvenantFormatException">Malformed JSON or structure (HTTP 400).</exception>
    /// <exception cref="SubmissionRejectedException">A signature that does not verify, or a key that does not fit (HTTP 422).</exception>
    public static (byte[] Entry, DsseEnvelope Envelope) Validate(ReadOnlyMemory<byte> body)
    {
        using var doc = JsonCursor.ParseDocument(body, "request");
        var root = new JsonCursor(doc.RootElement, "request", "$").ExpectObject();
        if (root.Optional("mediaType") is not null)
        {
            var b = SigstoreBundle.Parse(root);
            return (Verify(b.Envelope, b.Material, null), b.Envelope);
        }
        root.AllowOnly("bundle", "dsseEnvelope", "publicKey", "certificate");
        var pem = root.Optional("publicKey")?.String(16 << 10);
        if (root.Optional("bundle") is { } bundle)
        {
            var b = SigstoreBundle.Parse(bundle);
            return (Verify(b.Envelope, b.Material, pem), b.Envelope);
        }
        var envelope = DsseEnvelope.Parse(root.Required("dsseEnvelope"));
        if (root.Optional("certificate") is { } cert)
        {
            return (Verify(envelope, new VerificationMaterial { KeylessCertificate = cert.Base64(64 << 10) }, pem), envelope);
        }
        if (pem is null) throw root.Fail("a publicKey (PEM) or certificate beside the dsseEnvelope");
        return (Verify(envelope, null, pem), envelope);
    }

    private static byte[] Verify(DsseEnvelope envelope, VerificationMaterial? material, string? pem)
    {
        if (envelope.Signatures.Count != 1) throw new SubmissionRejectedException($"expected exactly one DSSE signature, found {envelope.Signatures.Count}");
        ECDsa? key = null;
        string? hint = null;
        var owned = false;
        try
        {
            EntryVerifier verifier;
            var certDer = material?.KeylessCertificate ?? (material?.CertificateChain.Count > 0 ? material.CertificateChain[0] : null);
            if (certDer is not null)
            {
                owned = true;
                try { verifier = EntryVerifier.FromCertificate(certDer, out key); }
                catch (Exception e) when (e is ArgumentException or CryptographicException) { throw new SubmissionRejectedException("the signing certificate is not usable: " + e.Message); }
            }
            else
            {
                if (pem is null) throw new SubmissionRejectedException("a key-mode bundle carries only a key hint: send {\"bundle\": …, \"publicKey\": \"<PEM>\"}");
                try { (key, verifier, hint) = Keys.Get(pem); }
                catch (ProvenantException e) { throw new SubmissionRejectedException(e.Message); }
            }
            var check = BundleVerifier.Verify(
                new SigstoreBundle(SigstoreBundle.MediaTypeV03, new VerificationMaterial { PublicKeyHint = material?.PublicKeyHint }, envelope),
                new TrustMaterial { PublicKey = key, PublicKeyHint = hint });
            if (!check.Result.IsValid) throw new SubmissionRejectedException(check.Result.Reason);
            return DsseLogEntry.Body(envelope, verifier);
        }
        finally
        {
            if (owned) key?.Dispose();
        }
    }
}
