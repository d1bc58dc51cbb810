using System.Diagnostics;
using System.Net;
using Provenant.Ledger.Notes;
using Provenant.TestSupport;

namespace Provenant.Cli.Tests.Witness;

/// <summary><c>provenant witness keygen|serve</c>; serve runs as a real process against the Tessera test log's checkpoints.</summary>
public class WitnessCommandTests
{
    private const string TesseraLogKey = "example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx";

    [Fact]
    public void KeygenWritesAPrivateKeyAndItsVerifierKey()
    {
        using var tmp = SharedData.NewTempDir();
        var r = CliRunner.Run("witness", "keygen", "--name", "witness.example/w1", "--out", tmp["w.key"]);
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tmp["w.key"]));
        var signer = CosignatureV1Signer.ParsePrivateKey(File.ReadAllText(tmp["w.key"]).Trim());
        var vkey = File.ReadAllText(tmp["w.key.vkey"]).Trim();
        Assert.Equal(signer.Verifier.ToString(), vkey);
        Assert.IsType<CosignatureV1Verifier>(NoteVerifierKey.Parse(vkey));
        Assert.Contains(vkey, r.Out);
        Assert.DoesNotContain("PRIVATE", r.Out);

        Assert.Equal(4, CliRunner.Run("witness", "keygen", "--name", "witness.example/w1", "--out", tmp["w.key"]).ExitCode);
        Assert.Equal(2, CliRunner.Run("witness", "keygen", "--name", "bad name", "--out", tmp["x.key"]).ExitCode);
    }

    [Fact]
    public void ServeRejectsBadKeysBeforeListening()
    {
        using var tmp = SharedData.NewTempDir();
        Assert.Equal(0, CliRunner.Run("witness", "keygen", "--name", "witness.example/w1", "--out", tmp["w.key"]).ExitCode);
        tmp.Write("log.vkey", TesseraLogKey + "\n");
        tmp.Write("garbage.vkey", "not a key\n");
        Assert.Equal(3, CliRunner.Run("witness", "serve", "--key", tmp["missing.key"], "--log-key", tmp["log.vkey"]).ExitCode);
        Assert.Equal(3, CliRunner.Run("witness", "serve", "--key", tmp["log.vkey"], "--log-key", tmp["log.vkey"]).ExitCode);
        var garbage = CliRunner.Run("witness", "serve", "--key", tmp["w.key"], "--log-key", tmp["garbage.vkey"]);
        Assert.Equal(3, garbage.ExitCode);
        Assert.Contains("garbage.vkey", garbage.Err);
        // A witness cosignature key is not a log key.
        Assert.Equal(3, CliRunner.Run("witness", "serve", "--key", tmp["w.key"], "--log-key", tmp["w.key.vkey"]).ExitCode);
        Assert.Equal(2, CliRunner.Run("witness", "serve", "--key", tmp["w.key"]).ExitCode);
    }

    [Fact]
    public async Task ServeCosignsAndRemembersAcrossRestarts()
    {
        using var tmp = SharedData.NewTempDir();
        Assert.Equal(0, CliRunner.Run("witness", "keygen", "--name", "witness.example/w1", "--out", tmp["w.key"]).ExitCode);
        tmp.Write("log.vkey", TesseraLogKey + "\n");
        var witnessKey = (CosignatureV1Verifier)NoteVerifierKey.Parse(File.ReadAllText(tmp["w.key.vkey"]));
        var checkpoint8 = File.ReadAllText(SharedData.Get("tlog-vectors", "tessera-testlog", "checkpoint.8"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        for (var run = 0; run < 2; run++)
        {
            var port = LoopbackPort.Free();
            using var server = StartServe(tmp, port);
            try
            {
                var url = new Uri($"http://127.0.0.1:{port}/add-checkpoint");
                using var response = await http.PostAsync(url, new StringContent("old 0\n\n" + checkpoint8));
                var body = await response.Content.ReadAsStringAsync();
                if (run == 0)
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.True(SignedNote.Parse(checkpoint8 + body, "cosigned").Verify([witnessKey]).IsValid);
                }
                else
                {
                    Assert.Equal((HttpStatusCode.Conflict, "8\n"), (response.StatusCode, body));
                }
            }
            finally
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }
    }

    private static Process StartServe(TempDir tmp, int port)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "provenant.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "witness", "serve", "--key", tmp["w.key"], "--log-key", tmp["log.vkey"], "--data", tmp["data"], "--urls", $"http://127.0.0.1:{port}" })
        {
            psi.ArgumentList.Add(a);
        }
        var p = Process.Start(psi)!;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var line = p.StandardOutput.ReadLine();
            if (line is null) break;
            if (line.StartsWith("listening on ", StringComparison.Ordinal)) return p;
        }
        var err = p.HasExited ? p.StandardError.ReadToEnd() : "(still running)";
        p.Kill(entireProcessTree: true);
        throw new InvalidOperationException("witness serve did not start: " + err);
    }
}
