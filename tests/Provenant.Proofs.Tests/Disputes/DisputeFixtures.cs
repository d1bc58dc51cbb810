using System.Security.Cryptography;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Quantization;
using Provenant.Inference.Tensors;
using Provenant.Inference.Tracing;
using Provenant.Proofs.Disputes;
using Provenant.Signing.Sigstore;
using Provenant.TestSupport;

namespace Provenant.Proofs.Tests.Disputes;

/// <summary>
/// Quantized sample models (calibrated on seeded random inputs, written once per test run), seeded inputs, party keys
/// and helpers that build honest and cheating traces and play games.
/// </summary>
internal static class DisputeFixtures
{
    private static readonly Lazy<DisputeModel> Digits = new(() => Quantize(Path.Combine(SharedData.RepoRoot, "samples", "models", "digits-mlp", "digits-mlp.onnx"), 16f));
    private static readonly Lazy<DisputeModel> Mnist = new(() => Quantize(Path.Combine(SharedData.RepoRoot, "samples", "models", "mnist-cnn", "opt-mnist.onnx"), 1f));
    private static readonly string Dir = Directory.CreateTempSubdirectory("provenant-disputes-").FullName;

    private static readonly Lazy<(DisputeModel Model, Dictionary<string, Tensor> Input)> Gpt = new(() =>
    {
        var graph = ModelGraph.Load(SharedData.Get("models", "ezkl-nanoGPT", "network.onnx"));
        var file = SharedData.Get("models", "ezkl-nanoGPT", "input.json");
        var feed = Provenant.Inference.IO.TensorJson.ReadInputs(File.ReadAllBytes(file), file, graph);
        var outPath = System.IO.Path.Combine(Dir, "ezkl-nanoGPT.q.onnx");
        OnnxModelWriter.Write(outPath, Quantizer.Quantize(graph, Calibration.Run(new FloatEngine(graph), [feed])));
        return (DisputeModel.Load(outPath), new Dictionary<string, Tensor>(feed, StringComparer.Ordinal));
    });

    /// <summary>ezkl-nanoGPT from ../shared (123 quantized nodes), calibrated on its token-id input, and that input.</summary>
    public static (DisputeModel Model, Dictionary<string, Tensor> Input) NanoGpt => Gpt.Value;

    public static DisputeModel DigitsMlp => Digits.Value;

    public static DisputeModel MnistCnn => Mnist.Value;

    public static ECDsa ClaimantKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static ECDsa ChallengerKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>Quantizes <paramref name="path"/> with 32 seeded random calibration inputs in [0, scale).</summary>
    public static DisputeModel Quantize(string path, float scale)
    {
        var graph = ModelGraph.Load(path);
        var engine = new FloatEngine(graph);
        var rng = new Random(11);
        var feeds = Enumerable.Range(0, 32).Select(_ => (IReadOnlyDictionary<string, Tensor>)RandomInputs(graph, rng, scale)).ToList();
        var q = Quantizer.Quantize(graph, Calibration.Run(engine, feeds));
        var outPath = System.IO.Path.Combine(Dir, System.IO.Path.GetFileNameWithoutExtension(path) + ".q.onnx");
        OnnxModelWriter.Write(outPath, q);
        return DisputeModel.Load(outPath);
    }

    /// <summary>One seeded random input per graph input (symbolic dimensions = 1).</summary>
    public static Dictionary<string, Tensor> RandomInputs(ModelGraph graph, Random rng, float scale = 16f)
    {
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var v in graph.Inputs)
        {
            var shape = v.Shape!.Select(d => d ?? 1).ToArray();
            var data = new float[shape.Aggregate(1, (a, b) => a * b)];
            for (var i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * scale);
            inputs[v.Name] = Tensor.FromArray(data, shape);
        }
        return inputs;
    }

    public static byte[] Sign(InferenceClaim claim, ECDsa key) => new BundleSigner(key).Sign(claim.ToStatementBytes()).ToJsonBytes();

    /// <summary>A copy of <paramref name="trace"/> where output <c>j</c> of node <paramref name="node"/> has one element changed,
    /// re-hashed so the trace is self-consistent (what a claimant that lies about one node commits to).</summary>
    public static ExecutionTrace CorruptLeaf(DisputeModel model, ExecutionTrace trace, int node, Random rng)
    {
        var tensors = trace.Tensors!.Select(l => l.ToArray()).ToArray();
        var j = Array.FindIndex(tensors[node], t => t is not null);
        var original = tensors[node][j]!;
        var bytes = original.ToBytes();
        var at = rng.Next(bytes.Length);
        bytes[at] ^= (byte)(1 + rng.Next(255));
        tensors[node][j] = Tensor.FromOnnx(new OnnxTensor("", TensorDataTypes.ToOnnx(original.DataType), original.Shape.Select(d => (long)d).ToArray(), bytes), "test");
        var nodes = trace.Nodes.ToArray();
        var e = nodes[node];
        if (trace.Version == (int)TraceFormat.Version2)
        {
            nodes[node] = TraceNode.CreateV2(e.Id, e.Domain, e.OpType, e.OpsetVersion, e.Name, tensors[node]);
        }
        else
        {
            var digests = e.OutputDigests.ToArray();
            digests[j] = TraceEncoding.TensorDigest(tensors[node][j]!);
            nodes[node] = TraceNode.Create(e.Id, e.Domain, e.OpType, e.OpsetVersion, e.Name, digests);
        }
        var outputs = model.Skeleton.OutputNames.Select(n =>
        {
            var p = model.Skeleton.Producer(n)!.Value;
            return new KeyValuePair<string, Tensor>(n, tensors[p.Node][p.Output]!);
        }).ToArray();
        return new ExecutionTrace(trace.ModelDigest, trace.InputDigest, TraceEncoding.OutputDigest(outputs), nodes, tensors);
    }

    /// <summary>An executor that runs the real engine but changes one element of node <paramref name="node"/>'s first
    /// output before later nodes read it (a wrong activation that propagates).</summary>
    public static TraceExecutor PropagatingFault(DisputeModel model, int node, int element)
    {
        var engine = InferenceEngines.Create(model.Graph);
        return (inputs, onNode, ct) => engine.Run(inputs, (n, outs) =>
        {
            if (n.Id == node) Perturb(outs.First(t => t is not null)!, element);
            onNode?.Invoke(n, outs);
        }, ct);
    }

    /// <summary>An executor running <paramref name="model"/> with one element of weight <paramref name="weight"/> changed.</summary>
    public static TraceExecutor WrongWeight(DisputeModel model, string weight, int element)
    {
        var g = model.Onnx.Graph;
        var inits = g.Initializers.Select(t =>
        {
            if (t.Name != weight) return t;
            var raw = t.RawData.ToArray();
            raw[element % raw.Length] ^= 0x05;
            return new OnnxTensor(t.Name, t.DataType, t.Dims, raw);
        }).ToArray();
        var tampered = ModelGraph.FromOnnx(model.Onnx with { Graph = g with { Initializers = inits } }, "tampered");
        return InferenceEngines.Create(tampered).Run;
    }

    private static void Perturb(Tensor t, int element)
    {
        var i = element % t.Length;
        switch (t.DataType)
        {
            case TensorDataType.Int8: t.AsSpan<sbyte>()[i] = (sbyte)(t.AsSpan<sbyte>()[i] == 100 ? 101 : 100); break;
            case TensorDataType.Int16: t.AsSpan<short>()[i] ^= 0x55; break;
            case TensorDataType.Int32: t.AsSpan<int>()[i] += 12345; break;
            case TensorDataType.Float32: t.AsSpan<float>()[i] += 1.5f; break;
            default: throw new InvalidOperationException(t.DataType.ToString());
        }
    }

    /// <summary>Plays a game between the claimant's and challenger's runs with honest strategies unless parties are given.</summary>
    public static (DisputeTranscript Transcript, DisputeReferee Referee) Play(DisputeModel model, IReadOnlyDictionary<string, Tensor> inputs,
        ClaimedRun claim, ClaimedRun challenge, Func<DisputeSetup, TraceParty>? claimant = null, Func<DisputeSetup, TraceParty>? challenger = null,
        InferenceClaim? statedClaim = null)
    {
        var setup = DisputeSetup.Create(Sign(statedClaim ?? claim.Claim, ClaimantKey), ClaimantKey, Sign(challenge.Claim, ChallengerKey), ChallengerKey);
        var c = claimant?.Invoke(setup) ?? new TraceParty(DisputeRole.Claimant, ClaimantKey, setup.DisputeId, model, claim.Trace, inputs);
        var h = challenger?.Invoke(setup) ?? new TraceParty(DisputeRole.Challenger, ChallengerKey, setup.DisputeId, model, challenge.Trace, inputs);
        return DisputeGame.Play(setup, model.Skeleton, c, h, TimeSpan.FromSeconds(30));
    }

    /// <summary>A claimed run from a given trace (for cheaters).</summary>
    public static ClaimedRun From(DisputeModel model, ExecutionTrace trace) => new(model.ClaimFor(trace), trace, []);

    public static int CeilLog2(int n) => n <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(n - 1));
}
