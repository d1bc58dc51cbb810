using Provenant.TestSupport;
using System.Security.Cryptography;
using System.Text;
using Provenant.Core.Errors;
using Provenant.Credentials.Cbor;
using Provenant.Credentials.Cose;

namespace Provenant.Credentials.Tests.Cose;

public sealed class CoseSign1RoundTripTests
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("a detached C2PA claim stands here");

    [Theory]
    [InlineData("nistP256", CoseAlgorithm.ES256, 64)]
    [InlineData("nistP384", CoseAlgorithm.ES384, 96)]
    public void ADetachedSignatureRoundTripsWithAlgAndX5ChainProtected(string curve, CoseAlgorithm alg, int signatureLength)
    {
        using var pki = new TestPki(curve: ECCurve.CreateFromFriendlyName(curve));
        var message = CoseSigner.Sign(pki.SignerKey, Payload, pki.Chain);
        var decoded = CoseSign1.Decode(message.Encode(), "round trip");
        Assert.Null(decoded.Payload);
        Assert.Equal((long)alg, decoded.AlgorithmId);
        Assert.Equal(signatureLength, decoded.Signature.Length);
        Assert.Equal(2, decoded.X5Chain("t").Count);
        Assert.IsType<CborArray>(decoded.Protected.Get(CoseHeaderLabels.X5Chain));
        Assert.True(CoseVerifier.Verify(decoded, Payload, pki.Signer).IsValid);
        Assert.False(CoseVerifier.Verify(decoded, Encoding.UTF8.GetBytes("another claim"), pki.Signer).IsValid);
        Assert.False(CoseVerifier.Verify(decoded, Payload, pki.Intermediate).IsValid);
    }

    [Fact]
    public void FlippingAnySingleByteOfTheMessageMakesItRejectedOrMalformed()
    {
        using var pki = new TestPki();
        var bytes = CoseSigner.Sign(pki.SignerKey, Payload, [pki.Signer.RawData]).Encode();
        var accepted = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            foreach (var mask in new byte[] { 0x01, 0x80 })
            {
                var copy = (byte[])bytes.Clone();
                copy[i] ^= mask;
                try
                {
                    var m = CoseSign1.Decode(copy, "flipped");
                    if (CoseVerifier.Verify(m, Payload, pki.Signer).IsValid) accepted++;
                }
                catch (ProvenantFormatException)
                {
                }
            }
        }
        Assert.Equal(0, accepted);
    }

    [Fact]
    public void FlippingAnyPayloadByteIsRejected()
    {
        using var pki = new TestPki();
        var message = CoseSigner.Sign(pki.SignerKey, Payload, pki.Chain);
        for (var i = 0; i < Payload.Length; i++)
        {
            var copy = (byte[])Payload.Clone();
            copy[i] ^= 0x20;
            Assert.False(CoseVerifier.Verify(message, copy, pki.Signer).IsValid);
        }
    }

    [Fact]
    public void AnUntaggedOrWronglyTaggedMessageIsMalformed()
    {
        using var pki = new TestPki();
        var tagged = CoseSigner.Sign(pki.SignerKey, Payload, pki.Chain).Encode();
        Assert.Contains("tag 18", Assert.Throws<ProvenantFormatException>(() => CoseSign1.Decode(tagged.AsSpan(1), "untagged")).Message);
        var wrong = (byte[])tagged.Clone();
        wrong[0] = 0xd1;
        Assert.Contains("tag 18", Assert.Throws<ProvenantFormatException>(() => CoseSign1.Decode(wrong, "tag 17")).Message);
    }

    [Fact]
    public void AnUnknownAlgorithmIsReportedUnsupported()
    {
        using var pki = new TestPki();
        var m = CoseSigner.Sign(pki.SignerKey, Payload, pki.Chain);
        var protectedMap = new CborMap().Add(CoseHeaderLabels.Algorithm, -65535);
        var odd = m with { ProtectedBytes = CborEncoder.Encode(protectedMap), Protected = protectedMap };
        Assert.Contains("algorithm.unsupported", CoseVerifier.Verify(odd, Payload, pki.Signer).Reason);
    }
}
