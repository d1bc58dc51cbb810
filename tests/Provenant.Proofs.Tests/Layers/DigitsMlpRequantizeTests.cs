using Provenant.Formats.Datasets;
using Provenant.Formats.Onnx;
using Provenant.Inference.Engine;
using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.IO;
using Provenant.Inference.Quantization;
using Provenant.Inference.Tensors;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;
using Provenant.TestSupport;
using Xunit.Abstractions;

namespace Provenant.Proofs.Tests.Layers;

/// <summary>
/// The requantize gadget on real accumulators: samples/models/digits-mlp quantized on the sklearn digits (as
/// QuantizeCommandTests does, 256 calibration rows spread over the set), run on the integer engine with
/// samples/models/digits-mlp/digit-0.json; every Requantize node is proven from the QGemm accumulators the engine produced.
/// </summary>
public class DigitsMlpRequantizeTests(ITestOutputHelper output)
{
    private static string Sample(params string[] parts) => Path.Combine([SharedData.RepoRoot, "samples", .. parts]);

    /// <summary>The quantized digits-mlp (for the chain test).</summary>
    internal static ModelGraph QuantizedDigitsMlpForTests() => QuantizedDigitsMlp();

    /// <summary>The requantize statement of one node (for the chain test).</summary>
    internal static RequantizeStatement StatementFor(ModelGraph q, GraphNode node, Tensor x) => Statement(q, node, x);

    private static ModelGraph QuantizedDigitsMlp()
    {
        var graph = ModelGraph.Load(Sample("models", "digits-mlp", "digits-mlp.onnx"));
        var digits = LabelledDataset.Load(Sample("datasets", "sklearn-digits", "digits.csv.gz"));
        var feeds = DatasetFeeds.For(graph, digits.FeatureCount);
        var calibration = Calibration.Run(new FloatEngine(graph, new EngineOptions(1)),
            feeds.Batches(digits, DatasetFeeds.Spread(digits.Count, 256), null).Select(b => (IReadOnlyDictionary<string, Tensor>)b.Feed));
        var bytes = OnnxModelWriter.ToBytes(Quantizer.Quantize(graph, calibration));
        return ModelGraph.FromOnnx(OnnxModelReader.Parse(bytes, "digits.q.onnx"), "digits.q.onnx");
    }

    [Fact]
    public void Every_requantize_node_of_the_quantized_digits_mlp_is_proven_from_the_engines_accumulators()
    {
        var q = QuantizedDigitsMlp();
        var engine = new IntegerEngine(q);
        var inputPath = Sample("models", "digits-mlp", "digit-0.json");
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        engine.Run(TensorJson.ReadInputs(File.ReadAllBytes(inputPath), inputPath, q), (node, outs) =>
        {
            for (int i = 0; i < outs.Count; i++)
            {
                if (outs[i] is { } t) values[node.Outputs[i]] = t;
            }
        });
        int proven = 0;
        foreach (var node in q.Nodes.Where(n => n.Domain == QuantDomain.Name && n.OpType == "Requantize"))
        {
            var x = values[node.Inputs[0]];
            var y = values[node.Outputs[0]];
            var s = Statement(q, node, x);
            var acc = x.AsSpan<int>().ToArray().Select(v => (long)v).ToArray();
            var w = RequantizeWitness.Compute(s, acc);
            Assert.Equal(y.AsSpan<sbyte>().ToArray().Select(v => (long)v), w.Output);
            Assert.True(RequantizeHarness.Accepted(s, w, w.OutputTable, w.InputTable), node.ToString());
            // A single changed output (with the remainder repaired to keep the identity) is rejected.
            int f = (int)(s.Layout.ElementCount / 2);
            var (cheat, cheatY) = RequantizeGadgetTests.Cheat(s, w, s.Layout.PaddedIndex(f), 1, RequantizeGadgetTests.Strategy.Remainder);
            Assert.False(RequantizeHarness.Accepted(s, cheat, cheatY, w.InputTable), node + " with a changed output");
            output.WriteLine($"{node}: {s.Layout} accumulators in ±2^{s.AccumulatorBits}, shifts {s.Shifts.Min()}..{s.Shifts.Max()}, excess bits {s.ExcessBits}, {s.Advice.Count} advice tensors");
            proven++;
        }
        Assert.True(proven >= 2, $"{proven} Requantize nodes");
    }

    /// <summary>The statement for one Requantize node, with A from the producing QGemm's weights: |X| ≤ 255·Σ|W_c| + |b_c|.</summary>
    private static RequantizeStatement Statement(ModelGraph q, GraphNode node, Tensor x)
    {
        var multipliers = q.Initializers[node.Inputs[1]].AsSpan<int>().ToArray().Select(v => (long)v).ToArray();
        var shifts = q.Initializers[node.Inputs[2]].AsSpan<sbyte>().ToArray().Select(v => (int)v).ToArray();
        long zp = q.Initializers[node.Inputs[3]].AsSpan<sbyte>()[0];
        bool relu = node.Attributes.Int("relu", 0) == 1;
        int rank = x.Rank;
        int axis = multipliers.Length > 1 ? (int)((node.Attributes.Int("axis", 1) + rank) % rank) : -1;
        var gemm = q.Nodes.Single(n => n.Outputs.Contains(node.Inputs[0]));
        Assert.Equal("QGemm", gemm.OpType);
        var weights = q.Initializers[gemm.Inputs[2]];
        int n = weights.Shape[0], k = weights.Shape[1];
        var wv = weights.AsSpan<sbyte>();
        var bias = gemm.HasInput(3) ? q.Initializers[gemm.Inputs[3]].AsSpan<int>().ToArray() : new int[n];
        long bound = 0;
        for (int c = 0; c < n; c++)
        {
            long sum = 0;
            for (int j = 0; j < k; j++) sum += Math.Abs((long)wv[c * k + j]);
            bound = Math.Max(bound, 255 * sum + Math.Abs((long)bias[c]));
        }
        return new RequantizeStatement(node.Inputs[0], node.Outputs[0], new TensorLayout([.. x.Shape]), axis, multipliers, shifts, zp,
            relu ? Math.Max(-128, zp) : -128, 127, MultilinearExtension.VariableCount(bound + 1));
    }
}
