using System.Text.Json.Nodes;
using Provenant.Core.Errors;
using Provenant.TestSupport;
using static Provenant.Cli.Tests.CliRunner;

namespace Provenant.Cli.Tests;

/// <summary><c>credential verify --proof P --weights-commitment C</c>: the credential names a real succinct inference proof of
/// the quantized digits MLP, and verify checks the proof itself, not only its digest.</summary>
public sealed class CredentialProofCommandTests
{
    private static readonly string Statement = SharedData.Get("oms-vectors", "cases", "v1.0.0-certificate", "model.sig");

    [Fact]
    public void TheCredentialedProofVerifiesAndAnotherCommitmentOrProofIsRefused()
    {
        using var tmp = SharedData.NewTempDir();
        var samples = Path.Combine(SharedData.RepoRoot, "samples");
        var model = tmp["digits.q.onnx"];
        var digit = Path.Combine(samples, "models", "digits-mlp", "digit-0.json");
        Assert.Equal(0, Run("quantize", Path.Combine(samples, "models", "digits-mlp", "digits-mlp.onnx"),
            "--calibrate", Path.Combine(samples, "datasets", "sklearn-digits", "digits.csv.gz"), "--samples", "200", "--out", model).ExitCode);
        Assert.Equal(0, Run("commit-weights", model, "--out", tmp["weights.json"]).ExitCode);
        var prove = Run("prove", model, "--input", digit, "--weights-commitment", tmp["weights.json"], "--out", tmp["inference.proof"]);
        Assert.True(prove.ExitCode == 0, prove.All);

        using var pki = new TestPki();
        var (key, chain, root) = pki.WriteFiles(tmp.Path);
        var output = tmp["out.png"];
        var add = Run("credential", "add", SharedData.Get("c2pa-fixtures", "libpng-test.png"), "--model-statement", Statement,
            "--proof", tmp["inference.proof"], "--key", key, "--cert-chain", chain, "--out", output);
        Assert.True(add.ExitCode == 0, add.All);

        var ok = Run("credential", "verify", output, "--trust-anchors", root, "--proof", tmp["inference.proof"], "--weights-commitment", tmp["weights.json"]);
        Assert.True(ok.ExitCode == 0, ok.All);
        Assert.Contains("proof: the credential's inference proof verifies against weight commitment root", ok.Out);

        // The same proof against a commitment to other weights (another root): the proof itself fails.
        // (The file stays canonical JSON: only the root's first hex digit changes.)
        var text = File.ReadAllText(tmp["weights.json"]);
        var rootHex = (string)JsonNode.Parse(text)!["root"]!;
        File.WriteAllText(tmp["other.json"], text.Replace(rootHex, (rootHex[0] == '0' ? "1" : "0") + rootHex[1..]));
        var wrongRoot = Run("credential", "verify", output, "--trust-anchors", root, "--proof", tmp["inference.proof"], "--weights-commitment", tmp["other.json"]);
        Assert.Equal(ExitCodes.VerificationFailed, wrongRoot.ExitCode);
        Assert.Contains("INVALID PROOF", wrongRoot.Out);

        // A changed proof file no longer matches the credential's digest.
        var bytes = File.ReadAllBytes(tmp["inference.proof"]);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(tmp["changed.proof"], bytes);
        var changed = Run("credential", "verify", output, "--trust-anchors", root, "--proof", tmp["changed.proof"], "--weights-commitment", tmp["weights.json"]);
        Assert.Equal(ExitCodes.VerificationFailed, changed.ExitCode);

        Assert.Equal(ExitCodes.Usage, Run("credential", "verify", output, "--weights-commitment", tmp["weights.json"]).ExitCode);
    }
}
