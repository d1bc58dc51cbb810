using Provenant.Core.Errors;
using Provenant.Server.Log;
using Provenant.TestSupport;
using static Provenant.Cli.Tests.CliRunner;

namespace Provenant.Cli.Tests;

/// <summary>
/// <c>provenant credential verify --model-statement BUNDLE --log-key VKEY</c>: the chain from a credentialed output
/// through the model's signed statement to the transparency log, checked offline.
/// </summary>
public sealed class CredentialLogCommandTests
{
    [Fact]
    public async Task A_credential_on_a_logged_statement_verifies_its_log_inclusion_offline()
    {
        using var tmp = SharedData.NewTempDir();
        Directory.CreateDirectory(tmp["log"]);
        Directory.CreateDirectory(tmp["other-log"]);
        await using var log = await LogHost.StartAsync(new LogServerOptions { DataDirectory = tmp["log"], Urls = ["http://127.0.0.1:0"], Origin = "test.example/log" });
        await using var other = await LogHost.StartAsync(new LogServerOptions { DataDirectory = tmp["other-log"], Urls = ["http://127.0.0.1:0"], Origin = "test.example/log" });
        Directory.CreateDirectory(tmp["model"]);
        File.WriteAllBytes(Path.Combine(tmp["model"], "weights.bin"), Enumerable.Range(0, 4096).Select(i => (byte)i).ToArray());
        Assert.Equal(0, Run("keygen", "--out", tmp["key.pem"]).ExitCode);
        var sign = await Task.Run(() => Run("sign", tmp["model"], "--private-key", tmp["key.pem"], "--signature", tmp["model.sig"],
            "--log", log.Addresses[0], "--log-token-file", log.TokenPath));
        Assert.True(sign.ExitCode == 0, sign.All);

        using var pki = new TestPki();
        var (key, chain, root) = pki.WriteFiles(tmp.Path);
        var output = tmp["out.png"];
        var add = Run("credential", "add", SharedData.Get("c2pa-fixtures", "libpng-test.png"), "--model-statement", tmp["model.sig"], "--key", key, "--cert-chain", chain, "--out", output);
        Assert.True(add.ExitCode == 0, add.All);

        string[] Verify(string vkey) => ["credential", "verify", output, "--trust-anchors", root, "--model-statement", tmp["model.sig"],
            "--statement-key", tmp["key.pub.pem"], "--log-key", vkey];
        var ok = Run(Verify(Path.Combine(tmp["log"], "log.vkey")));
        Assert.True(ok.ExitCode == 0, ok.All);
        Assert.Contains("VALID (signer trusted)", ok.Out);
        Assert.Contains("logged: the model statement is in the transparency log", ok.Out);

        // Another log's key (same origin name, different key): the checkpoint signature does not verify.
        var wrongLog = Run(Verify(Path.Combine(tmp["other-log"], "log.vkey")));
        Assert.Equal(ExitCodes.VerificationFailed, wrongLog.ExitCode);
        Assert.Contains("NOT LOGGED", wrongLog.Out);

        // A statement bundle whose tlog entry was altered no longer matches the credential or the log.
        var tampered = File.ReadAllText(tmp["model.sig"]).Replace("\"logIndex\":\"0\"", "\"logIndex\":\"1\"");
        Assert.NotEqual(File.ReadAllText(tmp["model.sig"]), tampered);
        File.WriteAllText(tmp["tampered.sig"], tampered);
        var bad = Run("credential", "verify", output, "--trust-anchors", root, "--model-statement", tmp["tampered.sig"],
            "--statement-key", tmp["key.pub.pem"], "--log-key", Path.Combine(tmp["log"], "log.vkey"));
        Assert.NotEqual(0, bad.ExitCode);

        Assert.Equal(ExitCodes.Usage, Run("credential", "verify", output, "--log-key", Path.Combine(tmp["log"], "log.vkey")).ExitCode);
    }
}
