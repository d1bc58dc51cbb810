using Provenant.Core;
using Provenant.Proofs.Circuit;
using Provenant.Proofs.Field;
using Provenant.Proofs.ProofFormat;
using Xunit.Abstractions;

namespace Provenant.Proofs.Tests.Prover;

/// <summary>
/// A cheating prover is rejected: single changed input/activation elements, weights, lookup multiplicities and advice
/// limbs; single flipped proof bytes; proofs replayed with another input, output or weight commitment; garbage files.
/// Positions are drawn from fixed seeds.
/// </summary>
public sealed class SoundnessTests(ITestOutputHelper output)
{
    private static ProofHarness Digits()
    {
        var m = ProofModels.Get(ProofModels.Digits);
        return new ProofHarness(m.Graph, m.InputShape).WithSkeleton(m.Bytes);
    }

    private static float[] Digit(int row) => ProofModels.Get(ProofModels.Digits).Input(row).AsSpan<float>().ToArray();

    [Theory]
    [InlineData("synthetic", 3)]
    [InlineData("synthetic-add", 4)]
    [InlineData("digits", 2)]
    public void Changing_any_single_input_or_activation_element_is_rejected(string model, int perTensor)
    {
        var h = model switch
        {
            "digits" => Digits(),
            "synthetic-add" => new ProofHarness(SyntheticModels.LookupAdd(12), [1, 16]),
            _ => new ProofHarness(SyntheticModels.LookupGemm(11), [1, 16]),
        };
        var honest = h.Witness(model == "digits" ? Digit(7) : SyntheticModels.Input(11, 16));
        var rng = new Random(601);
        int cases = 0;
        foreach (var t in h.Circuit.Tensors.Where(t => t.Role != CircuitTensorRole.Weight && t.Id != h.Circuit.Output))
        {
            for (int k = 0; k < perTensor; k++)
            {
                int element = rng.Next(t.Length);
                var result = h.Verify(h.Prove(h.Tampered(honest, t.Id, element)));
                Assert.False(result.IsValid, $"changed {t} element {element} was accepted");
                cases++;
            }
        }
        output.WriteLine($"{model}: {cases} changed elements, all rejected");
    }

    [Fact]
    public void Changing_any_single_weight_or_bias_element_is_rejected()
    {
        var h = Digits();
        var honest = h.Witness(Digit(3));
        var rng = new Random(602);
        foreach (var t in h.Circuit.WeightTensors)
        {
            for (int k = 0; k < 3; k++)
            {
                int element = rng.Next(t.Length);
                // Only the weight changed (the rest of the witness as computed with the committed weights) ...
                var result = h.Verify(h.Prove(h.Tampered(honest, t.Id, element)));
                Assert.False(result.IsValid, $"changed weight {t} element {element} was accepted");
                // ... and the whole inference run with the changed weight: only the weight opening can catch it.
                result = h.Verify(h.Prove(h.WithChangedWeight(honest, t.Id, element)));
                Assert.False(result.IsValid, $"an inference with changed weight {t} element {element} was accepted");
                Assert.Contains("weights", result.Reason);
            }
        }
    }

    [Theory]
    [InlineData("lookup-multiplicities")]
    [InlineData("range16/multiplicities")]
    [InlineData("/low0")]
    [InlineData("/remainder0")]
    [InlineData("/sign")]
    [InlineData("/range-checked")]
    [InlineData("/lookup-y")]
    public void Changing_one_advice_value_is_rejected(string adviceName)
    {
        var h = Digits();
        var honest = h.Witness(Digit(5));
        var rng = new Random(603 + adviceName.Length);
        int changed = 0;
        var proof = h.Prove(honest, (name, table) =>
        {
            if (changed > 0 || !name.Contains(adviceName, StringComparison.Ordinal)) return;
            int i = rng.Next(Math.Min(table.Length, 64));
            table[i] += Goldilocks.One;
            changed++;
        });
        Assert.Equal(1, changed);
        var result = h.Verify(proof);
        Assert.False(result.IsValid, $"a changed '{adviceName}' advice value was accepted");
        output.WriteLine($"{adviceName}: {result.Reason}");
    }

    [Fact]
    public void Moving_one_range_check_count_between_tables_is_rejected()
    {
        // The range checks of all tables are one tagged logUp: take a count from one table's multiplicities (its last
        // used row) and add it to another table's first row, keeping the total over all tables.
        var h = Digits();
        var seen = new List<string>();
        var proof = h.Prove(h.Witness(Digit(4)), (name, table) =>
        {
            if (!name.StartsWith("range-checks/", StringComparison.Ordinal) || seen.Count == 2) return;
            if (seen.Count == 0)
            {
                int last = Array.FindLastIndex(table, v => v != Goldilocks.Zero);
                Assert.True(last >= 0);
                table[last] -= Goldilocks.One;
            }
            else
            {
                table[0] += Goldilocks.One;
            }
            seen.Add(name);
        });
        Assert.Equal(2, seen.Count);
        Assert.NotEqual(seen[0], seen[1]);
        var result = h.Verify(proof);
        Assert.False(result.IsValid, $"a range-check count moved from {seen[0]} to {seen[1]} was accepted");
        output.WriteLine(result.Reason);
    }

    [Fact]
    public void Flipping_any_single_proof_byte_is_rejected_and_never_throws()
    {
        var h = Digits();
        var proof = h.Prove(h.Witness(Digit(9)));
        Assert.True(h.VerifyFile(proof).IsValid);
        var rng = new Random(604);
        // Every byte of the header, statement and skeleton region, then seeded positions over the whole file.
        var positions = Enumerable.Range(0, Math.Min(proof.Length, 3000)).Where(i => i % 7 == 0).Concat(Enumerable.Range(0, 250).Select(_ => rng.Next(proof.Length)));
        int count = 0;
        foreach (int i in positions)
        {
            var copy = (byte[])proof.Clone();
            copy[i] ^= (byte)(1 << rng.Next(8));
            var result = h.VerifyFile(copy);
            Assert.False(result.IsValid, $"flipping byte {i} ({proof[i]:x2} -> {copy[i]:x2}) of {proof.Length} was accepted; skeleton {h.Skeleton.Length} bytes; {result.Reason}");
            Assert.False(string.IsNullOrEmpty(result.Reason));
            count++;
        }
        output.WriteLine($"{count} single-byte flips over a {proof.Length}-byte proof, all rejected");
    }

    [Fact]
    public void A_proof_replayed_with_another_input_output_or_weight_commitment_is_rejected()
    {
        var h = Digits();
        var bytes = h.Prove(h.Witness(Digit(12)));
        Assert.True(ProofFile.TryParse(bytes, out var proof, out _));
        var s = proof!.Statement;
        Assert.False(Reencode(h, proof with { Statement = s with { Output = Bump(s.Output, 4) } }).IsValid);
        Assert.False(Reencode(h, proof with { Statement = s with { Input = Bump(s.Input, 20) } }).IsValid);
        var other = h.Witness(Digit(13));
        Assert.False(Reencode(h, proof with { Statement = s with { Input = other.Input, Output = other.Output } }).IsValid);
        Assert.False(Reencode(h, proof with { Statement = s with { ModelDigest = new byte[32] } }).IsValid);

        // The same proof against another model's weight commitment (same architecture, other weights).
        var otherModel = new ProofHarness(SyntheticModels.Gemm(5), [1, 16]);
        Assert.False(h.Verify(bytes, otherModel.Weights).IsValid);
        // A proof of another model against this circuit.
        var foreign = otherModel.Prove(otherModel.Witness(SyntheticModels.Input(5, 16)));
        Assert.False(h.Verify(foreign).IsValid);
        Assert.True(otherModel.Verify(foreign).IsValid);
    }

    [Fact]
    public void Garbage_and_truncated_files_are_rejected_with_a_reason_and_never_throw()
    {
        var h = Digits();
        var proof = h.Prove(h.Witness(Digit(1)));
        var rng = new Random(605);
        byte[] magic = ProofFile.Magic.ToArray();
        // Versions 1 (the older protocol) and 3 (unknown) in front of a valid version-2 body.
        List<byte[]> inputs = [[], magic, [.. magic, 2, 0], [.. magic, 1, 0, .. proof[10..]], [.. magic, 3, 0, .. proof[10..]]];
        for (int i = 0; i < 300; i++)
        {
            var b = new byte[rng.Next(0, 4096)];
            rng.NextBytes(b);
            if (i % 2 == 0 && b.Length >= 10) proof.AsSpan(0, 10).CopyTo(b); // a valid header in front of garbage
            inputs.Add(b);
        }
        for (int i = 0; i < 200; i++) inputs.Add(proof[..rng.Next(proof.Length)]);
        inputs.Add([.. proof, 0]);
        foreach (var b in inputs)
        {
            var result = h.VerifyFile(b);
            Assert.False(result.IsValid);
            Assert.False(string.IsNullOrEmpty(result.Reason));
        }
    }

    private static long[] Bump(long[] v, int i)
    {
        var c = (long[])v.Clone();
        c[i] += c[i] < 100 ? 1 : -1;
        return c;
    }

    private static VerificationResult Reencode(ProofHarness h, InferenceProof p) => h.VerifyFile(ProofFile.ToBytes(p));
}
