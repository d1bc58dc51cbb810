using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.IO;
using Provenant.Inference.Quantization;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tests.Models;
using Provenant.TestSupport;

namespace Provenant.Inference.Tests.Quantization;

/// <summary>Quantizes shipped models with their example inputs as calibration data (the quantized model goes through ONNX bytes and back).</summary>
internal static class QuantizedModels
{
    public static (ModelGraph Float, ModelGraph Quantized, List<Dictionary<string, Tensor>> Inputs) Quantize(string name, EngineOptions? options = null)
    {
        var m = RealModel.Named(name);
        var graph = m.Load();
        var inputs = m.InputFiles.Select(f => m.Inputs(graph, f)).ToList();
        var calibration = Calibration.Run(new FloatEngine(graph, options ?? new EngineOptions(1)), inputs);
        return (graph, RoundTrip(Quantizer.Quantize(graph, calibration)), inputs);
    }

    /// <summary>A model under samples/models quantized with one input file (relative to samples/models) as calibration data, and that input.</summary>
    public static (ModelGraph Quantized, Dictionary<string, Tensor> Input) QuantizeSample(string model, string input)
    {
        var samples = Path.Combine(SharedData.RepoRoot, "samples", "models");
        var graph = ModelGraph.Load(Path.Combine(samples, model));
        var file = Path.GetFullPath(Path.Combine(samples, input));
        var feed = TensorJson.ReadInputs(File.ReadAllBytes(file), file, graph);
        var calibration = Calibration.Run(new FloatEngine(graph), [feed]);
        return (RoundTrip(Quantizer.Quantize(graph, calibration)), feed);
    }

    public static ModelGraph RoundTrip(OnnxModel model) =>
        ModelGraph.FromOnnx(OnnxModelReader.Parse(OnnxModelWriter.ToBytes(model), "quantized.onnx"), "quantized.onnx");

    public static byte[] OutputBytes(IReadOnlyDictionary<string, Tensor> outputs) =>
        outputs.OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => kv.Value.ToBytes()).ToArray();
}
