using System.Diagnostics;
using System.Globalization;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.IO;
using Provenant.Inference.Quantization;

// Times the float reference engine on one model and input: WARMUP runs, then ITERATIONS timed runs;
// prints {"p50_ms", "mean_ms", "min_ms", "iterations", "threads"} like tests/ort-reference/run.mjs.
// With --integer first, the model is quantized (calibrated on INPUT, docs/quantization.md) and the integer
// engine is timed instead; a model that cannot be quantized exits 3 with the reason on stderr.
// Also writes the exact input it used as named tensor JSON (so onnxruntime gets the same input) and a copy
// of the model onnxruntime accepts: onnxruntime rejects Equal on FLOAT before opset 11 (ezkl's nanoGPT,
// opset 10), so such a graph is written importing opset 11, where its operators compute the same results.
//   InferenceBench [--integer] MODEL INPUT.json THREADS WARMUP ITERATIONS [INPUT_OUT.json MODEL_OUT.onnx]
var integer = args.Length > 0 && args[0] == "--integer";
if (integer)
{
    args = args[1..];
}
if (args.Length < 5)
{
    Console.Error.WriteLine("usage: InferenceBench MODEL INPUT.json THREADS WARMUP ITERATIONS [INPUT_OUT.json]");
    return 2;
}
var graph = ModelGraph.Load(args[0]);
var inputs = TensorJson.ReadInputs(File.ReadAllBytes(args[1]), args[1], graph);
if (args.Length > 6)
{
    File.WriteAllBytes(args[5], TensorJson.Write(inputs));
    var onnx = OnnxModelReader.Read(args[0]);
    OnnxModelWriter.Write(args[6], graph.DefaultOpset < 11 && graph.Nodes.Any(n => n.OpType == "Equal") ? onnx.WithOpsetImport("", 11) : onnx);
}
var threads = int.Parse(args[2], CultureInfo.InvariantCulture);
IInferenceEngine engine = new FloatEngine(graph, new EngineOptions(threads));
if (integer)
{
    try
    {
        var calibration = Calibration.Run((FloatEngine)engine, [inputs]);
        var quantized = OnnxModelWriter.ToBytes(Quantizer.Quantize(graph, calibration));
        engine = new IntegerEngine(ModelGraph.FromOnnx(OnnxModelReader.Parse(quantized, "quantized"), "quantized"), new EngineOptions(threads));
    }
    catch (Provenant.Core.Errors.ProvenantException e)
    {
        Console.Error.WriteLine(e.Message);
        return 3;
    }
}
// Warm-up: at least WARMUP runs and at least WARMUP_SECONDS (default 2) of them, so that .NET's tiered JIT has
// replaced the first quick (tier-0) code of the hot loops with optimised code before timing starts: what is
// measured is the steady state of a long-running process, as for onnxruntime's native kernels.
var warmupSeconds = double.Parse(Environment.GetEnvironmentVariable("WARMUP_SECONDS") ?? "2", CultureInfo.InvariantCulture);
var warmupStart = Stopwatch.GetTimestamp();
for (var i = 0; i < int.Parse(args[3], CultureInfo.InvariantCulture) || Stopwatch.GetElapsedTime(warmupStart).TotalSeconds < warmupSeconds; i++)
{
    engine.Run(inputs);
}
var n = int.Parse(args[4], CultureInfo.InvariantCulture);
var times = new double[n];
for (var i = 0; i < n; i++)
{
    var start = Stopwatch.GetTimestamp();
    engine.Run(inputs);
    times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}
Array.Sort(times);
if (Environment.GetEnvironmentVariable("BENCH_PROFILE") == "1")
{
    // per-node wall time (µs, minimum over ITERATIONS runs: robust on a loaded machine), measured between onNode callbacks
    var perNode = Enumerable.Repeat(double.MaxValue, engine.Graph.Nodes.Count).ToArray();
    var shapes = new string[engine.Graph.Nodes.Count];
    for (var i = 0; i < n; i++)
    {
        var last = Stopwatch.GetTimestamp();
        engine.Run(inputs, (node, outs) =>
        {
            var now = Stopwatch.GetTimestamp();
            shapes[node.Id] = outs.Count > 0 && outs[0] is { } t ? t.ShapeText : "-";
            perNode[node.Id] = Math.Min(perNode[node.Id], Stopwatch.GetElapsedTime(last, now).TotalMicroseconds);
            last = now;
        });
    }
    foreach (var node in engine.Graph.Nodes)
    {
        Console.Error.WriteLine(FormattableString.Invariant($"{perNode[node.Id],9:F1} µs  {node}  -> {shapes[node.Id]}"));
    }
}
FormattableString json = $"{{\"p50_ms\": {times[(n - 1) / 2]}, \"mean_ms\": {times.Average()}, \"min_ms\": {times[0]}, \"iterations\": {n}, \"threads\": {threads}}}";
Console.WriteLine(json.ToString(CultureInfo.InvariantCulture));
return 0;
