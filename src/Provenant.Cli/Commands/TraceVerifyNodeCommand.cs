using System.CommandLine;
using Provenant.Core;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Core.IO;
using Provenant.Formats.Onnx;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant trace verify-node proof.json (--trace trace.bin | --root HEX --count N) [--tensor output_J.pb --output J]</c>:
/// checks a node inclusion proof against a trace's root (read from a checked trace file, or given), and optionally
/// that a tensor is the node's committed output J. Exit 0 valid, 1 rejected, 3 malformed proof.
/// </summary>
internal static class TraceVerifyNodeCommand
{
    public static Command Build(CliConsole console)
    {
        var proofArg = new Argument<string>("PROOF") { Description = "Proof JSON written by 'provenant trace prove'" };
        var trace = new Option<string?>("--trace") { Description = "Trace file whose root and node count to check against" };
        var root = new Option<string?>("--root") { Description = "Trusted trace root (64 hex digits), e.g. from a signed claim" };
        var count = new Option<int?>("--count") { Description = "Trusted node count (with --root)" };
        var tensor = new Option<string?>("--tensor") { Description = "A TensorProto .pb file claimed to be the node's output (see --output)" };
        var output = new Option<int>("--output") { Description = "Which output of the node --tensor is (default 0)" };
        var cmd = new Command("verify-node", "Verify a node inclusion proof (and optionally one output tensor) against a trace root") { proofArg, trace, root, count, tensor, output };
        cmd.SetAction(r =>
        {
            var path = r.GetValue(proofArg)!;
            var proof = TraceNodeProof.Parse(BoundedFile.ReadAll(path, "trace node proof", TraceNodeProof.MaxProofBytes), path);
            byte[] trustedRoot;
            int trustedCount;
            if (r.GetValue(trace) is { } tracePath)
            {
                if (r.GetValue(root) is not null || r.GetValue(count) is not null) throw new UsageException("give either --trace or --root with --count");
                var t = TraceFile.Read(tracePath);
                (trustedRoot, trustedCount) = (t.Root, t.Nodes.Count);
            }
            else
            {
                var hex = r.GetValue(root) ?? throw new UsageException("give --trace FILE or --root HEX --count N");
                if (hex.Length != 64 || !Hex.TryDecode(hex, out trustedRoot)) throw new UsageException("--root: expected 64 hex digits");
                trustedCount = r.GetValue(count) ?? throw new UsageException("--root needs --count (the trace's node count)");
            }
            var result = proof.Verify(trustedRoot, trustedCount);
            if (result.IsValid && r.GetValue(tensor) is { } tensorPath)
            {
                var claimed = Tensor.FromOnnx(OnnxTensorFile.Read(tensorPath), tensorPath);
                var opened = proof.VerifyOutput(r.GetValue(output), claimed);
                result = opened.IsValid ? VerificationResult.Valid(result.Reason + "; " + opened.Reason) : opened;
            }
            if (!result.IsValid)
            {
                console.Error.WriteLine("verification FAILED: " + result.Reason);
                return ExitCodes.VerificationFailed;
            }
            console.Out.WriteLine("verified: " + result.Reason);
            return 0;
        });
        return cmd;
    }
}
