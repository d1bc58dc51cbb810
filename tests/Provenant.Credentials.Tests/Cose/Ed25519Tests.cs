using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Provenant.Credentials.Cbor;
using Provenant.Credentials.Cose;
using Provenant.Credentials.Validation;
using Provenant.Signing.Certificates;
using Provenant.TestSupport;

namespace Provenant.Credentials.Tests.Cose;

/// <summary>EdDSA claim signatures, with the c2pa-rs Ed25519 test signer (certs/ed25519.pem, ed25519.pub).</summary>
public sealed class Ed25519Tests
{
    private static readonly byte[] Claim = Encoding.UTF8.GetBytes("an Ed25519-signed claim");

    private static (CoseSign1 Message, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> Chain) SignWithFixtureKey()
    {
        var chain = CertificateFiles.LoadAll(SharedData.Get("c2pa-fixtures", "certs", "ed25519.pub"), "chain");
        var pem = File.ReadAllText(SharedData.Get("c2pa-fixtures", "certs", "ed25519.pem"));
        var der = Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
        var key = (Ed25519PrivateKeyParameters)PrivateKeyFactory.CreateKey(der);
        var protectedMap = new CborMap().Add(CoseHeaderLabels.Algorithm, (long)CoseAlgorithm.EdDSA)
            .Add(CoseHeaderLabels.X5Chain, new CborArray(chain.Select(c => (CborNode)c.RawData).ToArray()));
        var protectedBytes = CborEncoder.Encode(protectedMap);
        var signer = new Ed25519Signer();
        signer.Init(true, key);
        var tbs = SigStructure.ForSign1(protectedBytes, default, Claim);
        signer.BlockUpdate(tbs, 0, tbs.Length);
        return (new CoseSign1(protectedBytes, protectedMap, new CborMap(), null, signer.GenerateSignature()), chain);
    }

    [Fact]
    public void AnEd25519SignatureVerifiesWithTheFixtureCertificateAndChainsToTheTestRoot()
    {
        var (message, chain) = SignWithFixtureKey();
        Assert.True(CoseVerifier.Verify(message, Claim, chain[0]).IsValid);
        Assert.False(CoseVerifier.Verify(message, Encoding.UTF8.GetBytes("another claim"), chain[0]).IsValid);
        var anchors = CertificateFiles.LoadAll(SharedData.Get("c2pa-fixtures", "certs", "trust", "test_cert_root_bundle.pem"), "anchors");
        var credential = SigningCredentialValidator.Validate(message.X5Chain("t"), anchors, DateTimeOffset.UtcNow);
        Assert.Equal(StatusCodes.SigningCredentialTrusted, credential.Code);
    }

    [Fact]
    public void AnEd25519KeyDoesNotVerifyAnotherAlgorithm()
    {
        var (message, chain) = SignWithFixtureKey();
        var es256 = new CborMap().Add(CoseHeaderLabels.Algorithm, (long)CoseAlgorithm.ES256);
        Assert.False(CoseVerifier.Verify(message with { Protected = es256, ProtectedBytes = CborEncoder.Encode(es256) }, Claim, chain[0]).IsValid);
    }
}
