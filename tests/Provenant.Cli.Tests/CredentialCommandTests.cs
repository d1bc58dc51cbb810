using Provenant.Core.Errors;
using Provenant.TestSupport;
using static Provenant.Cli.Tests.CliRunner;

namespace Provenant.Cli.Tests;

/// <summary><c>provenant credential add|verify</c> on the unsigned C2PA fixtures, the signed ones, and a text output.</summary>
public sealed class CredentialCommandTests
{
    private static readonly string Statement = SharedData.Get("oms-vectors", "cases", "v1.0.0-certificate", "model.sig");

    private static string Fixture(string name) => SharedData.Get("c2pa-fixtures", name);

    [Theory]
    [InlineData("libpng-test.png", "image/png")]
    [InlineData("earth_apollo17.jpg", "image/jpeg")]
    public void AddThenVerifyWithTheAnchorIsValid(string fixture, string mediaType)
    {
        using var tmp = SharedData.NewTempDir();
        using var pki = new TestPki();
        var (key, chain, root) = pki.WriteFiles(tmp.Path);
        var output = tmp["out" + Path.GetExtension(fixture)];
        var add = Run("credential", "add", Fixture(fixture), "--model-statement", Statement, "--proof", Statement, "--key", key, "--cert-chain", chain, "--out", output);
        Assert.True(add.ExitCode == 0, add.All);
        Assert.Contains(mediaType, add.Out);
        var verify = Run("credential", "verify", output, "--trust-anchors", root, "--model-statement", Statement, "--proof", Statement);
        Assert.True(verify.ExitCode == 0, verify.All);
        Assert.Contains("VALID (signer trusted)", verify.Out);
        Assert.Contains("ok   claimSignature.validated", verify.Out);
        Assert.Contains("ok   assertion.dataHash.match", verify.Out);
        Assert.Contains("model statement model.sig sha256:", verify.Out);
        Assert.Equal(2, verify.Out.Split("provenant.artifact.match").Length - 1);
    }

    [Fact]
    public void VerifyExitCodesFollowTheFixtures()
    {
        var anchors = Fixture("certs/trust/test_cert_root_bundle.pem");
        Assert.Equal(ExitCodes.Ok, Run("credential", "verify", Fixture("CA.jpg"), "--trust-anchors", anchors).ExitCode);
        var xca = Run("credential", "verify", Fixture("XCA.jpg"), "--trust-anchors", anchors);
        Assert.Equal(ExitCodes.VerificationFailed, xca.ExitCode);
        Assert.Contains("FAIL assertion.dataHash.mismatch", xca.Out);
        var none = Run("credential", "verify", Fixture("libpng-test.png"));
        Assert.Equal(ExitCodes.VerificationFailed, none.ExitCode);
        Assert.Contains("no C2PA manifest", none.Out);
    }

    [Fact]
    public void AWrongTrustAnchorIsExitOneAndAMalformedFileIsExitThree()
    {
        using var tmp = SharedData.NewTempDir();
        using var pki = new TestPki();
        using var other = new TestPki();
        var (key, chain, _) = pki.WriteFiles(tmp.Path);
        var otherRoot = tmp["other-root.pem"];
        File.WriteAllText(otherRoot, other.Root.ExportCertificatePem());
        var output = tmp["out.png"];
        Assert.Equal(0, Run("credential", "add", Fixture("libpng-test.png"), "--model-statement", Statement, "--key", key, "--cert-chain", chain, "--out", output).ExitCode);
        var untrusted = Run("credential", "verify", output, "--trust-anchors", otherRoot);
        Assert.Equal(ExitCodes.VerificationFailed, untrusted.ExitCode);
        Assert.Contains("NOT TRUSTED", untrusted.Out);

        var bytes = File.ReadAllBytes(output);
        var at = bytes.AsSpan().IndexOf("caBX"u8);
        bytes[at + 4 + 3] ^= 0xff; // a byte of the store: the caBX chunk CRC no longer matches
        File.WriteAllBytes(output, bytes);
        var malformed = Run("credential", "verify", output);
        Assert.Equal(ExitCodes.InputError, malformed.ExitCode);
        Assert.Contains("malformed", malformed.Out);
    }

    [Fact]
    public void ATextOutputGetsASidecarAndAKeyThatDoesNotMatchTheChainIsRefused()
    {
        using var tmp = SharedData.NewTempDir();
        using var pki = new TestPki();
        using var other = new TestPki();
        var (key, chain, root) = pki.WriteFiles(tmp.Path);
        var text = tmp["answer.txt"];
        File.WriteAllText(text, "generated text\n");
        Assert.Equal(0, Run("credential", "add", text, "--model-statement", Statement, "--key", key, "--cert-chain", chain).ExitCode);
        Assert.True(File.Exists(text + ".c2pa"));
        Assert.Equal(0, Run("credential", "verify", text, "--trust-anchors", root).ExitCode);

        var otherKey = tmp["other.pem"];
        File.WriteAllText(otherKey, other.SignerKey.ExportPkcs8PrivateKeyPem());
        var mismatch = Run("credential", "add", text, "--model-statement", Statement, "--key", otherKey, "--cert-chain", chain, "--out", tmp["x.c2pa"]);
        Assert.Equal(ExitCodes.InputError, mismatch.ExitCode);
        Assert.Contains("does not hold the public key", mismatch.All);
        Assert.False(File.Exists(tmp["x.c2pa"]));
    }

    [Fact]
    public void ASignerCertificateWithoutTheC2paEkusIsRefusedBeforeSigning()
    {
        using var tmp = SharedData.NewTempDir();
        using var pki = new TestPki(signerEkus: false);
        var (key, chain, _) = pki.WriteFiles(tmp.Path);
        var before = File.ReadAllBytes(Fixture("libpng-test.png"));
        var r = Run("credential", "add", Fixture("libpng-test.png"), "--model-statement", Statement, "--key", key, "--cert-chain", chain, "--out", tmp["o.png"]);
        Assert.Equal(ExitCodes.InputError, r.ExitCode);
        Assert.Contains("cannot sign C2PA claims: extended key usage extension missing", r.All);
        Assert.False(File.Exists(tmp["o.png"]));
        Assert.Equal(before, File.ReadAllBytes(Fixture("libpng-test.png")));
    }
}
