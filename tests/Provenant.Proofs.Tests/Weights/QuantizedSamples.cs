using Provenant.Cli;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.IO;
using Provenant.Inference.Quantization;
using Provenant.Inference.Tensors;
using Provenant.TestSupport;

namespace Provenant.Proofs.Tests.Weights;

/// <summary>
/// Quantized copies of the shipped sample models, made once per test run the way the CLI tests make them:
/// digits-mlp with <c>provenant quantize --calibrate digits.csv.gz</c>, mnist-cnn (samples/models/mnist-cnn) with
/// the Quantizer calibrated on the wonnx-opt-mnist example images.
/// </summary>
public sealed class QuantizedSamples : IDisposable
{
    private readonly TempDir _dir = SharedData.NewTempDir("quantized-samples");
    private readonly Lazy<string> _digits;
    private readonly Lazy<string> _mnist;

    /// <summary>Prepares lazy quantization of both models.</summary>
    public QuantizedSamples()
    {
        _digits = new Lazy<string>(QuantizeDigits);
        _mnist = new Lazy<string>(QuantizeMnist);
    }

    /// <summary>Path of digits-mlp.q.onnx.</summary>
    public string DigitsMlp => _digits.Value;

    /// <summary>Path of mnist-cnn.q.onnx.</summary>
    public string MnistCnn => _mnist.Value;

    /// <summary>The float digits model (not quantized).</summary>
    public static string DigitsFloat => Path.Combine(SharedData.RepoRoot, "samples", "models", "digits-mlp", "digits-mlp.onnx");

    private string QuantizeDigits()
    {
        var digits = Path.Combine(SharedData.RepoRoot, "samples", "datasets", "sklearn-digits", "digits.csv.gz");
        var output = new StringWriter();
        var errors = new StringWriter();
        int code = CliApp.Run(["quantize", DigitsFloat, "--calibrate", digits, "--samples", "256", "--out", _dir["digits.q.onnx"]], output, errors, interactive: false);
        Assert.True(code == 0, output + errors.ToString());
        return _dir["digits.q.onnx"];
    }

    private string QuantizeMnist()
    {
        var source = ModelGraph.Load(Path.Combine(SharedData.RepoRoot, "samples", "models", "mnist-cnn", "opt-mnist.onnx"));
        var images = Directory.GetFiles(Path.Combine(SharedData.RepoRoot, "tests", "Provenant.Inference.Tests", "ModelInputs", "wonnx-opt-mnist"), "*.json")
            .Order(StringComparer.Ordinal).ToArray();
        var feeds = images.Select(f => (IReadOnlyDictionary<string, Tensor>)TensorJson.ReadInputs(File.ReadAllBytes(f), f, source)).ToList();
        var quantized = Quantizer.Quantize(source, Calibration.Run(new FloatEngine(source), feeds));
        return _dir.Write("mnist.q.onnx", OnnxModelWriter.ToBytes(quantized));
    }

    /// <inheritdoc />
    public void Dispose() => _dir.Dispose();
}
