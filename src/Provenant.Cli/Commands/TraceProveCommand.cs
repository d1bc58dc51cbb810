using System.CommandLine;
using Provenant.Formats.Onnx;
using Provenant.Inference.Tracing;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant trace prove trace.bin --node N [--out proof.json] [--tensors DIR]</c>: the inclusion proof of node N's
/// entry under the trace root, as canonical JSON; with <c>--tensors</c> (for a trace written with
/// <c>--trace-tensors</c>) the node's output tensors are written as <c>output_J.pb</c> so they can be opened against it.
/// </summary>
internal static class TraceProveCommand
{
    public static Command Build(CliConsole console)
    {
        var file = new Argument<string>("TRACE") { Description = "trace.bin" };
        var node = new Option<int>("--node") { Description = "Node id (position in topological order)", Required = true };
        var outOpt = new Option<string?>("--out") { Description = "Write the proof here instead of printing it" };
        var tensors = new Option<string?>("--tensors") { Description = "Write the node's output tensors (output_J.pb) to this folder; the trace must hold tensors" };
        var cmd = new Command("prove", "Prove that one node's entry belongs to a trace (RFC 9162 inclusion proof, JSON)") { file, node, outOpt, tensors };
        cmd.SetAction(r =>
        {
            var path = r.GetValue(file)!;
            var dir = r.GetValue(tensors);
            var trace = TraceFile.Read(path, loadTensors: dir is not null);
            var id = r.GetValue(node);
            if (id < 0 || id >= trace.Nodes.Count) throw new UsageException($"--node: {path} has nodes 0 to {trace.Nodes.Count - 1}, not {id}");
            if (dir is not null && trace.Tensors is null) throw new UsageException($"--tensors: {path} holds no tensors (write it with --trace-tensors)");
            if (trace.Version != (int)TraceFormat.Version)
            {
                throw new UsageException($"{path} is a trace of format version {trace.Version}, whose leaves hash the output tensors: node proofs are for version-1 traces (infer --trace)");
            }
            var proof = trace.ProveNode(id);
            ProofOutput.WriteOrPrint(console, proof.ToBytes(), r.GetValue(outOpt), $"{proof.Node.Describe()} is leaf {id} of {trace.Nodes.Count}; proof");
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
                var outs = trace.Tensors![id];
                for (var j = 0; j < outs.Count; j++)
                {
                    if (outs[j] is { } t) OnnxTensorFile.Write(Path.Combine(dir, $"output_{j}.pb"), t.ToOnnx($"node{id}_output{j}"));
                }
                console.Error.WriteLine($"wrote {outs.Count(t => t is not null)} output tensor(s) of node {id} to {dir}");
            }
            return 0;
        });
        return cmd;
    }
}
