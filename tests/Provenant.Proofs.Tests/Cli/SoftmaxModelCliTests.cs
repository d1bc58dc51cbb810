using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.TestSupport;
using Xunit.Abstractions;

namespace Provenant.Proofs.Tests.Cli;

/// <summary>
/// A real model with Softmax through the whole CLI: samples/models/digits-mlp-softmax (the digits MLP with Softmax over
/// its logits) is quantized with float vs quantized accuracy on the digits data, its weights committed, an inference
/// proven and the proof verified; a changed output is rejected.
/// </summary>
public sealed class SoftmaxModelCliTests(ITestOutputHelper output)
{
    private static readonly string Root = SharedData.RepoRoot;
    private static readonly string Sample = Path.Combine(Root, "samples", "models", "digits-mlp-softmax", "digits-mlp-softmax.onnx");
    private static readonly string Digits = Path.Combine(Root, "samples", "datasets", "sklearn-digits", "digits.csv.gz");
    private static readonly string Digit = Path.Combine(Root, "samples", "models", "digits-mlp", "digit-0.json");

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void The_sample_is_the_digits_mlp_with_softmax_appended()
    {
        var source = Path.Combine(Root, "samples", "models", "digits-mlp", "digits-mlp.onnx");
        var expected = OnnxModelWriter.ToBytes(ProofModels.WithSoftmax(OnnxModelReader.Parse(File.ReadAllBytes(source), source)));
        if (Environment.GetEnvironmentVariable("PROVENANT_UPDATE_SAMPLES") == "1") File.WriteAllBytes(Sample, expected);
        Assert.Equal(expected, File.ReadAllBytes(Sample));
    }

    [Fact]
    public void Quantize_commit_prove_and_verify_the_softmax_model()
    {
        using var tmp = SharedData.NewTempDir();
        CliProofFlow.Run(tmp, Sample, Digits, Digit, "Softmax", output);

        // The probabilities sum to about 1, and a changed probability is rejected.
        var y = Inference.IO.TensorJson.ReadNamed(File.ReadAllBytes(tmp["y.json"]), "y.json").Single();
        var probabilities = y.Value.AsSpan<float>();
        float sum = 0;
        foreach (var pr in probabilities) sum += pr;
        Assert.InRange(sum, 0.99f, 1.01f);
        probabilities[0] += 1f / 32767;
        File.WriteAllBytes(tmp["y2.json"], Inference.IO.TensorJson.Write([y]));
        var bad = Run("verify-proof", tmp["proof.bin"], "--model-commitment", tmp["C.json"], "--output", tmp["y2.json"]);
        Assert.Equal(ExitCodes.VerificationFailed, bad.Code);
    }
}
