using System.Diagnostics;
using System.Globalization;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.IO;

// Times the float reference engine on one model and input: WARMUP runs, then ITERATIONS timed runs;
// prints {"p50_ms", "mean_ms", "min_ms", "iterations", "threads"} like tests/ort-reference/run.mjs.
// Also writes the exact input it used as named tensor JSON (so onnxruntime gets the same input) and a copy
// of the model onnxruntime accepts: onnxruntime rejects Equal on FLOAT before opset 11 (ezkl's nanoGPT,
// opset 10), so such a graph is written importing opset 11, where its operators compute the same results.
//   InferenceBench MODEL INPUT.json THREADS WARMUP ITERATIONS [INPUT_OUT.json MODEL_OUT.onnx]
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
var engine = new FloatEngine(graph, new EngineOptions(threads));
for (var i = 0; i < int.Parse(args[3], CultureInfo.InvariantCulture); i++)
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
FormattableString json = $"{{\"p50_ms\": {times[(n - 1) / 2]}, \"mean_ms\": {times.Average()}, \"min_ms\": {times[0]}, \"iterations\": {n}, \"threads\": {threads}}}";
Console.WriteLine(json.ToString(CultureInfo.InvariantCulture));
return 0;
