using System.CommandLine;
using System.Globalization;
using Provenant.Formats.Datasets;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Quantization;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant quantize MODEL.onnx --calibrate DATA [--samples N] [--evaluate DATA] [--feature-range LO,HI]
/// --out MODEL.q.onnx</c>: post-training static quantization (docs/quantization.md). DATA is a labelled
/// dataset (scikit-learn CSV or IDX prefix); rows are raw feature values reshaped to the model input,
/// or min–max scaled per feature with <c>--feature-range</c> (min/max from the calibration data). Writes
/// the quantized ONNX model atomically and, with <c>--evaluate</c>, prints float vs quantized accuracy. DATA may instead
/// be one named-tensor <c>.json</c> input set (a model with token-id inputs): then the command prints the top-1 agreement
/// over the output's last axis and the largest output difference on that input.
/// </summary>
public sealed class QuantizeCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var model = new Argument<string>("MODEL") { Description = "Float ONNX model" };
        var calibrate = new Option<string>("--calibrate") { Description = "Calibration dataset: a .csv/.csv.gz file or an IDX prefix; or one .json input set (named tensors, e.g. token ids)", Required = true };
        var samples = new Option<int>("--samples") { Description = "Calibration samples, spread evenly over the dataset (default 512)", DefaultValueFactory = _ => 512 };
        var evaluate = new Option<string?>("--evaluate") { Description = "Labelled dataset to compare float and quantized accuracy on" };
        var range = new Option<string?>("--feature-range") { Description = "Scale each feature to LO,HI with min/max from the calibration data (e.g. -1,1)" };
        var output = new Option<string>("--out") { Description = "Quantized model file to write", Required = true };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all processors)" };
        var cmd = new Command("quantize", "Quantize a float ONNX model to the ai.provenant.quant integer format") { model, calibrate, samples, evaluate, range, output, threads };
        cmd.SetAction((r, ct) =>
        {
            var n = r.GetValue(samples);
            if (n < 1)
            {
                throw new UsageException("--samples must be at least 1");
            }
            var options = new EngineOptions(Math.Max(0, r.GetValue(threads)));
            var graph = ModelGraph.Load(r.GetValue(model)!);
            var calibratePath = r.GetValue(calibrate)!;
            if (calibratePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                if (r.GetValue(range) is not null || r.GetValue(evaluate) is not null)
                {
                    throw new UsageException("--feature-range and --evaluate need a labelled dataset; a .json calibration input is one input set (e.g. token ids)");
                }
                return Task.FromResult(QuantizeOnInputs(console, graph, calibratePath, r.GetValue(output)!, options, ct));
            }
            var calibration = LabelledDataset.Load(calibratePath);
            FeatureScaling? scaling = null;
            if (r.GetValue(range) is { } text)
            {
                var (lo, hi) = FeatureScaling.ParseRange(text) ?? throw new UsageException($"--feature-range: expected LO,HI with LO < HI, got '{text}'");
                scaling = FeatureScaling.Fit(calibration, lo, hi);
            }
            var floatEngine = new FloatEngine(graph, options);
            var feeds = DatasetFeeds.For(graph, calibration.FeatureCount);
            var rows = DatasetFeeds.Spread(calibration.Count, n);
            var ranges = Calibration.Run(floatEngine, feeds.Batches(calibration, rows, scaling).Select(b => (IReadOnlyDictionary<string, Inference.Tensors.Tensor>)b.Feed), ct);
            var quantized = Quantizer.Quantize(graph, ranges);
            var outPath = r.GetValue(output)!;
            var bytes = OnnxModelWriter.ToBytes(quantized);
            var qGraph = ModelGraph.FromOnnx(OnnxModelReader.Parse(bytes, outPath), outPath);
            var qEngine = InferenceEngines.Create(qGraph, options);
            Core.IO.AtomicFile.Write(outPath, bytes);
            console.Out.WriteLine($"calibrated on {rows.Length} sample(s) of {calibration.Source}; wrote {outPath} ({bytes.Length} bytes, {qGraph.Nodes.Count} nodes)");
            if (r.GetValue(evaluate) is { } evalPath)
            {
                var data = LabelledDataset.Load(evalPath);
                var report = QuantizationEvaluator.Evaluate(floatEngine, qEngine, data, scaling, ct);
                var c = CultureInfo.InvariantCulture;
                console.Out.WriteLine($"evaluated on {report.Samples} sample(s) of {data.Source}");
                console.Out.WriteLine(string.Create(c, $"float top-1:      {report.FloatCorrect}/{report.Samples} ({report.FloatAccuracy:P2})"));
                console.Out.WriteLine(string.Create(c, $"quantized top-1:  {report.QuantizedCorrect}/{report.Samples} ({report.QuantizedAccuracy:P2})"));
                console.Out.WriteLine(string.Create(c, $"top-1 agreement:  {report.Agreements}/{report.Samples} ({report.Agreement:P2})"));
                console.Out.WriteLine(string.Create(c, $"max |float − dequantized| output: {report.MaxAbsError:G6}"));
            }
            return Task.FromResult(0);
        });
        return cmd;
    }

    /// <summary>Calibrates on one named-tensor JSON input set (as <c>infer --input</c> reads it), writes the model and compares both engines on it.</summary>
    private static int QuantizeOnInputs(CliConsole console, ModelGraph graph, string inputPath, string outPath, EngineOptions options, CancellationToken ct)
    {
        var feed = Inference.IO.TensorJson.ReadInputs(File.ReadAllBytes(inputPath), inputPath, graph);
        var floatEngine = new FloatEngine(graph, options);
        var quantized = Quantizer.Quantize(graph, Calibration.Run(floatEngine, [feed], ct));
        var bytes = OnnxModelWriter.ToBytes(quantized);
        var qGraph = ModelGraph.FromOnnx(OnnxModelReader.Parse(bytes, outPath), outPath);
        var report = QuantizationEvaluator.Compare(floatEngine, InferenceEngines.Create(qGraph, options), feed, ct);
        Core.IO.AtomicFile.Write(outPath, bytes);
        var c = CultureInfo.InvariantCulture;
        console.Out.WriteLine($"calibrated on {inputPath}; wrote {outPath} ({bytes.Length} bytes, {qGraph.Nodes.Count} nodes)");
        console.Out.WriteLine(string.Create(c, $"top-1 agreement over the output's last axis: {report.Agreements}/{report.Samples} ({report.Agreement:P2})"));
        console.Out.WriteLine(string.Create(c, $"max |float − dequantized| output: {report.MaxAbsError:G6}"));
        return 0;
    }
}
