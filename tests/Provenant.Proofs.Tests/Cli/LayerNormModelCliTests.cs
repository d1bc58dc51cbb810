using Provenant.Core.Errors;
using Provenant.Formats.Onnx;
using Provenant.TestSupport;
using Xunit.Abstractions;

namespace Provenant.Proofs.Tests.Cli;

/// <summary>
/// A real model with LayerNormalization and Softmax through the whole CLI: samples/models/digits-mlp-layernorm (dense 32 →
/// LayerNorm → ReLU → dense 10 → Softmax, trained on the digits data by <c>provenant train</c>) is rebuilt from its config
/// and compared byte for byte, quantized with float vs quantized accuracy, its weights committed, an inference proven and
/// the proof verified; a changed output is rejected.
/// </summary>
public sealed class LayerNormModelCliTests(ITestOutputHelper output)
{
    private static readonly string Root = SharedData.RepoRoot;
    private static readonly string Folder = Path.Combine(Root, "samples", "models", "digits-mlp-layernorm");
    private static readonly string Sample = Path.Combine(Folder, "digits-mlp-layernorm.onnx");
    private static readonly string Digits = Path.Combine(Root, "samples", "datasets", "sklearn-digits", "digits.csv.gz");
    private static readonly string Digit = Path.Combine(Root, "samples", "models", "digits-mlp", "digit-0.json");

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void The_sample_is_the_trained_layernorm_mlp_with_softmax_appended()
    {
        using var tmp = SharedData.NewTempDir();
        var t = Run("train", "--config", Path.Combine(Folder, "train.json"), "--out", tmp["logits.onnx"], "--threads", "2");
        Assert.True(t.Code == 0, t.Out + t.Err);
        Assert.Contains("logits bit-identical to the trainer's", t.Out);
        var expected = OnnxModelWriter.ToBytes(ProofModels.WithSoftmax(OnnxModelReader.Parse(File.ReadAllBytes(tmp["logits.onnx"]), "logits.onnx")));
        if (Environment.GetEnvironmentVariable("PROVENANT_UPDATE_SAMPLES") == "1") File.WriteAllBytes(Sample, expected);
        Assert.Equal(expected, File.ReadAllBytes(Sample));
        Assert.Contains(OnnxModelReader.Parse(expected, "sample").Graph.Nodes, n => n.OpType == "LayerNormalization");
    }

    [Fact]
    public void Quantize_commit_prove_and_verify_the_layernorm_model()
    {
        using var tmp = SharedData.NewTempDir();
        CliProofFlow.Run(tmp, Sample, Digits, Digit, "LayerNorm", output);
        var quantized = OnnxModelReader.Parse(File.ReadAllBytes(tmp["q.onnx"]), "q.onnx");
        Assert.Contains(quantized.Graph.Nodes, n => n.OpType == Inference.Integer.QuantDomain.QLayerNorm);

        var y = Inference.IO.TensorJson.ReadNamed(File.ReadAllBytes(tmp["y.json"]), "y.json").Single();
        var probabilities = y.Value.AsSpan<float>();
        Assert.Equal(0, probabilities.IndexOf(probabilities.ToArray().Max()));
        probabilities[3] += 1f / 32767;
        File.WriteAllBytes(tmp["y2.json"], Inference.IO.TensorJson.Write([y]));
        var bad = Run("verify-proof", tmp["proof.bin"], "--model-commitment", tmp["C.json"], "--output", tmp["y2.json"]);
        Assert.Equal(ExitCodes.VerificationFailed, bad.Code);
    }
}
