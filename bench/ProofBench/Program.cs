// Inference proofs (src/Provenant.Proofs, docs/proof-system.md) of one model per process: quantizes the float model
// in-process (calibrated on its dataset or example input), commits the weights, then times plain integer inference
// (median of 200 runs), proving (best of RUNS after one warm-up) and verifying the proof file (ProofFileVerifier:
// parse, rebuild the circuit from the embedded skeleton, verify; best of RUNS), and prints one Markdown table row.
// Peak memory is the process's peak working set (runtime included). Usage: ProofBench MODEL RUNS [--header]
using System.Diagnostics;
using System.Globalization;
using Provenant.Formats.Datasets;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.IO;
using Provenant.Inference.Quantization;
using Provenant.Inference.Tensors;
using Provenant.Proofs.Circuit;
using Provenant.Proofs.ProofFormat;
using Provenant.Proofs.Prover;
using Provenant.Proofs.Verifier;
using Provenant.Proofs.Weights;
using Provenant.Bench;

var inv = CultureInfo.InvariantCulture;
if (args.Contains("--header"))
{
    Console.WriteLine("| model | parameters | layers | gates | advice values | inference ms | prover ms | prover / inference | peak memory MB | proof bytes | verifier ms |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    return;
}
string name = args[0];
int runs = int.Parse(args[1], inv);
string repo = Directory.GetCurrentDirectory(), shared = Path.Combine(repo, "..", "shared", "data");
var (floatPath, calibration, input) = Model(name);
var floatGraph = ModelGraph.FromOnnx(OnnxModelReader.Parse(File.ReadAllBytes(floatPath), floatPath), floatPath);
var ranges = Calibration.Run(new FloatEngine(floatGraph, new EngineOptions(1)), calibration(floatGraph));
var onnx = Quantizer.Quantize(floatGraph, ranges);
var bytes = OnnxModelWriter.ToBytes(onnx);
var graph = ModelGraph.FromOnnx(OnnxModelReader.Parse(bytes, name), name);
var x = input(graph);
var circuit = CircuitCompiler.Compile(graph, [.. x.Shape]);
var (weights, data) = WeightCommitment.Commit(graph, name);
weights = weights.WithCircuit(new CircuitBinding(circuit.Digest, [.. x.Shape])); // as commit-weights binds it
var skeleton = ModelSkeleton.Strip(OnnxModelReader.Parse(bytes, name), weights.Layout);
var engine = new IntegerEngine(graph, new EngineOptions(1));
var feeds = new Dictionary<string, Tensor> { [graph.Inputs[0].Name] = x };
for (int i = 0; i < 50; i++) engine.Run(feeds);
var times = new List<double>();
for (int i = 0; i < 200; i++)
{
    var sw = Stopwatch.StartNew();
    engine.Run(feeds);
    times.Add(sw.Elapsed.TotalMilliseconds);
}
times.Sort();
double inferenceMs = times[times.Count / 2];
byte[] proof = [];
var digest = System.Security.Cryptography.SHA256.HashData(bytes);
if (Environment.GetEnvironmentVariable("PROOF_PROFILE") == "1")
{
    // One profiled run: witness, then the elapsed time at each prover step (stderr).
    var sw = Stopwatch.StartNew();
    var w = circuit.Evaluate(circuit.QuantizeInput(x.AsSpan<float>()));
    Console.Error.WriteLine(string.Create(inv, $"{name}: witness {sw.Elapsed.TotalMilliseconds:F0} ms"));
    double last = 0;
    var progress = new SyncProgress(p =>
    {
        double now = p.Elapsed.TotalMilliseconds;
        Console.Error.WriteLine(string.Create(inv, $"{name}:   +{now - last,7:F0} ms  {p.Done}/{p.Total} {p.Step}"));
        last = now;
    });
    var profiled = InferenceProver.Prove(w, digest, weights, data, skeleton, progress);
    var file = ProofFile.ToBytes(profiled);
    Console.Error.WriteLine(string.Create(inv, $"{name}: prove total {sw.Elapsed.TotalMilliseconds:F0} ms, {file.Length} bytes: skeleton {profiled.Model.Length}, steps {profiled.Steps.Sum(m => m.EncodedLength)}, weight opening {profiled.WeightOpening.Length}, advice opening {profiled.AdviceOpening.Length}"));
    for (int run = 0; run < 2; run++)
    {
        // The verifier's phases (second pass is warm): parse, restore the skeleton and compile the circuit, verify.
        sw.Restart();
        ProofFile.TryParse(file, out var pf, out _);
        double parseMs = sw.Elapsed.TotalMilliseconds;
        var restored = ModelSkeleton.Restore(pf!.Model, weights.Layout, "skeleton");
        double restoreMs = sw.Elapsed.TotalMilliseconds;
        var probe = Stopwatch.StartNew();
        var zeroEngine = new IntegerEngine(restored, new EngineOptions(1));
        double engineMs = probe.Elapsed.TotalMilliseconds;
        zeroEngine.Run(new Dictionary<string, Tensor> { [restored.Inputs[0].Name] = Tensor.Zeros(TensorDataType.Float32, [.. pf.Statement.InputShape]) });
        Console.Error.WriteLine(string.Create(inv, $"{name}:   (compile's engine on zeros: build {engineMs:F1} ms, run {probe.Elapsed.TotalMilliseconds - engineMs:F1} ms)"));
        restoreMs = sw.Elapsed.TotalMilliseconds;
        var rebuilt = CircuitCompiler.Compile(restored, pf.Statement.InputShape);
        double compileMs = sw.Elapsed.TotalMilliseconds;
        var ok = InferenceVerifier.Verify(rebuilt, pf, weights);
        double checkMs = sw.Elapsed.TotalMilliseconds;
        Console.Error.WriteLine(string.Create(inv,
            $"{name}: verify parse {parseMs:F1} ms, restore {restoreMs - parseMs:F1} ms, compile {compileMs - restoreMs:F1} ms, verify {checkMs - compileMs:F1} ms ({ok.IsValid})"));
    }
}
double proveMs = BenchTiming.Best(runs, () =>
{
    var witness = circuit.Evaluate(circuit.QuantizeInput(x.AsSpan<float>()));
    proof = ProofFile.ToBytes(InferenceProver.Prove(witness, digest, weights, data, skeleton));
});
// The verifier runs in a process of its own: drop the prover's data (the encoded weights, gigabytes for the largest
// model) and collect, so that a full collection of the prover's heap is not timed as verification.
data = null!;
GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
bool valid = true;
double verifyMs = BenchTiming.Best(runs, () => valid &= ProofFileVerifier.Verify(proof, weights).Result.IsValid);
if (!valid) throw new InvalidOperationException($"{name}: the proof did not verify");
ProofFile.TryParse(proof, out var parsed, out _);
long advice = parsed!.AdviceCommitment is { } ac ? 1L << ac.VariableCount : 0;
double peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
Console.WriteLine(string.Create(inv,
    $"| {name} | {circuit.ParameterCount} | {circuit.Layers.Count} | {circuit.GateCount} | {advice} | {inferenceMs:F4} | {proveMs:F0} | {proveMs / inferenceMs:F0}× | {peakMb:F0} | {proof.Length} | {verifyMs:F1} |"));

(string, Func<ModelGraph, IEnumerable<IReadOnlyDictionary<string, Tensor>>>, Func<ModelGraph, Tensor>) Model(string model) => model switch
{
    "iris-mlp" => Dataset(Path.Combine(shared, "models/deepprove-mlp-iris/mlp-iris-01.onnx"), Path.Combine(shared, "datasets/sklearn/iris.csv"), -1, 1),
    "digits-mlp" => Dataset(Path.Combine(repo, "samples/models/digits-mlp/digits-mlp.onnx"), Path.Combine(repo, "samples/datasets/sklearn-digits/digits.csv.gz"), 0, 0),
    "digits-mlp-softmax" => Dataset(Path.Combine(repo, "samples/models/digits-mlp-softmax/digits-mlp-softmax.onnx"), Path.Combine(repo, "samples/datasets/sklearn-digits/digits.csv.gz"), 0, 0),
    "digits-mlp-layernorm" => Dataset(Path.Combine(repo, "samples/models/digits-mlp-layernorm/digits-mlp-layernorm.onnx"), Path.Combine(repo, "samples/datasets/sklearn-digits/digits.csv.gz"), 0, 0),
    "fashion-cnn" => Dataset(Path.Combine(repo, "samples/models/fashion-cnn/fashion-cnn.onnx"), "/usr/share/datasets/fashion-mnist/t10k", 0, 0),
    "fashion-cnn-264k" => Dataset(Trained("fashion-cnn-264k"), "/usr/share/datasets/fashion-mnist/t10k", 0, 0),
    "fashion-mlp-1m" => Dataset(Trained("fashion-mlp-1m"), "/usr/share/datasets/fashion-mnist/t10k", 0, 0),
    "fashion-dense-4m" => Dataset(Trained("fashion-dense-4m"), "/usr/share/datasets/fashion-mnist/t10k", 0, 0),
    "ezkl-accuracy" => Example(Path.Combine(shared, "models/ezkl-accuracy")),
    "ezkl-3l_relu_conv_fc" => Example(Path.Combine(shared, "models/ezkl-3l_relu_conv_fc")),
    _ => throw new ArgumentException($"unknown model {model}"),
};

(string, Func<ModelGraph, IEnumerable<IReadOnlyDictionary<string, Tensor>>>, Func<ModelGraph, Tensor>) Dataset(string path, string dataset, float lo, float hi)
{
    var data = LabelledDataset.Load(dataset, 1000);
    FeatureScaling? scaling = lo < hi ? FeatureScaling.Fit(data, lo, hi) : null;
    return (path,
        g => DatasetFeeds.For(g, data.FeatureCount).Batches(data, DatasetFeeds.Spread(data.Count, 256), scaling).Select(b => (IReadOnlyDictionary<string, Tensor>)b.Feed),
        g => DatasetFeeds.For(g, data.FeatureCount).Batches(data, [7], scaling).First().Feed.Values.Single());
}

// Models trained by bench/proofs.sh from bench/proof-models/NAME.train.json into $PROOF_MODELS (never in the repo).
string Trained(string model)
{
    var dir = Environment.GetEnvironmentVariable("PROOF_MODELS") ?? throw new ArgumentException($"{model}: set PROOF_MODELS to the folder bench/proofs.sh trains into");
    return Path.Combine(dir, model + ".onnx");
}

(string, Func<ModelGraph, IEnumerable<IReadOnlyDictionary<string, Tensor>>>, Func<ModelGraph, Tensor>) Example(string folder)
{
    var inputFile = Path.Combine(folder, "input.json");
    Func<ModelGraph, Tensor> read = g => TensorJson.ReadInputs(File.ReadAllBytes(inputFile), inputFile, g).Values.Single();
    return (Path.Combine(folder, "network.onnx"), g => [new Dictionary<string, Tensor> { [g.Inputs[0].Name] = read(g) }], read);
}


/// <summary>Reports synchronously on the prover's thread (Progress&lt;T&gt; would post to the thread pool).</summary>
sealed class SyncProgress(Action<ProverProgress> report) : IProgress<ProverProgress>
{
    public void Report(ProverProgress value) => report(value);
}
