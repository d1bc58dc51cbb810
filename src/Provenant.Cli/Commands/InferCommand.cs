using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Provenant.Core.Hashing;
using Provenant.Core.IO;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.IO;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant infer MODEL.onnx --input x.json|input_0.pb … [--output-dir DIR] [--threads N] [--trace trace.bin [--trace-tensors]]</c>:
/// runs a float model on the float reference engine (docs/inference.md), or a quantized model (one importing
/// <c>ai.provenant.quant</c>, docs/quantization.md) on the integer engine. Without <c>--output-dir</c> the outputs
/// are printed as tensor JSON; with it they are written as <c>outputs.json</c> and <c>output_N.pb</c>. With
/// <c>--trace</c> the execution trace is streamed to a file (docs/execution-traces.md) and its root and output digest
/// are printed (to stderr when the outputs go to stdout).
/// </summary>
public sealed partial class InferCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var model = new Argument<string>("MODEL") { Description = "ONNX model file" };
        var inputs = new Option<string[]>("--input")
        {
            Description = "Input tensors: a .json file (named or ezkl form) or a TensorProto .pb file (input_N.pb feeds graph input N); repeatable",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var outDir = new Option<string?>("--output-dir") { Description = "Write outputs.json and output_N.pb here instead of printing" };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all processors; results do not depend on it)" };
        var trace = new Option<string?>("--trace") { Description = "Write the execution trace (trace.bin: per-node leaf hashes, Merkle root, output digest)" };
        var traceTensors = new Option<bool>("--trace-tensors") { Description = "With --trace: store every node's output tensors too (what a dispute challenger bisects over)" };
        var cmd = new Command("infer", "Run an ONNX model (float reference engine, or the integer engine for a quantized model)") { model, inputs, outDir, threads, trace, traceTensors };
        cmd.SetAction(r =>
        {
            var t = r.GetValue(threads);
            if (t < 0)
            {
                throw new UsageException("--threads must be 0 (all processors) or more");
            }
            var tracePath = r.GetValue(trace);
            if (r.GetValue(traceTensors) && tracePath is null)
            {
                throw new UsageException("--trace-tensors needs --trace FILE");
            }
            var modelPath = r.GetValue(model)!;
            var graph = ModelGraph.Load(modelPath);
            var engine = InferenceEngines.Create(graph, new EngineOptions(t));
            var feeds = ReadInputs(graph, r.GetValue(inputs)!);
            KeyValuePair<string, Tensor>[] ordered;
            ExecutionTrace? executionTrace = null;
            if (tracePath is null)
            {
                var outputs = engine.Run(feeds);
                ordered = graph.Outputs.Select(v => new KeyValuePair<string, Tensor>(v.Name, outputs[v.Name])).ToArray();
            }
            else
            {
                var digest = TraceEncoding.ModelDigest(modelPath);
                TracedRun? run = null;
                AtomicFile.Write(tracePath, s => run = TracedInference.Run(engine.Run, graph, digest, feeds, s, r.GetValue(traceTensors)));
                ordered = [.. run!.Outputs];
                executionTrace = run.Trace;
            }
            if (r.GetValue(outDir) is { } dir)
            {
                Directory.CreateDirectory(dir);
                AtomicFile.Write(Path.Combine(dir, "outputs.json"), TensorJson.Write(ordered));
                for (var i = 0; i < ordered.Length; i++)
                {
                    OnnxTensorFile.Write(Path.Combine(dir, $"output_{i}.pb"), ordered[i].Value.ToOnnx(ordered[i].Key));
                }
                foreach (var (name, tensor) in ordered)
                {
                    console.Out.WriteLine($"{name}: {TensorDataTypes.Name(tensor.DataType)} {tensor.ShapeText}");
                }
                console.Out.WriteLine($"wrote {Path.Combine(dir, "outputs.json")} and {ordered.Length} output_N.pb file(s)");
            }
            else
            {
                console.Out.WriteLine(TensorJson.WriteString(ordered));
            }
            if (executionTrace is not null)
            {
                var to = r.GetValue(outDir) is null ? console.Error : console.Out;
                to.WriteLine($"trace: {tracePath} ({executionTrace.Nodes.Count} nodes, {new FileInfo(tracePath!).Length} bytes{(r.GetValue(traceTensors) ? ", with tensors" : "")})");
                to.WriteLine($"trace root: {Hex.Encode(executionTrace.Root)}");
                to.WriteLine($"output digest: {Hex.Encode(executionTrace.OutputDigest)}");
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>Reads <c>--input</c> files (JSON or TensorProto .pb) into feeds for <paramref name="graph"/>.</summary>
    internal static Dictionary<string, Tensor> ReadInputs(ModelGraph graph, string[] files)
    {
        var feeds = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var nextPositional = 0;
        foreach (var file in files)
        {
            if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var (name, tensor) in TensorJson.ReadInputs(BoundedFile.ReadAll(file, "input JSON", TensorJson.MaxBytes), file, graph))
                {
                    Add(feeds, name, tensor, file);
                }
                continue;
            }
            var onnx = OnnxTensorFile.Read(file);
            string target;
            if (graph.Inputs.Any(v => v.Name == onnx.Name))
            {
                target = onnx.Name;
            }
            else
            {
                var m = InputIndex().Match(Path.GetFileName(file));
                var index = m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : nextPositional++;
                if (index >= graph.Inputs.Count)
                {
                    throw new UsageException($"{file}: the model has {graph.Inputs.Count} input(s); there is no input {index}");
                }
                target = graph.Inputs[index].Name;
            }
            Add(feeds, target, Tensor.FromOnnx(onnx, file), file);
        }
        return feeds;
    }

    private static void Add(Dictionary<string, Tensor> feeds, string name, Tensor tensor, string file)
    {
        if (!feeds.TryAdd(name, tensor))
        {
            throw new UsageException($"{file}: input '{name}' is given more than once");
        }
    }

    [GeneratedRegex(@"^input_(\d{1,6})\.pb$")]
    private static partial Regex InputIndex();
}
