using System.CommandLine;
using System.Diagnostics;
using Provenant.Core.Hashing;
using Provenant.Core.IO;
using Provenant.Inference.Tracing;
using Provenant.Proofs.Disputes;
using Provenant.Signing.Keys;
using Provenant.Signing.Sigstore;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant claim MODEL.q.onnx --input x.json --key KEY --out claim.json [--trace FILE] [--log URL]</c>: runs a
/// quantized model on the integer engine with an execution trace and signs an inference claim (in-toto statement,
/// predicate <c>https://provenant.dev/inference-claim/v1</c>, DSSE in a Sigstore bundle; docs/disputes.md). The
/// trace with every node's tensors goes to <c>--trace</c> (default: the claim's path with <c>.trace.bin</c>): the
/// claimant needs it to defend the claim in a dispute.
/// </summary>
public sealed class ClaimCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console)
    {
        var model = new Argument<string>("MODEL") { Description = "Quantized ONNX model (provenant quantize)" };
        var inputs = new Option<string[]>("--input")
        {
            Description = "Input tensors (as for 'provenant infer')",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var key = new Option<string>("--key", "--private-key") { Description = "EC private key (PEM) that signs the claim", Required = true };
        var outOpt = new Option<string>("--out") { Description = "Signed claim (Sigstore bundle) to write", Required = true };
        var traceOpt = new Option<string?>("--trace") { Description = "Where to write the trace with tensors (default: OUT with .trace.bin)" };
        var logUrl = new Option<string?>("--log") { Description = "Record the claim in this transparency log (URL)" };
        var tokenFile = new Option<string?>("--log-token-file") { Description = "File holding the log's write token (default: $PROVENANT_LOG_TOKEN)" };
        var logArgs = new LogArgs();
        var cmd = new Command("claim", "Run a quantized model with a trace and sign an inference claim (for optimistic verification)")
        {
            model, inputs, key, outOpt, traceOpt, logUrl, tokenFile,
        };
        logArgs.AddTo(cmd);
        cmd.SetAction(async (r, ct) =>
        {
            var modelPath = r.GetValue(model)!;
            var outPath = r.GetValue(outOpt)!;
            var tracePath = r.GetValue(traceOpt) ?? DefaultTracePath(outPath);
            using var privateKey = EcKeys.LoadPrivate(r.GetValue(key)!);
            var signer = new BundleSigner(privateKey);
            var m = DisputeModel.Load(modelPath);
            var feeds = InferCommand.ReadInputs(m.Graph, r.GetValue(inputs)!);
            var clock = Stopwatch.StartNew();
            var run = m.Claim(feeds, cancellationToken: ct);
            var elapsed = clock.Elapsed;
            var bundle = signer.Sign(run.Claim.ToStatementBytes());
            if (r.GetValue(logUrl) is { } url)
            {
                bundle = await LogRecording.RecordAsync(console, bundle, signer.PublicKeySpkiPem, url, r.GetValue(tokenFile), logArgs, r, ct);
            }
            TraceFile.Write(tracePath, run.Trace);
            AtomicFile.Write(outPath, bundle.ToJsonBytes());
            var c = run.Claim;
            console.Out.WriteLine($"claim: {outPath} ({InferenceClaim.PredicateType})");
            console.Out.WriteLine($"model: {c.ModelName} sha256 {Hex.Encode(c.ModelDigest)}");
            console.Out.WriteLine($"graph digest: {Hex.Encode(c.GraphDigest)}");
            console.Out.WriteLine($"tensor root: {Hex.Encode(c.TensorRoot)} ({c.TensorCount} tensors)");
            console.Out.WriteLine($"input digest: {Hex.Encode(c.InputDigest)}");
            console.Out.WriteLine($"output digest: {Hex.Encode(c.OutputDigest)}");
            console.Out.WriteLine($"trace root: {Hex.Encode(c.TraceRoot)} ({c.TraceLength} nodes; traced run {elapsed.TotalMilliseconds:0.###} ms)");
            console.Out.WriteLine($"trace: {tracePath}");
            return 0;
        });
        return cmd;
    }

    /// <summary><c>claim.json</c> → <c>claim.trace.bin</c>.</summary>
    internal static string DefaultTracePath(string claimPath) =>
        Path.Combine(Path.GetDirectoryName(claimPath) ?? "", Path.GetFileNameWithoutExtension(claimPath) + ".trace.bin");
}
