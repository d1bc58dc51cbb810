using Provenant.Core.Errors;
using Provenant.Proofs.Tests.Weights;
using Provenant.TestSupport;

namespace Provenant.Proofs.Tests.Cli;

/// <summary><c>provenant prove</c> and <c>provenant verify-proof</c> end to end on the quantized digits MLP.</summary>
public sealed class ProveCommandTests(QuantizedSamples samples) : IClassFixture<QuantizedSamples>
{
    private static readonly string Digit = Path.Combine(SharedData.RepoRoot, "samples", "models", "digits-mlp", "digit-0.json");

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Prove_then_verify_accepts_the_proof_and_rejects_another_output_input_or_commitment()
    {
        using var tmp = SharedData.NewTempDir();
        Assert.Equal(0, Run("commit-weights", samples.DigitsMlp, "--out", tmp["C.json"]).Code);
        var p = Run("prove", samples.DigitsMlp, "--input", Digit, "--weights-commitment", tmp["C.json"], "--out", tmp["proof.bin"],
            "--output", tmp["y.json"], "--statement", tmp["proof.intoto.json"]);
        Assert.True(p.Code == 0, p.Out + p.Err);
        Assert.Contains("prover time: ", p.Out);
        Assert.Contains("proof size: ", p.Out);
        Assert.Contains("[1/9] advice commitment", p.Out);
        Assert.Contains("[2/9] Requantize", p.Out);
        Assert.Contains("[9/9] advice opening", p.Out);
        Assert.Contains("\"predicateType\":\"https://provenant.dev/inference-proof/v1\"", File.ReadAllText(tmp["proof.intoto.json"]));

        // The proof's in-toto statement signs and verifies with the existing statement commands.
        Assert.Equal(0, Run("keygen", "--out", tmp["key.pem"]).Code);
        var signed = Run("sign-statement", tmp["proof.intoto.json"], "--private-key", tmp["key.pem"], "--out", tmp["proof.sig"]);
        Assert.True(signed.Code == 0, signed.Out + signed.Err);
        var checkedSig = Run("verify-statement", tmp["proof.sig"], "--public-key", tmp["key.pub.pem"], "--statement", tmp["proof.intoto.json"]);
        Assert.True(checkedSig.Code == 0, checkedSig.Out + checkedSig.Err);

        var v = Run("verify-proof", tmp["proof.bin"], "--model-commitment", tmp["C.json"], "--input", Digit, "--output", tmp["y.json"]);
        Assert.True(v.Code == 0, v.Out + v.Err);
        Assert.Contains("VALID", v.Out);

        // Another output.
        var y = Inference.IO.TensorJson.ReadNamed(File.ReadAllBytes(tmp["y.json"]), "y.json").Single();
        y.Value.AsSpan<float>()[3] += 0.5f;
        File.WriteAllBytes(tmp["y2.json"], Inference.IO.TensorJson.Write([y]));
        var bad = Run("verify-proof", tmp["proof.bin"], "--model-commitment", tmp["C.json"], "--output", tmp["y2.json"]);
        Assert.Equal(ExitCodes.VerificationFailed, bad.Code);
        Assert.Contains("INVALID", bad.Err);

        // Another input.
        File.WriteAllText(tmp["x2.json"], File.ReadAllText(Digit).Replace("[0.0, 0.0, 5.0", "[0.0, 0.0, 9.0", StringComparison.Ordinal));
        bad = Run("verify-proof", tmp["proof.bin"], "--model-commitment", tmp["C.json"], "--input", tmp["x2.json"], "--output", tmp["y.json"]);
        Assert.Equal(ExitCodes.VerificationFailed, bad.Code);
        Assert.Contains("another input", bad.Err);

        // A corrupt proof file.
        var bytes = File.ReadAllBytes(tmp["proof.bin"]);
        bytes[bytes.Length / 3] ^= 0x10;
        File.WriteAllBytes(tmp["bad.bin"], bytes);
        Assert.Equal(ExitCodes.VerificationFailed, Run("verify-proof", tmp["bad.bin"], "--model-commitment", tmp["C.json"], "--output", tmp["y.json"]).Code);

        // A pinned circuit digest that differs.
        Assert.Equal(ExitCodes.VerificationFailed, Run("verify-proof", tmp["proof.bin"], "--model-commitment", tmp["C.json"], "--output", tmp["y.json"],
            "--circuit-digest", new string('0', 64)).Code);
    }

    [Fact]
    public void The_commitment_binds_the_circuit_so_a_proof_of_another_architecture_is_refused()
    {
        using var tmp = SharedData.NewTempDir();
        var c = Run("commit-weights", samples.DigitsMlp, "--out", tmp["C.json"]);
        Assert.Equal(0, c.Code);
        Assert.Contains("circuit: digest ", c.Out);
        var text = File.ReadAllText(tmp["C.json"]);
        Assert.Contains("\"circuit\":{\"digest\":", text);
        Assert.Equal(0, Run("prove", samples.DigitsMlp, "--input", Digit, "--weights-commitment", tmp["C.json"], "--out", tmp["proof.bin"], "--output", tmp["y.json"]).Code);
        Assert.Equal(0, Run("verify-proof", tmp["proof.bin"], "--model-commitment", tmp["C.json"], "--output", tmp["y.json"]).Code);

        // The same weights bound to another circuit (one hex digit of the digest changed; the file stays canonical).
        var digest = System.Text.Json.Nodes.JsonNode.Parse(text)!["circuit"]!["digest"]!.GetValue<string>();
        File.WriteAllText(tmp["other.json"], text.Replace(digest, (digest[0] == '0' ? "1" : "0") + digest[1..]));
        var v = Run("verify-proof", tmp["proof.bin"], "--model-commitment", tmp["other.json"], "--output", tmp["y.json"]);
        Assert.Equal(ExitCodes.VerificationFailed, v.Code);
        Assert.Contains("another architecture", v.Err);
        var p = Run("prove", samples.DigitsMlp, "--input", Digit, "--weights-commitment", tmp["other.json"], "--out", tmp["proof2.bin"]);
        Assert.Equal(ExitCodes.VerificationFailed, p.Code);
        Assert.False(File.Exists(tmp["proof2.bin"]));

        // Bound to another input shape.
        File.WriteAllText(tmp["shape.json"], text.Replace("\"inputShape\":[1,64]", "\"inputShape\":[2,64]"));
        v = Run("verify-proof", tmp["proof.bin"], "--model-commitment", tmp["shape.json"], "--output", tmp["y.json"]);
        Assert.Equal(ExitCodes.VerificationFailed, v.Code);
        Assert.Contains("input shape", v.Err);
    }

    [Fact]
    public void Prove_refuses_a_commitment_of_other_weights()
    {
        using var tmp = SharedData.NewTempDir();
        Assert.Equal(0, Run("commit-weights", samples.MnistCnn, "--out", tmp["other.json"]).Code);
        var r = Run("prove", samples.DigitsMlp, "--input", Digit, "--weights-commitment", tmp["other.json"], "--out", tmp["proof.bin"]);
        Assert.Equal(ExitCodes.VerificationFailed, r.Code);
        Assert.False(File.Exists(tmp["proof.bin"]));
    }
}
