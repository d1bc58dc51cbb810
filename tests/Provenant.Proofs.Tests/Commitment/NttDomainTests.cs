using Provenant.Proofs.Commitment;
using Provenant.Proofs.Field;

namespace Provenant.Proofs.Tests.Commitment;

/// <summary>The radix-2 NTT against the naive O(n²) DFT P(ω^j) = Σ a_i ω^{ij}, and Reed–Solomon encoding.</summary>
public class NttDomainTests
{
    private static Goldilocks[] Random(Random rng, int n) =>
        Enumerable.Range(0, n).Select(_ => Goldilocks.FromUInt64((ulong)rng.NextInt64() * 3 + 1)).ToArray();

    private static Goldilocks[] NaiveDft(Goldilocks[] a, Goldilocks omega)
    {
        var result = new Goldilocks[a.Length];
        for (int j = 0; j < a.Length; j++)
        {
            Goldilocks x = omega.Pow((ulong)j), acc = Goldilocks.Zero, xi = Goldilocks.One;
            foreach (var coefficient in a)
            {
                acc += coefficient * xi;
                xi *= x;
            }
            result[j] = acc;
        }
        return result;
    }

    [Fact]
    public void Forward_agrees_with_the_naive_dft_for_every_size_up_to_2_to_the_9()
    {
        var rng = new Random(1);
        for (int log = 0; log <= 9; log++)
        {
            var domain = new NttDomain(log);
            var a = Random(rng, 1 << log);
            var fast = (Goldilocks[])a.Clone();
            domain.Forward(fast);
            Assert.Equal(NaiveDft(a, Goldilocks.RootOfUnity(log)), fast);
        }
    }

    [Fact]
    public void Bit_reversed_output_with_a_zero_padded_input_is_the_permuted_dft()
    {
        var rng = new Random(2);
        for (int log = 0; log <= 8; log++)
        {
            var domain = new NttDomain(log);
            foreach (int prefix in new[] { 0, 1, 2, 3, (1 << log) / 4, (1 << log) / 2, 1 << log }.Where(p => p <= 1 << log).Distinct())
            {
                var a = Random(rng, 1 << log);
                for (int i = prefix; i < a.Length; i++) a[i] = Goldilocks.Zero;
                var expected = NaiveDft(a, domain.Generator);
                var garbageTail = (Goldilocks[])a.Clone();
                for (int i = prefix; i < a.Length; i++) garbageTail[i] = Goldilocks.FromUInt64(99); // must be ignored
                domain.ForwardToBitReversed(garbageTail, prefix);
                for (int j = 0; j < a.Length; j++) Assert.Equal(expected[NttDomain.ReverseBits(j, log)], garbageTail[j]);
            }
        }
    }

    [Fact]
    public void Inverse_undoes_forward()
    {
        var rng = new Random(3);
        foreach (int log in new[] { 0, 1, 5, 12 })
        {
            var domain = new NttDomain(log);
            var a = Random(rng, 1 << log);
            var b = (Goldilocks[])a.Clone();
            domain.Forward(b);
            domain.Inverse(b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Bad_lengths_are_caller_errors()
    {
        var domain = new NttDomain(3);
        Assert.Throws<ArgumentException>(() => domain.Forward(new Goldilocks[7]));
        Assert.Throws<ArgumentException>(() => domain.ForwardToBitReversed(new Goldilocks[8], 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NttDomain(31));
    }

    [Fact]
    public void Reed_solomon_codewords_interpolate_back_to_the_message_and_encoding_is_linear_over_the_extension()
    {
        var rng = new Random(4);
        var code = new ReedSolomonCode(5, 2);
        Assert.Equal(128, code.CodewordLength);
        var m = Random(rng, 32);
        var cw = new Goldilocks[128];
        code.Encode(m, cw);
        code.Domain.BitReverse(cw); // natural order evaluations
        code.Domain.Inverse(cw);
        Assert.Equal(m, cw[..32]);
        Assert.All(cw[32..], x => Assert.True(x.IsZero));

        // Enc(a·x + y) = a·Enc(x) + Enc(y) for an extension-field scalar a.
        var x = Random(rng, 32);
        var y = Random(rng, 32);
        var a = new GoldilocksExt2(Goldilocks.FromUInt64(12345), Goldilocks.FromUInt64(678));
        var ex = new Goldilocks[128];
        var ey = new Goldilocks[128];
        code.Encode(x, ex);
        code.Encode(y, ey);
        var combined = code.EncodeExt(x.Zip(y, (xi, yi) => a * xi + (GoldilocksExt2)yi).ToArray());
        for (int j = 0; j < 128; j++) Assert.Equal(a * ex[j] + (GoldilocksExt2)ey[j], combined[j]);
    }

    [Fact]
    public void Two_distinct_codewords_differ_in_at_least_n_minus_k_plus_1_positions()
    {
        var rng = new Random(5);
        var code = new ReedSolomonCode(3, 2);
        var m1 = Random(rng, 8);
        var m2 = (Goldilocks[])m1.Clone();
        m2[7] += Goldilocks.One; // a single coefficient differs
        var c1 = new Goldilocks[32];
        var c2 = new Goldilocks[32];
        code.Encode(m1, c1);
        code.Encode(m2, c2);
        Assert.True(c1.Zip(c2).Count(p => p.First != p.Second) >= 32 - 8 + 1);
    }
}
