using Provenant.Core.Errors;
using Provenant.TestSupport;
using static Provenant.Cli.Tests.CliRunner;

namespace Provenant.Cli.Tests;

/// <summary>Certificate-mode signing with model_signing's test PKI (oms-vectors/keys/certificate), and empty files.</summary>
public class CertificateModeTests
{
    private static string Pki(string name) => SharedData.Get("oms-vectors", "keys", "certificate", name);

    [Fact]
    public void SignWithCertificateChainVerifiesAgainstTheRootOnly()
    {
        using var tmp = SharedData.NewTempDir();
        tmp.Write("m/weights.bin", "real weights");
        tmp.Write("m/empty.bin", "");
        var sign = Run("sign", tmp["m"], "--private-key", Pki("signing-key.pem"), "--signature", tmp["m.sig"],
            "--signing-certificate", Pki("signing-key-cert.pem"), "--certificate-chain", Pki("int-ca-cert.pem"), "--shards", "--shard-size", "4");
        Assert.True(sign.ExitCode == 0, sign.All);
        var v = Run("verify", tmp["m"], "--signature", tmp["m.sig"], "--certificate-chain", Pki("ca-cert.pem"));
        Assert.True(v.ExitCode == 0, v.All);
        var digest = Run("digest", tmp["m"], "--shards", "--shard-size", "4");
        Assert.Contains("empty.bin:0:0", digest.Out);

        // The leaf alone as "trust anchor" set without the root must not verify through an unrelated root.
        Assert.Equal(0, Run("keygen", "--out", tmp["k.pem"]).ExitCode);
        var wrong = Run("verify", tmp["m"], "--signature", tmp["m.sig"], "--public-key", tmp["k.pub.pem"]);
        Assert.Equal(ExitCodes.VerificationFailed, wrong.ExitCode);
        Assert.Contains("certificate", wrong.Err);
    }

    [Fact]
    public void CertificateThatDoesNotHoldTheKeyIsRefused()
    {
        using var tmp = SharedData.NewTempDir();
        tmp.Write("m/weights.bin", "real weights");
        Assert.Equal(0, Run("keygen", "--out", tmp["k.pem"]).ExitCode);
        var sign = Run("sign", tmp["m"], "--private-key", tmp["k.pem"], "--signature", tmp["m.sig"], "--signing-certificate", Pki("signing-key-cert.pem"));
        Assert.Equal(ExitCodes.InputError, sign.ExitCode);
        Assert.Contains("does not match the private key", sign.Err);
        Assert.False(File.Exists(tmp["m.sig"]));
    }
}
