using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;
using Provenant.Proofs.Circuit;
using Provenant.Proofs.Field;
using Xunit.Abstractions;

namespace Provenant.Proofs.Tests.Prover;

/// <summary>
/// QSoftmax is proven exactly as the integer engine computes it: the quantized digits MLP with Softmax on real dataset
/// rows and a synthetic three-row softmax verify; every single changed activation, committed softmax value (maximum,
/// difference, table value, output, remainder and gap limbs, sum), table multiplicity and flipped proof byte is rejected.
/// </summary>
public sealed class SoftmaxProofTests(ITestOutputHelper output)
{
    private static ProofHarness Digits()
    {
        var m = ProofModels.Get(ProofModels.DigitsSoftmax);
        return new ProofHarness(m.Graph, m.InputShape).WithSkeleton(m.Bytes);
    }

    private static float[] Digit(int row) => ProofModels.Get(ProofModels.DigitsSoftmax).Input(row).AsSpan<float>().ToArray();

    [Fact]
    public void Digits_mlp_with_softmax_proofs_verify_on_real_rows_and_equal_the_engine()
    {
        var h = Digits();
        var model = ProofModels.Get(ProofModels.DigitsSoftmax);
        var engine = new IntegerEngine(model.Graph);
        foreach (int row in new[] { 0, 17, 444 })
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
    public void Multi_row_softmax_proofs_verify_and_changed_activations_are_rejected()
    {
        var h = new ProofHarness(SyntheticModels.GemmSoftmax(41), [3, 6]);
        Assert.Equal("Softmax", h.Circuit.Layers[^1].Op);
        var honest = h.Witness(SyntheticModels.Input(410, 18));
        Assert.True(h.Verify(h.Prove(honest)).IsValid);
        int cases = 0;
        foreach (var t in h.Circuit.Tensors.Where(t => t.Role != CircuitTensorRole.Weight && t.Id != h.Circuit.Output))
        {
            for (int element = 0; element < t.Length; element += 3)
            {
                var result = h.Verify(h.Prove(h.Tampered(honest, t.Id, element)));
                Assert.False(result.IsValid, $"changed {t} element {element} was accepted");
                cases++;
            }
        }
        // A false output: one probability changed by one.
        var bytes = h.Prove(honest);
        Assert.True(ProofFormat.ProofFile.TryParse(bytes, out var proof, out _));
        for (int i = 0; i < honest.Output.Length; i += 4)
        {
            var changed = (long[])honest.Output.Clone();
            changed[i] += changed[i] < SoftmaxLayer.One ? 1 : -1;
            Assert.False(h.Verify(ProofFormat.ProofFile.ToBytes(proof! with { Statement = proof.Statement with { Output = changed } })).IsValid);
            cases++;
        }
        output.WriteLine($"{cases} changed activations and outputs, all rejected");
    }

    [Theory]
    [InlineData("softmax-max")]
    [InlineData("softmax-sum")]
    [InlineData("softmax-diff3")]
    [InlineData("softmax-exp0")]
    [InlineData("softmax-out2")]
    [InlineData("softmax-rem1.0")]
    [InlineData("softmax-gap4.1")]
    [InlineData("softmax-table-multiplicities")]
    [InlineData("range8/multiplicities")]
    [InlineData("range15/multiplicities")]
    public void Changing_one_committed_softmax_value_is_rejected(string adviceName)
    {
        var h = new ProofHarness(SyntheticModels.GemmSoftmax(42), [3, 6]);
        var honest = h.Witness(SyntheticModels.Input(420, 18));
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

    [Fact]
    public void A_wrong_maximum_with_consistent_differences_is_rejected()
    {
        // Shift M and every D_i of one row up by one: D_i = M − X_i still holds and every D_i is in range, but no D_i is 0,
        // so the maximum zero-check fails (and the table values no longer match the outputs).
        var h = new ProofHarness(SyntheticModels.GemmSoftmax(43), [3, 6]);
        var honest = h.Witness(SyntheticModels.Input(430, 18));
        var proof = h.Prove(honest, (name, table) =>
        {
            if (name.EndsWith("softmax-max", StringComparison.Ordinal) || name.Contains("softmax-diff", StringComparison.Ordinal)) table[1] += Goldilocks.One;
        });
        var result = h.Verify(proof);
        Assert.False(result.IsValid);
        output.WriteLine(result.Reason);
    }

    [Fact]
    public void Flipped_proof_bytes_are_rejected_and_never_throw()
    {
        var h = Digits();
        h.AssertFlippedBytesRejected(h.Prove(h.Witness(Digit(3))), 607, 150);
    }
}
