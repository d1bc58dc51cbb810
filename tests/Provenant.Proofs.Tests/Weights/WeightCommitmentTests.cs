using System.Text;
using Provenant.Core.Errors;
using Provenant.Inference.Graph;
using Provenant.Proofs.Commitment;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.Tests.Commitment;
using Provenant.Proofs.Weights;

namespace Provenant.Proofs.Tests.Weights;

/// <summary>The weight commitment of quantized sample models: layout, tensor claims → PCS openings, file form.</summary>
public sealed class WeightCommitmentTests(QuantizedSamples samples) : IClassFixture<QuantizedSamples>
{
    private static Goldilocks[] TensorValues(ModelGraph graph, string name)
    {
        // The tensor's own multilinear table: row-major, every axis zero-padded to a power of two (Layers.TensorLayout).
        var t = graph.Initializers[name];
        var values = t.DataType == Inference.Tensors.TensorDataType.Int8
            ? t.AsSpan<sbyte>().ToArray().Select(x => Goldilocks.FromInt64(x)).ToArray()
            : t.AsSpan<int>().ToArray().Select(x => Goldilocks.FromInt64(x)).ToArray();
        return new Provenant.Proofs.Layers.TensorLayout([.. t.Shape]).Pad(values);
    }

    [Fact]
    public void Digits_mlp_layout_holds_both_weight_matrices_and_biases_in_aligned_descending_slots()
    {
        var graph = ModelGraph.Load(samples.DigitsMlp);
        var layout = WeightLayout.FromGraph(graph, "digits.q.onnx");
        Assert.Equal([4096L, 1024, 64, 16], layout.Slots.Select(s => s.SlotSize));
        Assert.Equal([4096L, 640, 64, 10], layout.Slots.Select(s => s.ElementCount));
        Assert.Equal(["int8", "int8", "int32", "int32"], layout.Slots.Select(s => s.ElementType));
        Assert.Equal(13, layout.VariableCount);
        Assert.All(layout.Slots, s => Assert.Equal(0, s.Offset % s.SlotSize));
        Assert.Equal([0L, 4096, 5120, 5184], layout.Slots.Select(s => s.Offset));
        var evaluations = layout.Evaluations(graph);
        foreach (var slot in layout.Slots)
            Assert.Equal(TensorValues(graph, slot.Name), evaluations.AsSpan((int)slot.Offset, (int)slot.SlotSize).ToArray());
    }

    [Theory]
    [InlineData("digits")]
    [InlineData("mnist")]
    public void Claims_on_every_tensor_open_in_one_proof_and_match_the_tensor_mle(string model)
    {
        var path = model == "digits" ? samples.DigitsMlp : samples.MnistCnn;
        var graph = ModelGraph.Load(path);
        var (commitment, data) = WeightCommitment.Commit(graph, path);
        var rng = new Random(model.Length);
        var points = new List<GoldilocksExt2[]>();
        var expected = new List<GoldilocksExt2>();
        foreach (var slot in commitment.Layout.Slots)
        {
            var p = MultilinearPcsTests.Point(rng, slot.Variables);
            var tensorMle = MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(TensorValues(graph, slot.Name), p, x => x);
            var mapped = commitment.MapPoint(slot.Name, p);
            Assert.Equal(tensorMle, MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(data.Values, mapped, x => x));
            points.Add(mapped);
            expected.Add(tensorMle);
        }
        var prover = new Transcript("provenant/test/weights");
        commitment.AbsorbInto(prover);
        var (values, proof) = MultilinearPcs.Open(data, points, prover);
        Assert.Equal(expected, values);
        var verifier = new Transcript("provenant/test/weights");
        var reread = WeightCommitment.Parse(commitment.ToJsonBytes(), "weights.commitment.json");
        reread.AbsorbInto(verifier);
        var result = MultilinearPcs.Verify(reread.Pcs, points, values, proof.ToBytes(), verifier);
        Assert.True(result.IsValid, result.ToString());

        // The value of the last tensor's claim presented as a claim on the first tensor is rejected.
        var slots = commitment.Layout.Slots;
        var swapped = points.ToArray();
        swapped[^1] = commitment.MapPoint(slots[0].Name, MultilinearPcsTests.Point(rng, slots[0].Variables));
        var v2 = new Transcript("provenant/test/weights");
        reread.AbsorbInto(v2);
        Assert.False(MultilinearPcs.Verify(reread.Pcs, swapped, values, proof, v2).IsValid);
    }

    [Fact]
    public void Tensor_claims_open_in_one_batched_proof_and_a_wrong_value_or_tensor_is_rejected()
    {
        var graph = ModelGraph.Load(samples.MnistCnn);
        var (commitment, data) = WeightCommitment.Commit(graph, "mnist");
        var rng = new Random(31);
        var claims = commitment.Layout.Slots.Select(s => (s.Name, MultilinearPcsTests.Point(rng, s.Variables))).ToArray();
        var prover = new Transcript("provenant/test/weights");
        commitment.AbsorbInto(prover);
        var (values, proof) = commitment.OpenClaims(data, claims, prover);
        for (int i = 0; i < claims.Length; i++)
            Assert.Equal(MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(TensorValues(graph, claims[i].Name), claims[i].Item2, x => x), values[i]);
        var bytes = proof.ToBytes();

        Core.VerificationResult Check(IReadOnlyList<(string, GoldilocksExt2[], GoldilocksExt2)> c, byte[] b)
        {
            var t = new Transcript("provenant/test/weights");
            commitment.AbsorbInto(t);
            Assert.True(BatchedOpeningProof.TryParse(b, out var parsed, out var reason), reason);
            return commitment.VerifyClaims(c, parsed!, t);
        }
        var honest = claims.Select((c, i) => (c.Name, c.Item2, values[i])).ToArray();
        Assert.True(Check(honest, bytes).IsValid, Check(honest, bytes).ToString());
        var wrongValue = honest.ToArray();
        wrongValue[^1].Item3 += GoldilocksExt2.One;
        Assert.False(Check(wrongValue, bytes).IsValid);
        var unknown = honest.ToArray();
        unknown[0].Name = "not-a-weight";
        Assert.Contains("no committed tensor", Check(unknown, bytes).Reason);
        if (honest.Length > 2 && honest[1].Item2.Length == honest[2].Item2.Length)
        {
            var renamed = honest.ToArray();
            (renamed[1].Name, renamed[2].Name) = (renamed[2].Name, renamed[1].Name);
            Assert.False(Check(renamed, bytes).IsValid);
        }
        Assert.Throws<ArgumentException>(() => commitment.OpenClaims(data, [("not-a-weight", new GoldilocksExt2[1])], new Transcript("x")));
    }

    [Fact]
    public void Mnist_cnn_commits_its_qconv_and_qgemm_parameters()
    {
        var graph = ModelGraph.Load(samples.MnistCnn);
        var layout = WeightLayout.FromGraph(graph, "mnist.q.onnx");
        var quantNodes = graph.Nodes.Where(n => n.OpType is "QConv" or "QGemm").ToList();
        Assert.Contains(quantNodes, n => n.OpType == "QConv");
        var expectedNames = quantNodes.SelectMany(n => n.Inputs.Skip(2).Take(2)).Where(s => s.Length > 0).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(expectedNames, layout.Slots.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Equal(graph.Initializers.Where(kv => expectedNames.Contains(kv.Key)).Sum(kv => (long)kv.Value.Length), layout.Slots.Sum(s => s.ElementCount));
    }

    [Fact]
    public void Changing_one_weight_changes_the_root_and_the_commitment_is_deterministic()
    {
        var graph = ModelGraph.Load(samples.DigitsMlp);
        var (a, _) = WeightCommitment.Commit(graph, "a");
        var (b, _) = WeightCommitment.Commit(ModelGraph.Load(samples.DigitsMlp), "b");
        Assert.Equal(a.Pcs, b.Pcs);
        Assert.Equal(a.ToJsonBytes(), b.ToJsonBytes());
        var weight = graph.Initializers[a.Layout.Slots[1].Name];
        weight.AsSpan<sbyte>()[17] ^= 1;
        var (c, _) = WeightCommitment.Commit(graph, "c");
        Assert.NotEqual(a.Pcs, c.Pcs);
        Assert.Equal(a.LayoutDigest, c.LayoutDigest);
    }

    [Fact]
    public void File_form_round_trips_and_edits_are_refused_naming_the_field()
    {
        var (commitment, _) = WeightCommitment.Commit(ModelGraph.Load(samples.DigitsMlp), "digits");
        var bytes = commitment.ToJsonBytes();
        var parsed = WeightCommitment.Parse(bytes, "w.json");
        Assert.Equal(commitment.Pcs, parsed.Pcs);
        Assert.Equal(commitment.LayoutDigest, parsed.LayoutDigest);
        var text = Encoding.UTF8.GetString(bytes);

        void Refused(string edited, string field)
        {
            var e = Assert.Throws<ProvenantFormatException>(() => WeightCommitment.Parse(Encoding.UTF8.GetBytes(edited), "w.json"));
            Assert.Contains(field, e.Message);
        }
        var slot = commitment.Layout.Slots[2];
        Refused(text.Replace($"\"offset\":{slot.Offset}", $"\"offset\":{slot.Offset + 16}"), "offset");
        Refused(text.Replace("\"int32\"", "\"int8\""), "layoutDigest");
        Refused(text.Replace("sha256:", "sha256:0"), "layoutDigest");
        int top = text.LastIndexOf("\"variables\":13}", StringComparison.Ordinal); // the top-level member sorts last
        Refused(text[..top] + "\"variables\":12}" + text[(top + "\"variables\":13}".Length)..], "variables");
        Refused(text.Replace(commitment.RootHex, commitment.RootHex[2..]), "root");
        Refused(text.Replace("weight-commitment/v1", "weight-commitment/v2"), "_type");
        Refused(text.Replace("-q28", "-q20"), "scheme");
        Refused(text.Replace("-g18", "-g0"), "scheme");
        Refused(text.Replace("/conjectured/", "/"), "scheme"); // the provable scheme string of another shape
        Refused(text.Replace("\"shape\":[64,64]", "\"shape\":[2147483647,2147483647,2147483647,4]"), "shape"); // a product that would wrap
        Refused(text.TrimEnd('\n'), "file");
        Refused(text.Replace("{", "{ ", StringComparison.Ordinal), "file");
    }

    [Fact]
    public void Map_point_refuses_unknown_tensors_and_wrong_lengths()
    {
        var (commitment, _) = WeightCommitment.Commit(ModelGraph.Load(samples.DigitsMlp), "digits");
        var slot = commitment.Layout.Slots[0];
        Assert.False(commitment.TryMapPoint("no such tensor", new GoldilocksExt2[slot.Variables], out _, out var reason));
        Assert.Contains("no committed tensor", reason);
        Assert.False(commitment.TryMapPoint(slot.Name, new GoldilocksExt2[slot.Variables + 1], out _, out _));
        Assert.Throws<ArgumentException>(() => commitment.MapPoint(slot.Name, new GoldilocksExt2[1]));
        var last = commitment.Layout.Slots[^1];
        var mapped = commitment.MapPoint(last.Name, new GoldilocksExt2[last.Variables]);
        Assert.Equal(13, mapped.Length);
        long index = 0;
        for (int i = 0; i < mapped.Length; i++) index |= (mapped[i] == GoldilocksExt2.One ? 1L : 0L) << i;
        Assert.Equal(last.Offset, index); // the point (0…0 ‖ slot bits) is the slot's first hypercube index
    }

    [Fact]
    public void A_float_model_is_not_committed()
    {
        var graph = ModelGraph.Load(QuantizedSamples.DigitsFloat);
        Assert.Throws<UnsupportedFeatureException>(() => WeightLayout.FromGraph(graph, "digits-mlp.onnx"));
    }
}
