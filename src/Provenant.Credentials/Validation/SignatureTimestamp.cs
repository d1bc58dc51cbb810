using System.Formats.Asn1;
using System.Security.Cryptography;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.X509;
using Provenant.Credentials.Cbor;
using Provenant.Credentials.Cose;

namespace Provenant.Credentials.Validation;

/// <summary>
/// RFC 3161 time-stamps on a claim signature (C2PA 2.x §10.3.2.5): v1 <c>sigTst</c> (deprecated; each
/// <c>tstTokens[].val</c> a TimeStampResp) and v2 <c>sigTst2</c> (each val a TimeStampToken; the RFC 9921 "CTT"
/// model). The message imprint is the hash of the COSE "CounterSignature" Sig_structure (RFC 9052 §4.4 layout) over
/// the claim (v1) or over the CBOR-encoded signature value (v2). A token is accepted when its
/// message imprint matches and its CMS signature verifies with the TSA certificate it carries (BouncyCastle
/// <see cref="TimeStampToken.Validate"/>: the TSA certificate must carry the critical timeStamping EKU and be valid
/// at the time-stamp). The TSA is not checked against a trust list.
/// </summary>
public static class SignatureTimestamp
{
    private const int MaxTokens = 8;

    /// <summary>Evaluates the time-stamps of <paramref name="cose"/>.</summary>
    /// <param name="cose">The claim signature.</param>
    /// <param name="claimBytes">The detached payload (the claim).</param>
    /// <param name="time">The attested time of the first valid token, or null.</param>
    /// <returns>Null when the signature carries no time-stamp; else <c>timeStamp.validated</c> or <c>timeStamp.mismatch</c>.</returns>
    public static StatusCheck? Evaluate(CoseSign1 cose, byte[] claimBytes, out DateTimeOffset? time)
    {
        time = null;
        var v2 = cose.Unprotected.Get("sigTst2");
        var container = v2 ?? cose.Unprotected.Get("sigTst");
        if (container is null) return null;
        var header = v2 is null ? "sigTst" : "sigTst2";
        var tokens = container.AsMap()?.Get("tstTokens")?.AsArray();
        if (tokens is null || tokens.Count == 0 || tokens.Count > MaxTokens) return Mismatch($"{header}: expected 1-{MaxTokens} tstTokens");
        // v1: the "CounterSignature" Sig_structure over the claim; v2: the same structure whose payload is the CBOR
        // encoding of the finished signature (a bstr), so the time-stamp also covers the signature value.
        var payload = v2 is null ? claimBytes : CborEncoder.Encode(new CborByteString(cose.Signature));
        var imprinted = CborEncoder.Encode(new CborArray("CounterSignature", cose.SignedProtectedBytes, Array.Empty<byte>(), payload));
        var problems = new List<string>();
        foreach (var item in tokens.Items)
        {
            var val = item.AsMap()?.Get("val")?.AsBytes();
            if (val is null) { problems.Add("a token without val"); continue; }
            try
            {
                var token = Token(val);
                var info = token.TimeStampInfo;
                var expected = HashFor(info.MessageImprintAlgOid, imprinted);
                if (expected is null) { problems.Add($"unsupported imprint hash {info.MessageImprintAlgOid}"); continue; }
                if (!CryptographicOperations.FixedTimeEquals(expected, info.GetMessageImprintDigest())) { problems.Add("message imprint does not match the signature"); continue; }
                var tsa = TsaCertificate(token);
                if (tsa is null) { problems.Add("the token carries no TSA certificate matching its signer"); continue; }
                token.Validate(tsa);
                time = new DateTimeOffset(DateTime.SpecifyKind(info.GenTime, DateTimeKind.Utc));
                return new StatusCheck(StatusCodes.TimeStampValidated, true, $"{header} from '{tsa.SubjectDN}' at {time:u} (TSA not checked against a trust list)");
            }
            // BouncyCastle's ASN.1 and CMS parsers throw many exception types on malformed DER (InvalidCastException,
            // ArgumentException, IOException, its own Asn1/Cms/Tsp exceptions…): any of them means "not a valid token".
            catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException))
            {
                problems.Add(e.Message.Split('\n')[0]);
            }
        }
        return Mismatch($"{header}: {string.Join("; ", problems)}");
    }

    private static StatusCheck Mismatch(string why) => new(StatusCodes.TimeStampMismatch, false, why);

    /// <summary>A v1 value is a TimeStampResp (SEQUENCE starting with the PKIStatusInfo SEQUENCE), a v2 value a bare
    /// ContentInfo (SEQUENCE starting with an OID); both shapes are found in the field.</summary>
    private static TimeStampToken Token(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
        return reader.PeekTag().TagValue == (int)UniversalTagNumber.ObjectIdentifier
            ? new TimeStampToken(new CmsSignedData(der))
            : new TimeStampResponse(der).TimeStampToken ?? throw new TspException("time-stamp response without a token (not granted)");
    }

    private static X509Certificate? TsaCertificate(TimeStampToken token)
    {
        var store = token.GetCertificates("Collection");
        foreach (var c in store.GetMatches(token.SignerID))
        {
            if (c is X509Certificate cert) return cert;
        }
        return null;
    }

    private static byte[]? HashFor(string oid, byte[] data) => oid switch
    {
        "2.16.840.1.101.3.4.2.1" => SHA256.HashData(data),
        "2.16.840.1.101.3.4.2.2" => SHA384.HashData(data),
        "2.16.840.1.101.3.4.2.3" => SHA512.HashData(data),
        _ => null,
    };
}
