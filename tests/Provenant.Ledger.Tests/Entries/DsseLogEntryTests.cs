using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Provenant.Core.Encoding;
using Provenant.Ledger.Entries;
using Provenant.Signing.Dsse;

namespace Provenant.Ledger.Tests.Entries;

/// <summary>The Rekor v2 <c>dsse</c> 0.0.2 entry body: RFC 8785 canonical, with the fields rekor-tiles writes.</summary>
public sealed class DsseLogEntryTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BodyIsCanonicalAndCarriesTheEnvelopeDigestSignatureAndVerifier(bool certificate)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // Payload and signature bytes chosen so their base64 holds '+' and '/', which JCS must not escape.
        var payload = new byte[300];
        for (var i = 0; i < payload.Length; i++) payload[i] = (byte)(0xFB + i);
        var sig = Enumerable.Range(0, 72).Select(i => (byte)((i % 6) switch { 0 => 0xFB, 1 => 0xEF, 2 => 0xBE, _ => 0xFF })).ToArray(); // "++++////"…
        var envelope = new DsseEnvelope(payload, DsseEnvelope.InTotoPayloadType, [new DsseSignature(sig, null)]);
        EntryVerifier verifier;
        if (certificate)
        {
            var req = new CertificateRequest("CN=signer", key, HashAlgorithmName.SHA256);
            using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            verifier = EntryVerifier.FromCertificate(cert.RawData, out var certKey);
            certKey.Dispose();
        }
        else
        {
            verifier = EntryVerifier.FromPublicKey(key);
        }

        var body = DsseLogEntry.Body(envelope, verifier);

        Assert.Equal(body, CanonicalJson.Canonicalize(body));
        var o = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("0.0.2", (string?)o["apiVersion"]);
        Assert.Equal("dsse", (string?)o["kind"]);
        var spec = o["spec"]!["dsseV002"]!;
        Assert.Equal("SHA2_256", (string?)spec["payloadHash"]!["algorithm"]);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(payload)), (string?)spec["payloadHash"]!["digest"]);
        var s = spec["signatures"]!.AsArray().Single()!;
        Assert.Equal(Convert.ToBase64String(sig), (string?)s["content"]);
        Assert.Contains("+", (string)s["content"]!);
        Assert.Contains("/", (string)s["content"]!);
        Assert.Equal("PKIX_ECDSA_P256_SHA_256", (string?)s["verifier"]!["keyDetails"]);
        Assert.Equal(Convert.ToBase64String(verifier.Der), (string?)s["verifier"]![certificate ? "x509Certificate" : "publicKey"]!["rawBytes"]);
        Assert.Null(s["verifier"]![certificate ? "publicKey" : "x509Certificate"]);
    }
}
