using System.CommandLine;
using Provenant.Core.Errors;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Tracing;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant trace verify trace.bin --model MODEL --input … [--threads N]</c>: re-executes the model on the inputs
/// and compares node by node. Exit 0 when every node, the output digest and the root match; 1 naming the first
/// divergent node (or the model/input mismatch); 3 for a malformed trace.
/// </summary>
internal static class TraceVerifyCommand
{
    public static Command Build(CliConsole console)
    {
        var file = new Argument<string>("TRACE") { Description = "trace.bin to verify" };
        var model = new Option<string>("--model") { Description = "The ONNX model the trace claims to be of", Required = true };
        var inputs = new Option<string[]>("--input")
        {
            Description = "The inputs the trace claims (as for 'provenant infer')",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var threads = new Option<int>("--threads") { Description = "Worker threads for re-execution (results do not depend on it)" };
        var cmd = new Command("verify", "Re-execute the model and check a trace node by node") { file, model, inputs, threads };
        cmd.SetAction(r =>
        {
            if (r.GetValue(threads) < 0) throw new UsageException("--threads must be 0 (all processors) or more");
            var trace = TraceFile.Read(r.GetValue(file)!);
            var modelPath = r.GetValue(model)!;
            var graph = ModelGraph.Load(modelPath);
            var engine = InferenceEngines.Create(graph, new EngineOptions(r.GetValue(threads)));
            var feeds = InferCommand.ReadInputs(graph, r.GetValue(inputs)!);
            var v = TraceVerifier.Verify(trace, TraceEncoding.ModelDigest(modelPath), graph, feeds, engine.Run);
            if (!v.IsValid)
            {
                console.Error.WriteLine("verification FAILED: " + v.Result.Reason);
                foreach (var f in v.Result.Findings) console.Error.WriteLine("  " + f);
                return ExitCodes.VerificationFailed;
            }
            console.Out.WriteLine("verified: " + v.Result.Reason);
            return 0;
        });
        return cmd;
    }
}
