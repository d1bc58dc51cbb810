using Provenant.Inference.Integer;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;

namespace Provenant.Proofs.Tests.Layers;

public class RequantizeGadgetTests
{
    private static (RequantizeStatement S, long[] X) Synthetic(Random rng, bool relu, bool perChannel)
    {
        var layout = new TensorLayout(5, 6);
        int channels = perChannel ? 6 : 1;
        var m = Enumerable.Range(0, channels).Select(_ => rng.NextInt64(1L << 30, 1L << 31)).ToArray();
        var s = Enumerable.Range(0, channels).Select(_ => rng.Next(34, 38)).ToArray();
        const long zp = -5;
        var st = new RequantizeStatement("acc", "y", layout, perChannel ? 1 : -1, m, s, zp, relu ? zp : -128, 127, 21);
        var x = new long[30];
        for (int i = 0; i < x.Length; i++) x[i] = rng.Next(4) == 0 ? rng.NextInt64(-(1L << 21), 1L << 21) : rng.NextInt64(-4000, 4000);
        return (st, x);
    }

    private static void AssertMatchesTheIntegerEngine(RequantizeStatement s, long[] x, RequantizeWitness w)
    {
        for (int f = 0; f < x.Length; f++)
        {
            int c = s.ChannelAxis < 0 ? 0 : f % s.Layout.Dims[1];
            long expected = QuantArithmetic.Clamp(s.ZeroPoint + QuantArithmetic.RoundingShift(x[f] * s.Multipliers[c], s.Shifts[c]), s.Min, s.Max);
            Assert.Equal(expected, w.Output[f]);
        }
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Honest_requantization_verifies_with_its_range_checks(bool relu, bool perChannel)
    {
        var (s, x) = Synthetic(new Random(relu ? 51 : perChannel ? 52 : 53), relu, perChannel);
        var w = RequantizeWitness.Compute(s, x);
        AssertMatchesTheIntegerEngine(s, x, w);
        Assert.True(RequantizeHarness.Accepted(s, w, w.OutputTable, w.InputTable));
    }

    [Fact]
    public void Ties_round_half_away_from_zero_for_both_signs()
    {
        // M = 1, s = 1: x/2 for odd x is an exact tie; s = 2 with M = 2 likewise.
        var s = new RequantizeStatement("acc", "y", new TensorLayout(16), -1, [1], [1], 0, -128, 127, 9);
        long[] x = [-7, -5, -3, -1, 1, 3, 5, 7, -256, 255, -2, 2, 0, -255, 100, -100];
        var w = RequantizeWitness.Compute(s, x);
        AssertMatchesTheIntegerEngine(s, x, w);
        Assert.Equal([-4L, -3, -2, -1, 1, 2, 3, 4, -128, 127, -1, 1, 0, -128, 50, -50], w.Output);
        Assert.True(RequantizeHarness.Accepted(s, w, w.OutputTable, w.InputTable));
        // Rounding a tie towards zero (or up) is rejected.
        foreach (int i in new[] { 0, 3, 4 })
        {
            var (cheat, y) = Cheat(s, w, s.Layout.PaddedIndex(i), x[i] < 0 ? +1 : -1, Strategy.Remainder);
            Assert.False(RequantizeHarness.Accepted(s, cheat, y, w.InputTable), $"tie {x[i]}");
            // The field identity alone accepts this repair: only the remainder's range check catches it.
            Assert.True(RequantizeHarness.Accepted(s, cheat, y, w.InputTable, runLookups: false), $"tie {x[i]} without range checks");
        }
    }

    internal enum Strategy { KeepAdvice, Remainder, ExcessUp, ExcessDown, Sign }

    /// <summary>
    /// A prover that shifts output element b by δ and repairs the advice by one of the strategies (limbs written so their
    /// weighted sum is the repaired value even when it leaves the limb ranges).
    /// </summary>
    internal static (RequantizeWitness Witness, Goldilocks[] Output) Cheat(RequantizeStatement s, RequantizeWitness honest, int b, int delta, Strategy strategy)
    {
        var w = RequantizeWitness.Compute(s, Unpad(s, honest.InputTable));
        var y = (Goldilocks[])w.OutputTable.Clone();
        y[b] += Goldilocks.FromInt64(delta);
        int first(string kind) => s.Advice.Select((a, i) => (a, i)).First(p => p.a.Name.Contains(kind)).i;
        int count(string kind) => s.Advice.Count(a => a.Name.Contains(kind));
        long read(string kind)
        {
            long v = 0;
            for (int i = count(kind) - 1; i >= 0; i--) v = v * 65536 + w.AdviceTables[first(kind) + i][b].ToSigned();
            return v;
        }
        void write(string kind, long value)
        {
            int f = first(kind), n = count(kind);
            for (int i = 0; i < n - 1; i++) w.AdviceTables[f + i][b] = Goldilocks.FromInt64((value >> (16 * i)) & 0xFFFF);
            w.AdviceTables[f + n - 1][b] = Goldilocks.FromInt64(value >> (16 * (n - 1)));
        }
        switch (strategy)
        {
            case Strategy.Remainder: write("remainder", read("remainder") - delta * (1L << s.CommonShift)); break;
            case Strategy.ExcessUp: write("excess-up", read("excess-up") - delta); break;
            case Strategy.ExcessDown: write("excess-down", read("excess-down") + delta); break;
            case Strategy.Sign:
                int sign = first("sign");
                var flipped = Goldilocks.One - w.AdviceTables[sign][b];
                w.AdviceTables[sign][b] = flipped;
                write("low", read("low") + (flipped == Goldilocks.One ? 1 : -1) * (1L << s.AccumulatorBits));
                break;
        }
        return (w, y);
    }

    internal static long[] Unpad(RequantizeStatement s, Goldilocks[] padded)
    {
        var x = new long[s.Layout.ElementCount];
        for (int f = 0; f < x.Length; f++) x[f] = padded[s.Layout.PaddedIndex(f)].ToSigned();
        return x;
    }

    [Fact]
    public void Changing_any_single_output_with_any_advice_repair_is_rejected()
    {
        var rng = new Random(54);
        var (s, x) = Synthetic(rng, relu: true, perChannel: true);
        var w = RequantizeWitness.Compute(s, x);
        for (int f = 0; f < x.Length; f++)
        {
            int b = s.Layout.PaddedIndex(f);
            foreach (var strategy in Enum.GetValues<Strategy>())
            {
                int delta = rng.Next(2) == 0 ? 1 : -1;
                var (cheat, y) = Cheat(s, w, b, delta, strategy);
                Assert.False(RequantizeHarness.Accepted(s, cheat, y, w.InputTable), $"element {f}, {strategy}, δ {delta}");
            }
        }
    }

    [Fact]
    public void Changing_an_accumulator_remainder_or_sign_alone_is_rejected()
    {
        var rng = new Random(55);
        var (s, x) = Synthetic(rng, relu: false, perChannel: true);
        var w = RequantizeWitness.Compute(s, x);
        for (int trial = 0; trial < 6; trial++)
        {
            int f = rng.Next(x.Length);
            // A prover running on a different accumulator (honestly requantized) fails the claim on X.
            var x2 = (long[])x.Clone();
            x2[f] += rng.Next(1, 100);
            var w2 = RequantizeWitness.Compute(s, x2);
            Assert.False(RequantizeHarness.Accepted(s, w2, w2.OutputTable, w.InputTable, runLookups: false), $"accumulator {f}");
            // Changing one advice limb with the true output.
            int advice = rng.Next(s.Advice.Count);
            var w3 = RequantizeWitness.Compute(s, x);
            w3.AdviceTables[advice][s.Layout.PaddedIndex(f)] += Goldilocks.One;
            Assert.False(RequantizeHarness.Accepted(s, w3, w.OutputTable, w.InputTable), $"advice {s.Advice[advice].Name} at {f}");
        }
    }

    [Fact]
    public void Statements_that_could_wrap_around_the_field_are_refused()
    {
        var layout = new TensorLayout(4);
        Assert.Throws<ArgumentException>(() => new RequantizeStatement("x", "y", layout, -1, [int.MaxValue], [30], 0, -128, 127, 31));
        Assert.Throws<ArgumentException>(() => new RequantizeStatement("x", "y", layout, -1, [1], [63], 0, -128, 127, 8));
        Assert.Throws<ArgumentException>(() => new RequantizeStatement("x", "y", layout, 0, [1], [8], 0, -128, 127, 8));
        var ok = new RequantizeStatement("x", "y", layout, -1, [1 << 30], [38], 0, -128, 127, 24);
        Assert.True(ok.ExcessBits >= 17);
    }

    [Fact]
    public void Garbage_proofs_are_rejected_without_throwing()
    {
        var (s, _) = Synthetic(new Random(56), false, true);
        var claim = new Provenant.Proofs.Polynomials.EvaluationClaim("y", new GoldilocksExt2[s.Layout.VariableCount], GoldilocksExt2.One);
        var t = new Provenant.Proofs.FiatShamir.Transcript("t");
        Assert.False(RequantizeGadget.Verify(s, claim, null, t).IsValid);
        Assert.False(RequantizeGadget.Verify(s, claim, new RequantizeProof(null!, new GoldilocksExt2[s.Advice.Count]), t).IsValid);
        Assert.False(RequantizeGadget.Verify(s, claim, new RequantizeProof(new([]), []), t).IsValid);
        Assert.False(RequantizeGadget.Verify(s, claim with { Point = [] }, new RequantizeProof(new([]), []), t).IsValid);
    }
}
