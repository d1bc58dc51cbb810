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
/// the quantized ONNX model atomically and, with <c>--evaluate</c>, prints float vs quantized accuracy.
/// </summary>
public sealed class QuantizeCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var model = new Argument<string>("MODEL") { Description = "Float ONNX model" };
        var calibrate = new Option<string>("--calibrate") { Description = "Calibration dataset: a .csv/.csv.gz file or an IDX prefix", Required = true };
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
            var calibration = LabelledDataset.Load(r.GetValue(calibrate)!);
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
}
