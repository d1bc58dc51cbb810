using Provenant.Cli;
using Provenant.Inference.Tracing;
using Provenant.Proofs.Disputes;
using Provenant.Signing.Keys;
using Provenant.TestSupport;

namespace Provenant.Proofs.Tests.Disputes;

/// <summary><c>provenant claim</c>, <c>provenant dispute</c> and <c>dispute verify-transcript</c>, in process.</summary>
public sealed class DisputeCommandTests
{
    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliApp.Run(args, o, e, interactive: false);
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>Quantizes the shipped digits MLP to <c>d.q.onnx</c> and makes key pairs <c>a</c> and <c>b</c> in
    /// <paramref name="tmp"/>; returns the input file both parties claim on.</summary>
    private static string QuantizedDigitsAndKeys(TempDir tmp)
    {
        var samples = Path.Combine(SharedData.RepoRoot, "samples");
        var q = Cli("quantize", Path.Combine(samples, "models", "digits-mlp", "digits-mlp.onnx"), "--calibrate",
            Path.Combine(samples, "datasets", "sklearn-digits", "digits.csv.gz"), "--samples", "100", "--out", tmp["d.q.onnx"]);
        Assert.True(q.Code == 0, q.Err);
        foreach (var k in new[] { "a", "b" }) Assert.Equal(0, Cli("keygen", "--out", tmp[k + ".pem"]).Code);
        return Path.Combine(samples, "models", "digits-mlp", "digit-0.json");
    }

    /// <summary>
    /// Party b's lying format-3 claim: the honest per-node trace h.trace.bin with one byte of node
    /// <paramref name="node"/>'s first output changed, kept as b.trace.bin (a version-2 file defends a format-3 claim
    /// too), and the claim on it signed with b.pem into b.json. Returns the lying segmented trace.
    /// </summary>
    private static SegmentedTrace WriteLie(TempDir tmp, DisputeModel model, TraceSegments segments, int node, int seed, int chunkBits)
    {
        var wrong = DisputeFixtures.CorruptLeaf(model, TraceFile.Read(tmp["h.trace.bin"], loadTensors: true), node, new Random(seed));
        TraceFile.Write(tmp["b.trace.bin"], wrong);
        var outputs = model.Skeleton.OutputNames.Select(x => new KeyValuePair<string, Inference.Tensors.Tensor>(x,
            wrong.Tensors![model.Skeleton.Producer(x)!.Value.Node][model.Skeleton.Producer(x)!.Value.Output]!)).ToArray();
        var lie = SegmentedTrace.FromTensors(model.Graph, segments, wrong.ModelDigest, wrong.InputDigest, wrong.Tensors!, outputs);
        lie.ChunkBits = chunkBits;
        using var key = EcKeys.LoadPrivate(tmp["b.pem"]);
        File.WriteAllBytes(tmp["b.json"], DisputeFixtures.Sign(model.ClaimFor(lie), key));
        return lie;
    }

    /// <summary>
    /// The dispute both ways: the honest party's claim challenged by the liar is upheld (exit 0, transcript
    /// <paramref name="upheldTranscript"/>), the liar's claim challenged by the honest party is refuted (exit 1, transcript
    /// <paramref name="refutedTranscript"/>). Returns each run's standard output.
    /// </summary>
    private static (string Upheld, string Refuted) DisputeBothWays(TempDir tmp, string input, string honest, string liar, string upheldTranscript, string refutedTranscript)
    {
        var upheld = Dispute(tmp, input, honest, liar, upheldTranscript);
        Assert.True(upheld.Code == 0, upheld.Out + upheld.Err);
        var refuted = Dispute(tmp, input, liar, honest, refutedTranscript);
        Assert.True(refuted.Code == 1, refuted.Out + refuted.Err);
        return (upheld.Out, refuted.Out);
    }

    /// <summary><c>provenant dispute</c> with party <paramref name="claimant"/>'s claim and key against
    /// <paramref name="challenger"/>'s, writing the transcript to <paramref name="transcript"/>.json.</summary>
    private static (int Code, string Out, string Err) Dispute(TempDir tmp, string input, string claimant, string challenger, string transcript) =>
        Cli("dispute", "--claim", tmp[claimant + ".json"], "--challenge", tmp[challenger + ".json"], "--model", tmp["d.q.onnx"], "--input", input,
            "--claim-key", tmp[claimant + ".pem"], "--challenge-key", tmp[challenger + ".pem"], "--transcript", tmp[transcript + ".json"]);

    [Fact]
    public void Claim_dispute_and_verify_transcript_rule_against_the_cheater_whichever_side_it_plays()
    {
        using var tmp = SharedData.NewTempDir();
        var input = QuantizedDigitsAndKeys(tmp);
        var a = Cli("claim", tmp["d.q.onnx"], "--input", input, "--key", tmp["a.pem"], "--out", tmp["a.json"], "--trace-format", "2");
        Assert.True(a.Code == 0, a.Err);
        Assert.Contains("trace root:", a.Out);
        Assert.True(File.Exists(tmp["a.trace.bin"]));
        Assert.Equal(0, Cli("verify-statement", tmp["a.json"], "--public-key", tmp["a.pub.pem"]).Code);

        // b lies about node 4: a self-consistent trace with one changed output, and a claim signed over it.
        var model = DisputeModel.Load(tmp["d.q.onnx"]);
        var honest = TraceFile.Read(tmp["a.trace.bin"], loadTensors: true);
        var wrong = DisputeFixtures.CorruptLeaf(model, honest, 4, new Random(12));
        TraceFile.Write(tmp["b.trace.bin"], wrong);
        using (var bKey = EcKeys.LoadPrivate(tmp["b.pem"])) File.WriteAllBytes(tmp["b.json"], DisputeFixtures.Sign(model.ClaimFor(wrong), bKey));

        var upheld = Dispute(tmp, input, "a", "b", "t1");
        Assert.True(upheld.Code == 0, upheld.Out + upheld.Err);
        Assert.Contains("disputed node: 4", upheld.Out);
        Assert.Contains("ruling: claimant wins", upheld.Out);
        Assert.Contains("bisection rounds: 3 (at most 3)", upheld.Out);

        var refuted = Dispute(tmp, input, "b", "a", "t2");
        Assert.True(refuted.Code == 1, refuted.Out + refuted.Err);
        Assert.Contains("ruling: challenger wins", refuted.Out);

        var v1 = Cli("dispute", "verify-transcript", tmp["t1.json"], "--model", tmp["d.q.onnx"]);
        Assert.True(v1.Code == 0, v1.Out + v1.Err);
        Assert.Contains("transcript verified", v1.Out);
        var v2 = Cli("dispute", "verify-transcript", tmp["t2.json"], "--model", tmp["d.q.onnx"]);
        Assert.Equal(1, v2.Code);
        Assert.Contains("ruling: challenger wins", v2.Out);

        // A transcript whose recorded ruling was edited is inconsistent.
        var text = File.ReadAllText(tmp["t2.json"]).Replace("\"outcome\":\"challenger-wins\"", "\"outcome\":\"claimant-wins\"");
        File.WriteAllText(tmp["t3.json"], text);
        var v3 = Cli("dispute", "verify-transcript", tmp["t3.json"], "--model", tmp["d.q.onnx"]);
        Assert.Equal(1, v3.Code);
        Assert.Contains("INCONSISTENT", v3.Err);
    }

    [Fact]
    public void A_segmented_claim_by_default_disputes_against_a_cheater_on_either_side()
    {
        using var tmp = SharedData.NewTempDir();
        var input = QuantizedDigitsAndKeys(tmp);
        var a = Cli("claim", tmp["d.q.onnx"], "--input", input, "--key", tmp["a.pem"], "--out", tmp["a.json"], "--skeleton", tmp["d.skeleton.bin"]);
        Assert.True(a.Code == 0, a.Err);
        Assert.Contains("provenant-trace-v3, 7 nodes in 2 segments of 2^2", a.Out);
        // The digits MLP's activations are single rows, so the default chunk exponent is 0 (TraceChunks.DefaultChunkBits).
        Assert.Contains("whole-node leaves in disputes", a.Out);
        Assert.Equal(0, Cli("claim", tmp["d.q.onnx"], "--input", input, "--key", tmp["a.pem"], "--out", tmp["w.json"], "--chunk-bits", "0", "--trace-format", "2").Code);
        Assert.Contains("skeleton: " + tmp["d.skeleton.bin"], a.Out);
        Assert.True(new FileInfo(tmp["d.skeleton.bin"]).Length < new FileInfo(tmp["d.q.onnx"]).Length / 4);
        Assert.Equal(2, Cli("claim", tmp["d.q.onnx"], "--input", input, "--key", tmp["a.pem"], "--out", tmp["x.json"], "--trace-format", "2", "--segment-bits", "1").Code);
        Assert.Equal(2, Cli("claim", tmp["d.q.onnx"], "--input", input, "--key", tmp["a.pem"], "--out", tmp["x.json"], "--segment-bits", "25").Code);

        // a's store is the segmented (version-3) file: only the exporting nodes' outputs, far smaller than every node's.
        Assert.True(SegmentedTraceFile.IsSegmented(tmp["a.trace.bin"]));
        Assert.Equal(0, Cli("claim", tmp["d.q.onnx"], "--input", input, "--key", tmp["a.pem"], "--out", tmp["h.json"], "--trace-format", "2").Code);
        Assert.True(new FileInfo(tmp["a.trace.bin"]).Length < new FileInfo(tmp["h.trace.bin"]).Length / 2,
            $"{new FileInfo(tmp["a.trace.bin"]).Length} B against {new FileInfo(tmp["h.trace.bin"]).Length} B");
        var show = Cli("trace", "show", tmp["a.trace.bin"]);
        Assert.Equal(3, show.Code);
        Assert.Contains("segmented claim trace", show.Err);

        // b lies about node 3, the last of segment 0, whose output segment 1 reads: its segment leaf 0 changes. b keeps
        // a per-node (version-2) trace file, which defends a format-3 claim too.
        var model = DisputeModel.Load(tmp["d.q.onnx"]);
        var segmented = WriteLie(tmp, model, model.Segments(2), node: 3, seed: 13, chunkBits: 0);

        var (upheld, refuted) = DisputeBothWays(tmp, input, honest: "a", liar: "b", "t1", "t2");
        Assert.Contains("disputed node: 3", upheld);
        Assert.Contains("ruling: claimant wins", upheld);
        Assert.Contains("ruling: challenger wins", refuted);
        var v = Cli("dispute", "verify-transcript", tmp["t2.json"], "--model", tmp["d.q.onnx"]);
        Assert.Equal(1, v.Code);
        Assert.Contains("transcript verified", v.Out);
        // A referee holding only the skeleton written with the claim rules the same, naming the same node.
        var slim = Cli("dispute", "verify-transcript", tmp["t2.json"], "--skeleton", tmp["d.skeleton.bin"]);
        Assert.True(slim.Code == 1, slim.Out + slim.Err);
        Assert.Contains("transcript verified", slim.Out);
        Assert.Contains("disputed node: 3", slim.Out);
        Assert.Equal(2, Cli("dispute", "verify-transcript", tmp["t2.json"], "--skeleton", tmp["d.skeleton.bin"], "--model", tmp["d.q.onnx"]).Code);
        Assert.Equal(3, Cli("dispute", "verify-transcript", tmp["t2.json"], "--skeleton", tmp["d.q.onnx"]).Code);

        // The same lie under claims whose disputes cut node outputs into 4 row chunks: the game ends in a chunk of node 3.
        var c = Cli("claim", tmp["d.q.onnx"], "--input", input, "--key", tmp["a.pem"], "--out", tmp["c.json"], "--chunk-bits", "2");
        Assert.True(c.Code == 0, c.Err);
        Assert.Contains("outputs in 2^2 chunks in disputes", c.Out);
        Assert.Equal(2, Cli("claim", tmp["d.q.onnx"], "--input", input, "--key", tmp["a.pem"], "--out", tmp["x.json"], "--chunk-bits", "9").Code);
        Assert.Equal(2, Cli("claim", tmp["d.q.onnx"], "--input", input, "--key", tmp["a.pem"], "--out", tmp["x.json"], "--chunk-bits", "1", "--trace-format", "2").Code);
        segmented.ChunkBits = 2;
        File.Copy(tmp["b.trace.bin"], tmp["e.trace.bin"]);
        File.Copy(tmp["b.pem"], tmp["e.pem"]);
        File.Copy(tmp["a.pem"], tmp["c.pem"]);
        using (var bKey = EcKeys.LoadPrivate(tmp["b.pem"])) File.WriteAllBytes(tmp["e.json"], DisputeFixtures.Sign(model.ClaimFor(segmented), bKey));
        var (chunkedUpheld, _) = DisputeBothWays(tmp, input, honest: "c", liar: "e", "t4", "t5");
        Assert.Contains("disputed node: 3", chunkedUpheld);
        Assert.Contains("chunk", chunkedUpheld);
        var v5 = Cli("dispute", "verify-transcript", tmp["t5.json"], "--skeleton", tmp["d.skeleton.bin"]);
        Assert.True(v5.Code == 1 && v5.Out.Contains("transcript verified", StringComparison.Ordinal), v5.Out + v5.Err);
    }

    [Fact]
    public void A_default_claim_on_ezkl_nanoGPT_is_chunked_and_its_dispute_ends_in_one_chunk()
    {
        using var tmp = SharedData.NewTempDir();
        var input = SharedData.Get("models", "ezkl-nanoGPT", "input.json");
        var q = Cli("quantize", SharedData.Get("models", "ezkl-nanoGPT", "network.onnx"), "--calibrate", input, "--out", tmp["d.q.onnx"]);
        Assert.True(q.Code == 0, q.Err);
        foreach (var k in new[] { "a", "b" }) Assert.Equal(0, Cli("keygen", "--out", tmp[k + ".pem"]).Code);
        // Its segment exports are [1, 64, 64] activations: 64 rows, so 2^6 chunks (TraceChunks.DefaultChunkBits).
        var a = Cli("claim", tmp["d.q.onnx"], "--input", input, "--key", tmp["a.pem"], "--out", tmp["a.json"]);
        Assert.True(a.Code == 0, a.Err);
        Assert.Contains($"123 nodes in 2 segments of 2^6, outputs in 2^{TraceFormat.MaxDefaultChunkBits} chunks in disputes", a.Out);
        Assert.Equal(0, Cli("claim", tmp["d.q.onnx"], "--input", input, "--key", tmp["b.pem"], "--out", tmp["h.json"], "--trace-format", "2").Code);

        // b's claim lies about one byte of the first node that segment 0 exports, keeping a per-node trace file.
        var model = DisputeModel.Load(tmp["d.q.onnx"]);
        var segments = model.Segments(6);
        var node = segments.Exports(0)[0].Node;
        WriteLie(tmp, model, segments, node, seed: 14, chunkBits: TraceFormat.MaxDefaultChunkBits);

        var (upheld, refuted) = DisputeBothWays(tmp, input, honest: "a", liar: "b", "t1", "t2");
        Assert.Contains($"disputed node: {node}", upheld);
        Assert.Contains($" of {1 << TraceFormat.MaxDefaultChunkBits} of output ", upheld);
        Assert.Contains("bisection rounds: 7 (at most 7)", upheld);
        Assert.Contains($"disputed node: {node}", refuted);
        var v = Cli("dispute", "verify-transcript", tmp["t2.json"], "--model", tmp["d.q.onnx"]);
        Assert.True(v.Code == 1 && v.Out.Contains("transcript verified", StringComparison.Ordinal), v.Out + v.Err);
    }

    [Fact]
    public void Claim_refuses_a_float_model()
    {
        using var tmp = SharedData.NewTempDir();
        var samples = Path.Combine(SharedData.RepoRoot, "samples", "models", "digits-mlp");
        Assert.Equal(0, Cli("keygen", "--out", tmp["a.pem"]).Code);
        var r = Cli("claim", Path.Combine(samples, "digits-mlp.onnx"), "--input", Path.Combine(samples, "digit-0.json"), "--key", tmp["a.pem"], "--out", tmp["a.json"]);
        Assert.Equal(2, r.Code);
        Assert.Contains("quantized model", r.Err);
        Assert.False(File.Exists(tmp["a.json"]));
    }
}
