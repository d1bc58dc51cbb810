using Provenant.Inference.Integer;
using Provenant.Inference.Tensors;
using Provenant.Proofs.Circuit;
using Provenant.Proofs.Field;
using Provenant.Proofs.Protocol;
using Xunit.Abstractions;

namespace Provenant.Proofs.Tests.Prover;

/// <summary>
/// QAveragePool (padded windows with count_include_pad, and tiling windows), QGlobalAveragePool and a broadcasting QAdd
/// are proven: honest proofs verify and match the integer engine; every single changed activation, changed advice
/// value (requantize limbs, the range-checked copy, multiplicities) and flipped proof byte is rejected.
/// </summary>
public sealed class PoolAndBroadcastProofTests(ITestOutputHelper output)
{
    private static readonly int[] Shape = [1, 2, 6, 6];

    [Theory]
    [InlineData(3, 31)]
    [InlineData(2, 32)]
    public void Honest_proofs_verify_and_equal_the_integer_engine(int kernel, int seed)
    {
        var graph = SyntheticModels.PoolAdd(seed, kernel);
        var h = new ProofHarness(graph, Shape);
        Assert.Equal(["AveragePool", "Add", "AveragePool", "Reshape", "Gemm"], h.Circuit.Layers.Select(l => l.Op));
        var engine = new IntegerEngine(graph);
        for (int i = 0; i < 3; i++)
        {
            var input = SyntheticModels.Input(seed * 10 + i, 72);
            var witness = h.Witness(input);
            var expected = engine.Run(new Dictionary<string, Tensor> { ["input"] = Tensor.FromArray(input, Shape) })["output"].AsSpan<float>().ToArray();
            Assert.Equal(expected, h.Circuit.DequantizeOutput(witness.Output));
            var proof = h.Prove(witness);
            var result = h.Verify(proof);
            Assert.True(result.IsValid, result.Reason);
        }
    }

    [Fact]
    public void Changing_any_single_activation_element_is_rejected()
    {
        var h = new ProofHarness(SyntheticModels.PoolAdd(33), Shape);
        var honest = h.Witness(SyntheticModels.Input(330, 72));
        var honestProof = h.Prove(honest);
        int cases = 0, unread = 0;
        foreach (var t in h.Circuit.Tensors.Where(t => t.Role != CircuitTensorRole.Weight && t.Id != h.Circuit.Output))
        {
            // Every element of the small tensors, a spread of the 72-element ones.
            for (int element = 0; element < t.Length; element += t.Length > 8 ? 11 : 1)
            {
                var tampered = h.Tampered(honest, t.Id, element);
                var proof = h.Prove(tampered);
                var result = h.Verify(proof);
                cases++;
                if (!result.IsValid) continue;
                unread++;
                if (t.Role == CircuitTensorRole.Input)
                {
                    // A changed input element that the first pool absorbs: the statement names the changed input and
                    // its (unchanged) output, which is true.
                    Assert.Equal(tampered.Output, h.Circuit.Evaluate(tampered.Input).Output);
                    continue;
                }
                // Accepted only where the prover never reads the value: the global pool's output reaches the Gemm through
                // a Flatten that relabels the claim, and its requantization is computed from the window sums, so the
                // proof is byte for byte the honest one (a true statement).
                Assert.True(proof.AsSpan().SequenceEqual(honestProof), $"changed {t} element {element} was accepted with a different proof");
                Assert.Equal("g", t.Name);
            }
        }
        output.WriteLine($"{cases} changed elements: {cases - unread} rejected, {unread} accepted as true statements (input changes the pool absorbs; values the prover never reads)");
    }

    [Fact]
    public void A_broadcast_activation_operand_is_proven_and_a_changed_element_of_it_rejected()
    {
        var h = new ProofHarness(SyntheticModels.PoolAddActivation(37), Shape);
        Assert.Equal(["AveragePool", "AveragePool", "Add", "AveragePool", "Reshape", "Gemm"], h.Circuit.Layers.Select(l => l.Op));
        var honest = h.Witness(SyntheticModels.Input(370, 72));
        Assert.True(h.Verify(h.Prove(honest)).IsValid);
        var m = h.Circuit.TensorNamed("m");
        for (int element = 0; element < m.Length; element++)
        {
            Assert.False(h.Verify(h.Prove(h.Tampered(honest, m.Id, element))).IsValid, $"changed m element {element} was accepted");
        }
    }

    [Fact]
    public void Changing_the_broadcast_constant_is_rejected()
    {
        var h = new ProofHarness(SyntheticModels.PoolAdd(34), Shape);
        var honest = h.Witness(SyntheticModels.Input(340, 72));
        var c = h.Circuit.WeightTensors.Single(t => t.Name == "c");
        for (int element = 0; element < c.Length; element++)
        {
            var result = h.Verify(h.Prove(h.WithChangedWeight(honest, c.Id, element)));
            Assert.False(result.IsValid);
            Assert.Contains("weights", result.Reason);
        }
    }

    [Theory]
    [InlineData("p/remainder0")]
    [InlineData("p/low0")]
    [InlineData("g/excess-up0")]
    [InlineData("g/range-checked")]
    [InlineData("a/sign")]
    [InlineData("a/range-checked")]
    [InlineData("multiplicities")]
    public void Changing_one_advice_value_is_rejected(string adviceName)
    {
        var h = new ProofHarness(SyntheticModels.PoolAdd(35), Shape);
        var honest = h.Witness(SyntheticModels.Input(350, 72));
        var rng = new Random(adviceName.Length);
        int changed = 0;
        var proof = h.Prove(honest, (name, table) =>
        {
            if (changed > 0 || !name.Contains(adviceName, StringComparison.Ordinal)) return;
            table[rng.Next(Math.Min(table.Length, 32))] += Goldilocks.One;
            changed++;
        });
        Assert.Equal(1, changed);
        var result = h.Verify(proof);
        Assert.False(result.IsValid, $"a changed '{adviceName}' advice value was accepted");
        output.WriteLine($"{adviceName}: {result.Reason}");
    }

    [Fact]
    public void Flipped_proof_bytes_are_rejected_and_never_throw()
    {
        var h = new ProofHarness(SyntheticModels.PoolAdd(36), Shape);
        var proof = h.Prove(h.Witness(SyntheticModels.Input(360, 72)));
        var rng = new Random(606);
        for (int k = 0; k < 150; k++)
        {
            var copy = (byte[])proof.Clone();
            int i = rng.Next(copy.Length);
            copy[i] ^= (byte)(1 << rng.Next(8));
            var result = h.Verify(copy);
            Assert.False(result.IsValid, $"flipping byte {i} was accepted");
            Assert.False(string.IsNullOrEmpty(result.Reason));
        }
    }

    [Fact]
    public void Constant_division_by_requantization_equals_rounding_divide_exhaustively()
    {
        foreach (long c in Enumerable.Range(1, 64).Select(v => (long)v).Concat([81, 100, 196, 784, 1024, 3136]))
        {
            long bound = 255 * c;
            var (m, s) = ConstantDivisor.For(c, bound);
            for (long n = -bound; n <= bound; n++)
            {
                if (QuantArithmetic.RoundingShift(n * m, s) != QuantArithmetic.RoundingDivide(n, c))
                    Assert.Fail($"c = {c}, n = {n}: M = {m}, s = {s} gives {QuantArithmetic.RoundingShift(n * m, s)}, expected {QuantArithmetic.RoundingDivide(n, c)}");
            }
        }
    }
}
