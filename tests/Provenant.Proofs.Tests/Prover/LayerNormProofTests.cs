using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;
using Provenant.Proofs.Circuit;
using Provenant.Proofs.Field;
using Xunit.Abstractions;

namespace Provenant.Proofs.Tests.Prover;

/// <summary>
/// QLayerNorm is proven exactly as the integer engine computes it: the quantized digits MLP with LayerNorm and Softmax on
/// real dataset rows and a synthetic three-row layer norm verify; every changed activation, single committed value and
/// flipped proof byte is rejected, and so are forged witnesses that keep every identity but one: a wrong mean, a root one
/// off, and one output one off (each recomputed consistently downstream).
/// </summary>
public sealed class LayerNormProofTests(ITestOutputHelper output)
{
    private static ProofHarness Digits()
    {
        var m = ProofModels.Get(ProofModels.DigitsLayerNorm);
        return new ProofHarness(m.Graph, m.InputShape).WithSkeleton(m.Bytes);
    }

    private static float[] Digit(int row) => ProofModels.Get(ProofModels.DigitsLayerNorm).Input(row).AsSpan<float>().ToArray();

    private static ProofHarness Synthetic(int seed) => new(SyntheticModels.GemmLayerNorm(seed), [3, 6]);

    [Fact]
    public void Digits_mlp_with_layernorm_proofs_verify_on_real_rows_and_equal_the_engine()
    {
        var h = Digits();
        Assert.Contains(h.Circuit.Layers, l => l is LayerNormLayer);
        var model = ProofModels.Get(ProofModels.DigitsLayerNorm);
        var engine = new IntegerEngine(model.Graph);
        foreach (int row in new[] { 0, 901 })
        {
            var witness = h.Witness(Digit(row));
            var expected = engine.Run(new Dictionary<string, Tensor> { [model.Graph.Inputs[0].Name] = model.Input(row) })[model.Graph.Outputs[0].Name].AsSpan<float>().ToArray();
            Assert.Equal(expected, h.Circuit.DequantizeOutput(witness.Output));
            var proof = h.Prove(witness);
            var result = h.VerifyFile(proof);
            Assert.True(result.IsValid, result.Reason);
            output.WriteLine($"row {row}: {proof.Length} bytes, {result.Reason}");
        }
    }

    [Fact]
    public void Multi_row_layernorm_proofs_verify_and_changed_activations_are_rejected()
    {
        var h = Synthetic(51);
        var honest = h.Witness(SyntheticModels.Input(510, 18));
        Assert.True(h.Verify(h.Prove(honest)).IsValid);
        var norm = h.Circuit.Layers.OfType<LayerNormLayer>().Single();
        int cases = 0;
        foreach (var t in h.Circuit.Tensors.Where(t => t.Role != CircuitTensorRole.Weight && t.Id != h.Circuit.Output))
        {
            // Every third element of the layer norm's output (rows 0 to 2, columns 0 to 4), one element of each other tensor.
            for (int element = t.Id == norm.Output ? 0 : 7; element < t.Length; element += t.Id == norm.Output ? 3 : t.Length)
            {
                var result = h.Verify(h.Prove(h.Tampered(honest, t.Id, element)));
                Assert.False(result.IsValid, $"changed {t} element {element} was accepted");
                cases++;
            }
        }
        output.WriteLine($"{cases} changed activations, all rejected");
    }

    [Theory]
    [InlineData("layernorm-sum")]
    [InlineData("layernorm-squares")]
    [InlineData("layernorm-root")]
    [InlineData("layernorm-centred2")]
    [InlineData("layernorm-normalized1")]
    [InlineData("layernorm-root.limb1")]
    [InlineData("layernorm-low.limb0")]
    [InlineData("layernorm-high.limb1")]
    [InlineData("layernorm-normalized4.limb0")]
    [InlineData("layernorm-rem3.limb0")]
    [InlineData("layernorm-slack0.limb1")]
    [InlineData("range16/multiplicities")]
    [InlineData("range15/multiplicities")]
    public void Changing_one_committed_layernorm_value_is_rejected(string adviceName)
    {
        var h = Synthetic(52);
        var honest = h.Witness(SyntheticModels.Input(520, 18));
        var rng = new Random(adviceName.Length);
        int changed = 0;
        var proof = h.Prove(honest, (name, table) =>
        {
            if (changed > 0 || !name.EndsWith(adviceName, StringComparison.Ordinal)) return;
            table[rng.Next(Math.Min(table.Length, 3))] += Goldilocks.One;
            changed++;
        });
        Assert.Equal(1, changed);
        var result = h.Verify(proof);
        Assert.False(result.IsValid, $"a changed '{adviceName}' value was accepted");
        output.WriteLine($"{adviceName}: {result.Reason}");
    }

    [Theory]
    [InlineData(0, 0, 0, true)] // control: the forger's honest row verifies, so the forgeries below fail for their one change
    [InlineData(1, 0, 0, false)] // wrong mean: S + 1 with every C_i = n·X_i − S' and every later value consistent
    [InlineData(0, 1, 0, false)] // root one too large: a = N − s² < 0 (its low limb holds the negative value)
    [InlineData(0, -1, 0, false)] // root one too small: b = 2s − a < 0
    [InlineData(0, 0, 1, false)] // one quotient one too large: remainder −s + ρ < 0
    [InlineData(0, 0, -1, false)] // one quotient one too small: remainder ρ + s > s − 1
    [InlineData(0, 0, 2000, false)] // a wrong output: one quotient far off, which changes the model's output
    public void Forged_layernorm_rows_are_rejected(int sumDelta, int rootDelta, int quotientDelta, bool valid)
    {
        var h = Synthetic(53);
        var honest = h.Witness(SyntheticModels.Input(530, 18));
        var norm = h.Circuit.Layers.OfType<LayerNormLayer>().Single();
        int n = norm.RowLength;
        var x = honest.Values[norm.Inputs[0]].AsSpan(n, n).ToArray(); // row 1 (padded index 1)
        var (advice, a) = ForgedRow(norm, h.Circuit.Tensors[norm.Output].Name + "/layernorm-", x, sumDelta, rootDelta, quotientDelta);
        var values = honest.Values.Select(v => (long[])v.Clone()).ToArray();
        a.CopyTo(values[norm.Output], n);
        foreach (var layer in h.Circuit.Layers.SkipWhile(l => l != norm).Skip(1)) values[layer.Output] = layer.Evaluate(values);
        bool outputChanged = !values[h.Circuit.Output].SequenceEqual(honest.Output);
        Assert.Equal(Math.Abs(quotientDelta) > 1 || sumDelta != 0, outputChanged);
        int written = 0;
        var proof = h.Prove(new CircuitWitness(h.Circuit, values), (name, table) =>
        {
            if (advice.TryGetValue(name, out var v))
            {
                table[1] = v;
                written++;
            }
        });
        Assert.Equal(advice.Count, written);
        var result = h.Verify(proof);
        Assert.True(valid == result.IsValid, result.Reason);
        output.WriteLine($"forged (ΔS {sumDelta}, Δs {rootDelta}, ΔZ {quotientDelta}; output changed: {outputChanged}): {result.Reason}");
    }

    [Fact]
    public void Flipped_proof_bytes_are_rejected_and_never_throw()
    {
        var h = Digits();
        h.AssertFlippedBytesRejected(h.Prove(h.Witness(Digit(5))), 611, 60);
    }

    /// <summary>
    /// Every committed value of one row as a forger computes it from X with S shifted by <paramref name="sumDelta"/>, the root
    /// by <paramref name="rootDelta"/> and quotient 0 by <paramref name="quotientDelta"/>, every other value derived from
    /// those (a value outside its limbs' range goes whole into its lowest limb, so every identity still holds); and the
    /// layer's output row A = G·Z + B.
    /// </summary>
    private static (Dictionary<string, Goldilocks> Advice, long[] A) ForgedRow(LayerNormLayer layer, string prefix, long[] x, int sumDelta, int rootDelta, int quotientDelta)
    {
        int n = x.Length, m = layer.NormShift, k = layer.ScaleShift, zBits = QLayerNormArithmetic.NormalizedBits(m, k);
        var advice = new Dictionary<string, Goldilocks>(StringComparer.Ordinal);
        void Limbs(string name, int bits, long value)
        {
            int count = (bits + 15) / 16;
            bool fits = value >= 0 && value < 1L << bits;
            for (int j = 0; j < count; j++)
                advice[$"{prefix}{name}.limb{j}"] = Goldilocks.FromInt64(fits ? (value >> (16 * j)) & ((1L << Math.Min(16, bits - 16 * j)) - 1) : j == 0 ? value : 0);
        }
        long sum = x.Sum() + sumDelta, squares = 0;
        var c = x.Select(v => n * v - sum).ToArray();
        foreach (var ci in c) squares += ci * ci;
        long radicand = (n * squares + layer.Epsilon) << m, root = QLayerNormArithmetic.IntegerSqrt(radicand) + rootDelta, low = radicand - root * root;
        (advice[prefix + "sum"], advice[prefix + "squares"], advice[prefix + "root"]) = (Goldilocks.FromInt64(sum), Goldilocks.FromInt64(squares), Goldilocks.FromInt64(root));
        Limbs("root", 31, root);
        Limbs("low", 32, low);
        Limbs("high", 32, 2 * root - low);
        var a = new long[n];
        for (int i = 0; i < n; i++)
        {
            long z = QLayerNormArithmetic.FloorDivide(c[i] << k, root) + (i == 0 ? quotientDelta : 0), rem = (c[i] << k) - z * root;
            advice[$"{prefix}centred{i}"] = Goldilocks.FromInt64(c[i]);
            advice[$"{prefix}normalized{i}"] = Goldilocks.FromInt64(z);
            Limbs($"normalized{i}", zBits + 1, z + (1L << zBits));
            Limbs($"rem{i}", 31, rem);
            Limbs($"slack{i}", 31, root - 1 - rem);
            a[i] = layer.Gamma[i] * z + layer.Beta[i];
        }
        return (advice, a);
    }
}
