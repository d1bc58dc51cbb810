// Dispute benchmark (bench/disputes.sh): per model, the cost of making a claim (traced inference) over plain
// integer inference, and for a cheating claimant disputed at every node by an honest challenger: bisection rounds,
// bytes exchanged and the referee's work as a fraction of one full inference. Models are quantized here from their
// float ONNX files with 32 seeded random calibration inputs (timing does not depend on the input distribution);
// "deep-mlp" is a synthetic 128-layer MLP (MatMul+Add+Relu, width 128) built in memory, so that one model has
// more than 100 nodes. Everything runs on one engine thread. A second table gives trace format 3 (segmented
// commitments, default g) beside it: claim overhead, rounds, bytes, and the referee's work two ways: (a) its one-node
// work against an inference whose kernels are prebuilt, (b) everything it does for a game from scratch (read the model
// and build its skeleton, authenticate both claims, replay and check every move, re-execute the node) against a full
// re-execution from scratch (read the model, hash the file against the claimed model digest, build the engine, run).
// The format-3 table also gives the referee's checks without the message signatures (timed apart), the time (b)
// spends reading the model file and building its skeleton, and (b') the same referee given only the skeleton's bytes
// (ModelSkeleton.FromBytes, `claim --skeleton`) instead of the model file. A third table gives the format-3 claim
// overhead for every g. Usage: DisputesBench RUNS MODEL.onnx[=INPUT.json]...
// A model given with an input file (e.g. token ids for ezkl-nanoGPT, whose quantized form is fixed to the calibrated
// shape) is calibrated on that one input set, as `provenant quantize --calibrate INPUT.json` does, and timed on it.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Quantization;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;
using Provenant.Proofs.Disputes;
using Provenant.Signing.Sigstore;

var runs = int.Parse(args[0], CultureInfo.InvariantCulture);
// The referee's step timed alone and warm: every node is re-executed WarmUpCalls times untimed (past the 30 calls after
// which the runtime queues a method for tier-1 compilation, DOTNET_TC_CallCountingDelayMs=0, whatever the operator's
// node count), the background compiler is given a moment, then each node's time is the median of TimedCalls calls (the
// worst node is a maximum over per-node medians, so on this shared machine few calls let one slow spell decide it). The
// in-referee columns time the cold case.
const int WarmUpCalls = 40;
const int TimedCalls = 31;
var ChunkBitsBench = Environment.GetEnvironmentVariable("CHUNK_BITS") is { } hText ? int.Parse(hText, CultureInfo.InvariantCulture) : TraceFormat.MaxDefaultChunkBits;
var dir = Directory.CreateTempSubdirectory("provenant-dispute-bench-").FullName;
var models = args.Skip(1).Select(a => a.Split('=', 2)).Select(a => (Name: ModelName(a[0]), Graph: ModelGraph.Load(a[0]), Input: a.Length > 1 ? a[1] : null))
    .Append(("deep-mlp-128x128", DeepMlp(128, 128), null)).ToList();
using var claimantKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using var challengerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
var inv = CultureInfo.InvariantCulture;
var segmentedRows = new List<string>();
var chunkedRows = new List<string>();
var segmentSizeRows = new List<string>();
Console.WriteLine("| model | nodes | inference ms | infer --trace path (TracedInference) ms | overhead | claim, trace format 1 (tensors kept, hashed inline) ms | overhead | claim (DisputeModel.Claim: trace format 2, tensors kept, hashed inline) ms | overhead | claim pipelined (hashed on a second thread) ms | overhead | rounds (max) | ⌈log2 n⌉ | bytes exchanged (median / max) | referee node re-execution / inference (median / max node) | referee all checks / inference (median) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var (name, floatGraph, inputFile) in models)
{
    var rng = new Random(7);
    var given = inputFile is null ? null : Provenant.Inference.IO.TensorJson.ReadInputs(File.ReadAllBytes(inputFile), inputFile, floatGraph);
    List<IReadOnlyDictionary<string, Tensor>> calibration = given is not null ? [given]
        : [.. Enumerable.Range(0, 32).Select(_ => (IReadOnlyDictionary<string, Tensor>)RandomInputs(floatGraph, rng))];
    var path = Path.Combine(dir, name + ".q.onnx");
    OnnxModelWriter.Write(path, Quantizer.Quantize(floatGraph, Calibration.Run(new FloatEngine(floatGraph), calibration)));
    var model = DisputeModel.Load(path);
    var n = model.Graph.Nodes.Count;
    var inputs = given ?? RandomInputs(model.Graph, rng);
    var engine = InferenceEngines.Create(model.Graph, new EngineOptions(1));
    var digest = model.FileDigest;
    _ = model.Tensors;

    // Interleaved timing: plain; traced as `infer --trace` does (TracedInference, trace format 1, digests only); the
    // claim path (DisputeModel.Claim: reused hash state, every tensor kept, as `provenant claim` does) in trace format 1
    // and in format 2 (one hash per node: what claims use), hashed inline; then format 2 pipelined on a second thread
    // (TraceRecorder hashOnWorker), compared with the same plain inference median.
    var plain = new List<double>();
    var traced = new List<double>();
    var keptV1 = new List<double>();
    var kept = new List<double>();
    var pipelined = new List<double>();
    for (var i = 0; i < runs + runs / 5; i++)
    {
        var p = Time(() => engine.Run(inputs));
        var t = Time(() => TracedInference.Run(engine.Run, model.Graph, digest, inputs));
        var k1 = Time(() => model.Claim(inputs, engine.Run, hashOnWorker: false, traceVersion: 1));
        var k = Time(() => model.Claim(inputs, engine.Run, hashOnWorker: false));
        if (i < runs / 5) continue;
        plain.Add(p);
        traced.Add(t);
        keptV1.Add(k1);
        kept.Add(k);
    }
    // The pipelined claim in a loop of its own after the interleaved one: on a machine without a free core its worker
    // thread competes with the engine, and interleaved runs disturbed the other columns (thread-pool growth).
    for (var i = 0; i < runs + runs / 5; i++)
    {
        var w = Time(() => model.Claim(inputs, engine.Run, hashOnWorker: true));
        if (i >= runs / 5) pipelined.Add(w);
    }
    var inference = Median(plain);

    // One game per node: the claimant lies about that node's first output, the challenger is honest.
    var honest = model.Claim(inputs);
    var rounds = new List<int>();
    var bytes = new List<double>();
    var checks = new List<double>();
    var reexec = new List<double>();
    for (var node = 0; node < n; node++)
    {
        var cheat = model.Claim(inputs, Faulty(model, node));
        var (t, referee) = PlayLie(model, cheat.Claim, honest.Claim, claimantKey, challengerKey, node, name,
            s => new TraceParty(DisputeRole.Claimant, claimantKey, s.DisputeId, model, cheat.Trace, inputs),
            s => new TraceParty(DisputeRole.Challenger, challengerKey, s.DisputeId, model, honest.Trace, inputs));
        var r = referee.Ruling!;
        rounds.Add(r.BisectionRounds);
        bytes.Add(t.MessageBytes);
        checks.Add(referee.CheckingTime.TotalMilliseconds);
    }
    // The referee's re-execution of each node, timed alone on the honest inputs: an untimed warm-up (WarmUp), then the
    // median of TimedCalls per node.
    for (var pass = 0; pass < 2; pass++)
    {
        for (var node = 0; node < n; node++)
        {
            var values = NodeValues(model, honest.Trace, inputs, node);
            var m = Median(Enumerable.Range(0, pass == 0 ? WarmUpCalls : TimedCalls).Select(_ => Time(() => NodeReexecution.Run(model.Skeleton, node, values))).ToList());
            if (pass == 1) reexec.Add(m);
        }
        if (pass == 0) WarmUp();
    }
    // The inference time the referee's work is compared with, measured next to it (same load).
    var inferenceNow = Median(Enumerable.Range(0, Math.Max(runs, 5)).Select(_ => Time(() => engine.Run(inputs))).ToList());
    if (Environment.GetEnvironmentVariable("PER_OP") == "1") PrintPerOp(name, model, reexec, inferenceNow);
    var log2 = n <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(n - 1));
    var log2n = n <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(n - 1));
    segmentedRows.Add(Segmented(model, path, engine, inputs, runs, claimantKey, challengerKey, name, log2n, reexec, inferenceNow, chunkedRows, ChunkBitsBench));
    segmentSizeRows.Add(SegmentSizes(model, engine, inputs, runs, name, log2n));
    Console.WriteLine(string.Create(inv,
        $"| {name} | {n} | {inference:0.0000} | {Median(traced):0.0000} | {Pct(Median(traced), inference)} | {Median(keptV1):0.0000} | {Pct(Median(keptV1), inference)} | {Median(kept):0.0000} | {Pct(Median(kept), inference)} | {Median(pipelined):0.0000} | {Pct(Median(pipelined), inference)} | {rounds.Max()} | {log2} | {Median(bytes):0} / {bytes.Max():0} | {Pct(Median(reexec) + inferenceNow, inferenceNow)} / {Pct(reexec.Max() + inferenceNow, inferenceNow)} | {Pct(Median(checks) + inference, inference)} |"));
}
Console.WriteLine();
Console.WriteLine("Trace format 3 (segmented, default g = ⌈log2 n⌉ − 1: two segments); each claim format timed in its own loop interleaved with plain inference (inference ms: the format-2 loop's). Referee (a): the disputed node's re-execution (median / max over nodes, as in the table above) and all of the referee's checks in the game, over an inference with prebuilt kernels; (b): the referee from scratch (read the model and build its skeleton, authenticate both claims, replay every move, re-execute) over a full re-execution from scratch (read the model, hash the file, build the engine, run), medians.");
Console.WriteLine();
Console.WriteLine("| model | nodes | g | segments | inference ms | claim format 2 ms | overhead | claim format 3 ms | overhead | rounds (max) / ⌈log2 n⌉ | bytes (median / max) | (a) node re-execution / inference (median / max) | (a) the same inside a referee replaying the transcripts (ReexecutionTime, 12th replay of every game) / inference (median / max) | (a) all checks / inference (median) | (a) all checks but signatures (openings, re-execution) / inference (median) | signature checks ms (median) | (b) referee from scratch ms | (b) of which reading the model file and building its skeleton ms | (b) full re-execution from scratch ms | (b) ratio (median) | (b') referee from scratch given the skeleton bytes, not the model file ms (skeleton size) | (b') ratio (median) | claimant's store: version-3 file / every node's tensors (bytes) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var row in segmentedRows) Console.WriteLine(row);
Console.WriteLine();
Console.WriteLine($"Chunked fine trees (claims with chunkBits h = {ChunkBitsBench}: every node output cut into {1 << ChunkBitsBench} row chunks in disputes; default g): one game per node as above. The referee's step is one chunk: computed from that chunk's rows alone where the node is row-local in its inputs (RowLocalExecution), else from the whole node. (a) warm: ChunkReexecution.Run on the honest values after {WarmUpCalls} untimed calls per node, median of {TimedCalls} per node, the middle chunk of output 0; in a referee: its ReexecutionTime replaying each game's transcript, 12th pass.");
Console.WriteLine();
Console.WriteLine("| model | nodes | h | rounds (max) | ⌈log2 n⌉ | leaves revealed at once F (segment 0) | bytes (median / max) | (a) chunk re-execution, warm / inference (median / max) | (a) inside a referee replaying the transcripts / inference (median / max) | (a) all checks but signatures / inference (median) | nodes re-executed row-locally |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var row in chunkedRows) Console.WriteLine(row);
Console.WriteLine();
Console.WriteLine("Format-3 claim overhead over plain inference per g (medians, interleaved):");
Console.WriteLine();
Console.WriteLine("| model | nodes | engine callback only (no-op) | callback keeping every node's outputs (no hashing) | " + string.Join(" | ", Enumerable.Range(0, 10).Select(g => $"g = {g}")) + " |");
Console.WriteLine("|---|---:|---:|---:|" + string.Concat(Enumerable.Repeat("---:|", 10)));
foreach (var row in segmentSizeRows) Console.WriteLine(row);
Directory.Delete(dir, true);
TrainingTable(runs);
return 0;

// Format 3 at the default g: claim timing interleaved with plain inference and the format-2 claim, one game per node
// (the claimant's node computes a wrong element that later nodes read; games whose fault reaches no export are not
// disputes and are skipped), and the referee measured both ways.
static string Segmented(DisputeModel model, string path, IInferenceEngine engine, Dictionary<string, Tensor> inputs, int runs, ECDsa claimantKey, ECDsa challengerKey,
    string name, int log2n, List<double> reexec, double inferenceNow, List<string> chunkedRows, int chunkBits)
{
    var n = model.Graph.Nodes.Count;
    var g = TraceSegments.DefaultSegmentBits(n);
    // Two loops, each interleaving plain inference with one claim format: the format-2 claim keeps every tensor and its
    // garbage would otherwise be collected during the format-3 timing next to it.
    var plain = new List<double>();
    var plain3 = new List<double>();
    var v2 = new List<double>();
    var v3 = new List<double>();
    for (var i = 0; i < runs + runs / 5; i++)
    {
        var p = Time(() => engine.Run(inputs));
        var k2 = Time(() => model.Claim(inputs, engine.Run, hashOnWorker: false));
        if (i < runs / 5) continue;
        plain.Add(p);
        v2.Add(k2);
    }
    for (var i = 0; i < runs + runs / 5; i++)
    {
        var p = Time(() => engine.Run(inputs));
        var k3 = Time(() => model.ClaimSegmented(inputs, g, engine.Run));
        if (i < runs / 5) continue;
        plain3.Add(p);
        v3.Add(k3);
    }
    var inference = Median(plain);
    var inference3 = Median(plain3);
    var honest = model.ClaimSegmented(inputs, g);
    var games = PlayLies(model, inputs, g, 0, claimantKey, challengerKey, name);
    var (rounds, bytes, transcripts) = (games.Rounds, games.Bytes, games.Transcripts);
    var checks = games.Checks;
    var work = games.Work;
    var signatures = games.Signatures;
    var inGame = new List<double>();
    // (b): the referee from scratch per game (one untimed pass for JIT), against a full re-execution from scratch.
    var scratch = new List<double>();
    var reading = new List<double>();
    var fromSkeleton = new List<double>();
    var skeletonPath = Path.ChangeExtension(path, ".skeleton.bin");
    File.WriteAllBytes(skeletonPath, model.Skeleton.ToBytes());
    for (var pass = 0; pass < 2; pass++)
    {
        foreach (var t in transcripts)
        {
            ModelSkeleton? skeleton = null;
            var read = 0.0;
            var ms = Time(() =>
            {
                read = Time(() => skeleton = ModelSkeleton.FromModel(OnnxModelReader.Read(path)));
                if (!t.Replay(skeleton!).Consistency.IsValid) throw new InvalidOperationException("replay");
            });
            // The same referee given the skeleton's bytes (a few KB) instead of the model file.
            var slim = Time(() =>
            {
                if (!t.Replay(ModelSkeleton.FromBytes(File.ReadAllBytes(skeletonPath), skeletonPath)).Consistency.IsValid) throw new InvalidOperationException("replay");
            });
            if (pass == 1)
            {
                scratch.Add(ms);
                reading.Add(read);
                fromSkeleton.Add(slim);
            }
        }
    }
    inGame.AddRange(InReferee(transcripts, model.Skeleton));
    var full = Median(Enumerable.Range(0, Math.Max(runs / 4, 5)).Select(_ => Time(() =>
    {
        var onnx = OnnxModelReader.Read(path);
        var graph = ModelGraph.FromOnnx(onnx, path);
        if (!TraceEncoding.ModelDigest(path).AsSpan().SequenceEqual(model.FileDigest)) throw new InvalidOperationException("digest");
        InferenceEngines.Create(graph, new EngineOptions(1)).Run(inputs);
    })).ToList());
    var m = model.Segments(g).Count;
    chunkedRows.Add(ChunkedGames(model, inputs, g, chunkBits, claimantKey, challengerKey, name, inference, log2n));
    // What the claimant stores to defend the claim: the exporting nodes' outputs (what `provenant claim` writes), against
    // every node's tensors (a version-2 trace file, what it wrote before).
    var storePath = Path.ChangeExtension(path, ".store.bin");
    SegmentedTraceFile.Write(storePath, honest.Trace);
    var fullPath = Path.ChangeExtension(path, ".full.bin");
    TraceFile.Write(fullPath, model.Claim(inputs).Trace);
    var stored = $"{new FileInfo(storePath).Length:N0} / {new FileInfo(fullPath).Length:N0}";
    return string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {n} | {g} | {m} | {inference:0.0000} | {Median(v2):0.0000} | {Pct(Median(v2), inference)} | {Median(v3):0.0000} | {Pct(Median(v3), inference3)} | {rounds.Max()} / {log2n} | {Median(bytes):0} / {bytes.Max():0} | {Pct(Median(reexec) + inferenceNow, inferenceNow)} / {Pct(reexec.Max() + inferenceNow, inferenceNow)} | {Pct(Median(inGame) + inference, inference)} / {Pct(inGame.Max() + inference, inference)} | {Pct(Median(checks) + inference, inference)} | {Pct(Median(work) + inference, inference)} | {Median(signatures):0.000} | {Median(scratch):0.000} | {Median(reading):0.000} | {full:0.000} | {Median(scratch) / full * 100:0.0} % | {Median(fromSkeleton):0.000} ({new FileInfo(skeletonPath).Length:N0} B) | {Median(fromSkeleton) / full * 100:0.0} % | {stored} |");
}

// Chunked fine trees: one game per node (the claimant's node computes a wrong element), claims with chunkBits h, and the
// referee's chunk step timed warm on the honest values.
static string ChunkedGames(DisputeModel model, Dictionary<string, Tensor> inputs, int g, int h, ECDsa claimantKey, ECDsa challengerKey, string name,
    double inference, int log2n)
{
    var n = model.Graph.Nodes.Count;
    var honest = model.ClaimSegmented(inputs, g, chunkBits: h);
    var (rounds, bytes, _, work, _, transcripts) = PlayLies(model, inputs, g, h, claimantKey, challengerKey, name);
    var inGame = InReferee(transcripts, model.Skeleton);
    // Warm: the middle chunk of each node's output 0, its row operands given as that chunk's rows.
    var count = 1 << h;
    var warm = new List<double>();
    var rowLocal = 0;
    for (var pass = 0; pass < 2; pass++)
    {
        for (var node = 0; node < n; node++)
        {
            var onnx = model.Skeleton.Nodes[node];
            var full = onnx.Inputs.Select(x => x.Length == 0 ? null : model.Skeleton.WeightNames.Contains(x) ? model.Weight(x)
                : model.Skeleton.Producer(x) is { } p ? honest.Trace.Outputs(p.Node)[p.Output] : inputs[x]).ToArray();
            var dims = full.Select(t => t is null ? null : (int[]?)[.. t.Shape]).ToArray();
            var rowOps = Provenant.Inference.Integer.RowLocalExecution.RowOperands(model.Graph.Nodes[node], 0, dims);
            var c = count / 2;
            var given = full.Select((t, p) => t is null ? null : rowOps?.Contains(p) == true && !model.Skeleton.WeightNames.Contains(onnx.Inputs[p])
                ? new ChunkInput(SliceChunk(t, c, count), dims[p]!, c) : new ChunkInput(t, dims[p]!)).ToArray();
            var ms = Median(Enumerable.Range(0, pass == 0 ? WarmUpCalls : TimedCalls).Select(_ => Time(() => ChunkReexecution.Run(model.Skeleton, node, 0, c, h, given))).ToList());
            if (pass == 1)
            {
                warm.Add(ms);
                if (rowOps is { Count: > 0 }) rowLocal++;
            }
        }
        if (pass == 0) WarmUp();
    }
    return string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {n} | {h} | {rounds.Max()} | {log2n} | {model.Segments(g).FineFanOut(0, h)} | {Median(bytes):0} / {bytes.Max():0} | {Pct(Median(warm) + inference, inference)} / {Pct(warm.Max() + inference, inference)} | {Pct(Median(inGame) + inference, inference)} / {Pct(inGame.Max() + inference, inference)} | {Pct(Median(work) + inference, inference)} | {rowLocal} of {n} |");
}

// One game: the cheat's claim against the honest one, played between the two parties; the referee must rule for the
// challenger at the lied-about node (what names the case in the error otherwise).
static (DisputeTranscript Transcript, DisputeReferee Referee) PlayLie(DisputeModel model, InferenceClaim cheat, InferenceClaim honest,
    ECDsa claimantKey, ECDsa challengerKey, int node, string what, Func<DisputeSetup, IDisputeParty> claimant, Func<DisputeSetup, IDisputeParty> challenger)
{
    var setup = DisputeSetup.Create(Sign(cheat, claimantKey), claimantKey, Sign(honest, challengerKey), challengerKey);
    var (t, referee) = DisputeGame.Play(setup, model.Skeleton, claimant(setup), challenger(setup), TimeSpan.FromMinutes(1));
    var r = referee.Ruling!;
    if (r.Outcome != DisputeOutcome.ChallengerWins || r.DisputedNode != node) throw new InvalidOperationException($"{what} node {node}: {r}");
    return (t, referee);
}

// Format 3 at g (chunked with h > 0): one game per node in which the claimant's node computes a wrong element that later
// nodes read (games whose fault reaches no export are not disputes and are skipped); every game must be ruled for the
// challenger at that node. Per game: rounds, bytes, the referee's checking time with and without signatures, transcript.
static (List<int> Rounds, List<double> Bytes, List<double> Checks, List<double> Work, List<double> Signatures, List<DisputeTranscript> Transcripts) PlayLies(
    DisputeModel model, Dictionary<string, Tensor> inputs, int g, int h, ECDsa claimantKey, ECDsa challengerKey, string name)
{
    var honest = model.ClaimSegmented(inputs, g, chunkBits: h);
    var result = (Rounds: new List<int>(), Bytes: new List<double>(), Checks: new List<double>(), Work: new List<double>(), Signatures: new List<double>(), Transcripts: new List<DisputeTranscript>());
    for (var node = 0; node < model.Graph.Nodes.Count; node++)
    {
        var cheat = model.ClaimSegmented(inputs, g, Snapshot(Faulty(model, node)), keepAllOutputs: true, chunkBits: h);
        if (cheat.Claim.TraceRoot.AsSpan().SequenceEqual(honest.Claim.TraceRoot) && cheat.Claim.OutputDigest.AsSpan().SequenceEqual(honest.Claim.OutputDigest)) continue;
        var (t, referee) = PlayLie(model, cheat.Claim, honest.Claim, claimantKey, challengerKey, node, $"{name} format 3 (h = {h})",
            s => new TraceParty(DisputeRole.Claimant, claimantKey, s.DisputeId, model, cheat.Trace, inputs),
            s => new TraceParty(DisputeRole.Challenger, challengerKey, s.DisputeId, model, honest.Trace, inputs));
        var r = referee.Ruling!;
        result.Rounds.Add(r.BisectionRounds);
        result.Bytes.Add(t.MessageBytes);
        result.Checks.Add(referee.CheckingTime.TotalMilliseconds);
        result.Work.Add((referee.CheckingTime - referee.SignatureTime).TotalMilliseconds);
        result.Signatures.Add(referee.SignatureTime.TotalMilliseconds);
        result.Transcripts.Add(t);
    }
    return result;
}

// The referee's re-execution (ReexecutionTime) replaying each transcript, in the last of 12 passes: operators that few
// games reach (4 QSoftmax nodes in nanoGPT) are called often enough by then for the JIT's optimized tier, as in a
// long-running referee (the CLI ships ReadyToRun code; the first replays here would time tier-0 code).
static List<double> InReferee(List<DisputeTranscript> transcripts, ModelSkeleton skeleton)
{
    var times = new List<double>();
    for (var pass = 0; pass < 12; pass++)
    {
        foreach (var t in transcripts)
        {
            var referee = t.Replay(skeleton).Referee;
            if (pass == 11) times.Add(referee.ReexecutionTime.TotalMilliseconds);
        }
    }
    return times;
}

static Tensor SliceChunk(Tensor t, int chunk, int count)
{
    var (start, end) = TraceChunks.ChunkRows(TraceChunks.Rows(t.Shape), chunk, count);
    return TraceChunks.SliceRows(t, start, end);
}

// The format-3 claim's overhead over plain inference for g = 0…9 (columns past ⌈log2 n⌉ + 1 are left empty: one segment).
static string SegmentSizes(DisputeModel model, IInferenceEngine engine, Dictionary<string, Tensor> inputs, int runs, string name, int log2n)
{
    var cells = new List<string>();
    // The floor of any claim that keeps the tensors: the engine calling back per node, and keeping each node's outputs.
    var kept = new IReadOnlyList<Tensor?>[model.Graph.Nodes.Count];
    var floor = new[] { new List<double>(), new List<double>(), new List<double>() };
    for (var i = 0; i < runs + runs / 5; i++)
    {
        var p = Time(() => engine.Run(inputs));
        var c = Time(() => engine.Run(inputs, (_, _) => { }));
        var k = Time(() => engine.Run(inputs, (n, outs) => kept[n.Id] = outs.ToArray()));
        if (i < runs / 5) continue;
        floor[0].Add(p);
        floor[1].Add(c);
        floor[2].Add(k);
    }
    cells.Add(Pct(Median(floor[1]), Median(floor[0])));
    cells.Add(Pct(Median(floor[2]), Median(floor[0])));
    for (var g = 0; g < 10; g++)
    {
        if (g > log2n)
        {
            cells.Add("");
            continue;
        }
        var plain = new List<double>();
        var claim = new List<double>();
        for (var i = 0; i < runs + runs / 5; i++)
        {
            var p = Time(() => engine.Run(inputs));
            var c = Time(() => model.ClaimSegmented(inputs, g, engine.Run));
            if (i < runs / 5) continue;
            plain.Add(p);
            claim.Add(c);
        }
        cells.Add(Pct(Median(claim), Median(plain)));
    }
    return $"| {name} | {model.Graph.Nodes.Count} | " + string.Join(" | ", cells) + " |";
}

// Hands later code a copy of each node's outputs as produced (a fault edits a buffer in place that a view node shares;
// the honest engine never does), so a kept format-3 trace holds what each node produced.
static TraceExecutor Snapshot(TraceExecutor execute) => (inputs, onNode, ct) => execute(inputs, (n, outs) => onNode?.Invoke(n, outs.Select(t => t is null ? null
    : Tensor.FromOnnx(new OnnxTensor("", TensorDataTypes.ToOnnx(t.DataType), t.Shape.Select(d => (long)d).ToArray(), t.ToBytes()), "copy")).ToArray()), ct);

// Training disputes on the shipped digits MLP configuration (batches of 32), 16 steps claimed: one game per
// (step, operator) pair over a grid; the referee re-executes one operator, compared with re-running one full step.
static void TrainingTable(int runs)
{
    const int steps = 16;
    var dirPath = Path.Combine("samples", "models", "digits-mlp");
    var json = File.ReadAllText(Path.Combine(dirPath, "train.json")).Replace("\"epochs\": 30", "\"epochs\": 1");
    var config = Provenant.Training.Config.TrainingConfigParser.Parse(System.Text.Encoding.UTF8.GetBytes(json), "train.json", dirPath);
    var data = Provenant.Training.Data.TrainingData.Load(config);
    var tracer = new Provenant.Training.Disputes.StepTracer(config, data);
    var runId = SHA256.HashData(config.Digest); // no training log here: the run is named by its configuration
    var honest = Provenant.Training.Disputes.TrainingTrace.Record(tracer, steps);
    var m = tracer.OperatorCount;
    var before = Provenant.Training.Checkpoints.Checkpoint.Parse(honest.Steps[7][0].Outputs[0], "step 7");
    var step = Median(Enumerable.Range(0, runs).Select(_ => Time(() => tracer.Run(before))).ToList());
    using var a = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    using var b = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    var rounds = new List<int>();
    var bytes = new List<double>();
    var reexec = new List<double>();
    for (var s = 0; s < steps; s += 5)
    {
        for (var op = 0; op < m; op++)
        {
            var (ss, oo) = (s, op);
            var wrong = Provenant.Training.Disputes.TrainingTrace.Record(tracer, steps, (x, o, v) => { if (x == ss && o == oo && v.Length > 0) v[0] += 0.25f; });
            if (wrong.RunRoot.AsSpan().SequenceEqual(honest.RunRoot)) continue;
            var referee = new Provenant.Training.Disputes.TrainingReferee(wrong.Claim(runId, config.Digest, config.Digest), a, honest.Claim(runId, config.Digest, config.Digest), b, tracer, config.Digest);
            var moves = DisputeGame.PlayMoves(referee, new Provenant.Training.Disputes.TrainingParty(DisputeRole.Claimant, a, referee.DisputeId, wrong, tracer),
                new Provenant.Training.Disputes.TrainingParty(DisputeRole.Challenger, b, referee.DisputeId, honest, tracer), TimeSpan.FromMinutes(1));
            if (referee.Ruling!.Outcome != DisputeOutcome.ChallengerWins || referee.DisputedStep != s || referee.Ruling.DisputedNode != op) throw new InvalidOperationException($"training step {s} op {op}: {referee.Ruling}");
            rounds.Add(referee.Ruling.BisectionRounds);
            bytes.Add(moves.Sum(x => (double)x.Length));
            if (op > 0)
            {
                var values = tracer.InputsOf(op).Select(p => honest.Steps[s][p.Op].Outputs[p.Output]).ToList();
                reexec.Add(Median(Enumerable.Range(0, 5).Select(_ => Time(() => tracer.Reexecute(s, op, values))).ToList()));
            }
        }
    }
    var log2 = (int n) => n <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(n - 1));
    Console.WriteLine();
    Console.WriteLine("| training run | steps × operators | one step ms | rounds (max) | ⌈log2 steps⌉ + ⌈log2 ops⌉ | bytes exchanged (median / max) | referee operator re-execution / one step (median / max) |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| digits-mlp train.json, batch {config.BatchSize} | {steps} × {m} | {step:0.0000} | {rounds.Max()} | {log2(steps) + log2(m)} | {Median(bytes):0} / {bytes.Max():0} | {Pct(Median(reexec) + step, step)} / {Pct(reexec.Max() + step, step)} |"));
}

// PER_OP=1: the referee's node re-execution per operator type (count, median and max µs, share of an inference), to see
// which operators sit above 1 %.
static void PrintPerOp(string name, DisputeModel model, List<double> reexec, double inference)
{
    Console.Error.WriteLine($"{name}: node re-execution per operator type (inference {inference * 1000:0.0} µs)");
    foreach (var g in reexec.Select((ms, i) => (ms, op: model.Graph.Nodes[i].OpType)).GroupBy(x => x.op).OrderByDescending(g => g.Max(x => x.ms)))
    {
        var times = g.Select(x => x.ms).ToList();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {g.Key,-16} {times.Count,4} nodes  median {Median(times) * 1000,8:0.0} µs  max {times.Max() * 1000,8:0.0} µs  ({Median(times) / inference * 100:0.00} % / {times.Max() / inference * 100:0.00} %)"));
    }
}

static string Pct(double total, double baseline) => string.Create(CultureInfo.InvariantCulture, $"{(total - baseline) / baseline * 100:0.0} %");

static double Time(Action a)
{
    var s = Stopwatch.GetTimestamp();
    a();
    return Stopwatch.GetElapsedTime(s).TotalMilliseconds;
}


static void WarmUp() => Thread.Sleep(300);

static double Median(List<double> xs)
{
    var s = xs.Order().ToArray();
    return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
}

static byte[] Sign(InferenceClaim c, ECDsa key) => new BundleSigner(key).Sign(c.ToStatementBytes()).ToJsonBytes();

// "network.onnx" files are named after their folder (../shared/data/models/ezkl-nanoGPT/network.onnx → ezkl-nanoGPT).
static string ModelName(string path)
{
    var name = Path.GetFileNameWithoutExtension(path);
    return name == "network" ? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)))! : name;
}

static Dictionary<string, Tensor> RandomInputs(ModelGraph graph, Random rng)
{
    var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
    foreach (var v in graph.Inputs)
    {
        var shape = v.Shape!.Select(d => d ?? 1).ToArray();
        var data = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (var i = 0; i < data.Length; i++) data[i] = (float)rng.NextDouble();
        inputs[v.Name] = Tensor.FromArray(data, shape);
    }
    return inputs;
}

// The integer engine, except that node `node`'s first output gets one element changed before later nodes read it.
static TraceExecutor Faulty(DisputeModel model, int node)
{
    var engine = InferenceEngines.Create(model.Graph, new EngineOptions(1));
    return (inputs, onNode, ct) => engine.Run(inputs, (g, outs) =>
    {
        if (g.Id == node)
        {
            var t = outs.First(o => o is not null)!;
            switch (t.DataType)
            {
                case TensorDataType.Int8: t.AsSpan<sbyte>()[0] = (sbyte)~t.AsSpan<sbyte>()[0]; break;
                case TensorDataType.Int16: t.AsSpan<short>()[0] = (short)~t.AsSpan<short>()[0]; break;
                case TensorDataType.Int32: t.AsSpan<int>()[0] = ~t.AsSpan<int>()[0]; break;
                case TensorDataType.Int64: t.AsSpan<long>()[0] = ~t.AsSpan<long>()[0]; break;
                case TensorDataType.UInt8: t.AsSpan<byte>()[0] = (byte)~t.AsSpan<byte>()[0]; break;
                default: t.AsSpan<float>()[0] = -t.AsSpan<float>()[0] - 1; break;
            }
        }
        onNode?.Invoke(g, outs);
    }, ct);
}

static Dictionary<string, Tensor> NodeValues(DisputeModel model, ExecutionTrace trace, IReadOnlyDictionary<string, Tensor> inputs, int node)
{
    var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
    foreach (var name in model.Skeleton.Nodes[node].Inputs.Where(x => x.Length > 0))
    {
        values[name] = model.Skeleton.WeightNames.Contains(name) ? model.Weight(name)
            : model.Skeleton.Producer(name) is { } p ? trace.Tensors![p.Node][p.Output]! : inputs[name];
    }
    return values;
}

// A float MLP of `layers` × (MatMul [width×width] + Add bias + Relu), He-initialised with a seeded generator.
static ModelGraph DeepMlp(int layers, int width)
{
    var rng = new Random(3);
    var nodes = new List<OnnxNode>();
    var inits = new List<OnnxTensor>();
    var x = "x";
    for (var l = 0; l < layers; l++)
    {
        var w = new float[width * width];
        var sd = Math.Sqrt(2.0 / width);
        for (var i = 0; i < w.Length; i++) w[i] = (float)(sd * (rng.NextDouble() * 2 - 1) * 1.7);
        var b = new float[width];
        for (var i = 0; i < b.Length; i++) b[i] = (float)(0.01 * (rng.NextDouble() - 0.5));
        inits.Add(new OnnxTensor($"w{l}", OnnxDataType.Float, [width, width], Raw(w)));
        inits.Add(new OnnxTensor($"b{l}", OnnxDataType.Float, [width], Raw(b)));
        nodes.Add(new OnnxNode($"mm{l}", "MatMul", "", [x, $"w{l}"], [$"m{l}"], []));
        nodes.Add(new OnnxNode($"add{l}", "Add", "", [$"m{l}", $"b{l}"], [$"a{l}"], []));
        var y = l == layers - 1 ? "y" : $"h{l}";
        nodes.Add(new OnnxNode($"relu{l}", "Relu", "", [$"a{l}"], [y], []));
        x = y;
    }
    OnnxDimension[] shape = [new(1, null), new(width, null)];
    var graph = new OnnxGraph("deep-mlp", nodes, inits, [new OnnxValueInfo("x", OnnxDataType.Float, shape)], [new OnnxValueInfo("y", OnnxDataType.Float, shape)], []);
    return ModelGraph.FromOnnx(new OnnxModel(8, [new OnnxOpsetImport("", 13)], "provenant-bench", "", graph), "deep-mlp");
}

static byte[] Raw(float[] v)
{
    var bytes = new byte[v.Length * 4];
    Buffer.BlockCopy(v, 0, bytes, 0, bytes.Length);
    return bytes;
}
