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
/// <c>provenant claim MODEL.q.onnx --input x.json --key KEY --out claim.json [--trace-format 3|2|1] [--segment-bits G] [--chunk-bits H]
/// [--trace FILE] [--log URL]</c>: runs a quantized model on the integer engine with an execution trace and signs an
/// inference claim (in-toto statement, predicate <c>https://provenant.dev/inference-claim/v1</c>, DSSE in a Sigstore
/// bundle; docs/disputes.md). By default the claim's trace commitment is format 3 (segmented: segments of 2^G nodes,
/// G = ⌈log2 n⌉ − 1, two segments, unless <c>--segment-bits</c> says; only each segment's exports are hashed), and its
/// disputes cut every node output into 2^H row chunks, so the referee re-executes one chunk of one node (H chosen from
/// the run by <see cref="TraceChunks.DefaultChunkBits"/>, at most <see cref="TraceFormat.MaxDefaultChunkBits"/> and 0 for a model
/// whose activations are single rows, unless <c>--chunk-bits</c> says; 0 keeps whole-node leaves). What the
/// claimant needs to defend the claim in a dispute goes to <c>--trace</c> (default: the claim's path with
/// <c>.trace.bin</c>): for format 3 a version-3 file with the exporting nodes' outputs only (the rest is recomputed
/// from them in a dispute), for formats 1 and 2 a trace file with every node's tensors.
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
        var format = new Option<int>("--trace-format") { Description = "Trace commitment of the claim: 3 (segmented, default), 2 (one hash per node) or 1", DefaultValueFactory = _ => 3 };
        var segmentBits = new Option<int?>("--segment-bits") { Description = "Format 3: segments of 2^G nodes (0 to 24; default ⌈log2 nodes⌉ − 1: two segments)" };
        var chunkBits = new Option<int?>("--chunk-bits") { Description = $"Format 3: disputes cut every node output into 2^H row chunks, so the referee re-executes one chunk (0 to 8; 0: whole nodes; default: ⌊log2 R⌋ up to {TraceFormat.MaxDefaultChunkBits}, R the most rows of a tensor that crosses segments)" };
        var logUrl = new Option<string?>("--log") { Description = "Record the claim in this transparency log (URL)" };
        var tokenFile = new Option<string?>("--log-token-file") { Description = "File holding the log's write token (default: $PROVENANT_LOG_TOKEN)" };
        var skeletonOpt = new Option<string?>("--skeleton") { Description = "Also write the model's skeleton (structure without weights, hashed into the claim's graph digest) here, for a referee" };
        var logArgs = new LogArgs();
        var cmd = new Command("claim", "Run a quantized model with a trace and sign an inference claim (for optimistic verification)")
        {
            model, inputs, key, outOpt, traceOpt, format, segmentBits, chunkBits, logUrl, tokenFile, skeletonOpt,
        };
        logArgs.AddTo(cmd);
        cmd.SetAction(async (r, ct) =>
        {
            var version = r.GetValue(format);
            if (version is < 1 or > 3) throw new UsageException("--trace-format must be 1, 2 or 3");
            var bits = r.GetValue(segmentBits);
            if (bits is not null && version != 3) throw new UsageException("--segment-bits applies to --trace-format 3 only");
            if (bits is < 0 or > TraceFormat.MaxSegmentBits) throw new UsageException($"--segment-bits must be from 0 to {TraceFormat.MaxSegmentBits}");
            var given = r.GetValue(chunkBits);
            if (given is not (null or 0) && version != 3) throw new UsageException("--chunk-bits applies to --trace-format 3 only");
            if (given is < 0 or > TraceFormat.MaxChunkBits) throw new UsageException($"--chunk-bits must be from 0 to {TraceFormat.MaxChunkBits}");
            var modelPath = r.GetValue(model)!;
            var outPath = r.GetValue(outOpt)!;
            var tracePath = r.GetValue(traceOpt) ?? DefaultTracePath(outPath);
            using var privateKey = EcKeys.LoadPrivate(r.GetValue(key)!);
            var signer = new BundleSigner(privateKey);
            var m = DisputeModel.Load(modelPath);
            var feeds = InferCommand.ReadInputs(m.Graph, r.GetValue(inputs)!);
            var clock = Stopwatch.StartNew();
            InferenceClaim claim;
            Action<string> writeTrace;
            string segmentsText = "";
            if (version == 3)
            {
                var run = m.ClaimSegmented(feeds, bits, cancellationToken: ct, chunkBits: given);
                clock.Stop();
                claim = run.Claim;
                writeTrace = p => SegmentedTraceFile.Write(p, run.Trace);
                var chunks = run.Trace.ChunkBits;
                segmentsText = $" in {run.Trace.Segments.Count} segments of 2^{run.Trace.Segments.SegmentBits}" + (chunks > 0 ? $", outputs in 2^{chunks} chunks in disputes" : ", whole-node leaves in disputes");
            }
            else
            {
                var run = m.Claim(feeds, cancellationToken: ct, traceVersion: version);
                clock.Stop();
                claim = run.Claim;
                writeTrace = p => TraceFile.Write(p, run.Trace);
            }
            var elapsed = clock.Elapsed;
            var bundle = signer.Sign(claim.ToStatementBytes());
            if (r.GetValue(logUrl) is { } url)
            {
                bundle = await LogRecording.RecordAsync(console, bundle, signer.PublicKeySpkiPem, url, r.GetValue(tokenFile), logArgs, r, ct);
            }
            writeTrace(tracePath);
            if (r.GetValue(skeletonOpt) is { } skeletonPath) AtomicFile.Write(skeletonPath, m.Skeleton.ToBytes());
            AtomicFile.Write(outPath, bundle.ToJsonBytes());
            var c = claim;
            console.Out.WriteLine($"claim: {outPath} ({InferenceClaim.PredicateType})");
            console.Out.WriteLine($"model: {c.ModelName} sha256 {Hex.Encode(c.ModelDigest)}");
            console.Out.WriteLine($"graph digest: {Hex.Encode(c.GraphDigest)}");
            console.Out.WriteLine($"tensor root: {Hex.Encode(c.TensorRoot)} ({c.TensorCount} tensors)");
            console.Out.WriteLine($"input digest: {Hex.Encode(c.InputDigest)}");
            console.Out.WriteLine($"output digest: {Hex.Encode(c.OutputDigest)}");
            console.Out.WriteLine($"trace root: {Hex.Encode(c.TraceRoot)} ({c.TraceFormatName}, {c.TraceLength} nodes{segmentsText}; traced run {elapsed.TotalMilliseconds:0.###} ms)");
            console.Out.WriteLine($"trace: {tracePath}");
            if (r.GetValue(skeletonOpt) is { } written) console.Out.WriteLine($"skeleton: {written}");
            return 0;
        });
        return cmd;
    }

    /// <summary><c>claim.json</c> → <c>claim.trace.bin</c>.</summary>
    internal static string DefaultTracePath(string claimPath) =>
        Path.Combine(Path.GetDirectoryName(claimPath) ?? "", Path.GetFileNameWithoutExtension(claimPath) + ".trace.bin");
}
