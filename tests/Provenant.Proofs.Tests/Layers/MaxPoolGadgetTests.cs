using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Tests.Layers;

public class MaxPoolGadgetTests
{
    private static readonly MaxPoolStatement Statement = new("x", "y", [2, 3, 6, 8], 2, 2);

    private static Goldilocks[] Pool(Goldilocks[] x)
    {
        var y = new Goldilocks[Statement.OutputLayout.ElementCount];
        for (int f = 0; f < y.Length; f++)
        {
            long best = long.MinValue;
            for (int j = 0; j < 4; j++) best = Math.Max(best, x[Statement.InputIndex(f, j)].ToSigned());
            y[f] = Goldilocks.FromInt64(best);
        }
        return y;
    }

    private static bool Accepted(Goldilocks[] trueX, Goldilocks[] proverX, Goldilocks[] proverY, Func<MaxPoolProof, MaxPoolProof>? tamper = null)
    {
        var s = Statement;
        var d = MaxPoolGadget.Differences(s, proverX, proverY);
        var yPadded = s.OutputLayout.Pad(proverY);
        var pt = new Transcript("test/maxpool");
        foreach (var t in d) pt.Absorb<Goldilocks>("commitment/diff", t);
        var r = pt.ChallengeExtVector("r", s.OutputLayout.VariableCount);
        var claim = new EvaluationClaim("y", r, MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(yPadded, r, static v => v));
        var proof = MaxPoolGadget.Prove(s, d, claim, pt).Proof;
        var vt = new Transcript("test/maxpool");
        foreach (var t in d) vt.Absorb<Goldilocks>("commitment/diff", t);
        var red = MaxPoolGadget.Verify(s, claim with { Point = vt.ChallengeExtVector("r", s.OutputLayout.VariableCount) }, tamper is null ? proof : tamper(proof), vt);
        if (!red.IsValid) return false;
        var oracle = new ClaimOracle().Add("x", s.InputLayout.Pad(trueX));
        var tables = new Dictionary<string, Goldilocks[]>();
        for (int j = 0; j < 4; j++)
        {
            oracle.Add(s.Difference(j), d[j]);
            tables[s.Difference(j)] = d[j];
        }
        return oracle.AllHold(red.Claims) && RequantizeHarness.ObligationsHold(s.LookupObligations(), tables, s.OutputLayout, oracle);
    }

    [Fact]
    public void Honest_max_pooling_verifies_and_any_single_change_is_rejected()
    {
        var rng = new Random(61);
        var x = TestField.SmallVector(rng, (int)Statement.InputLayout.ElementCount, -128, 128);
        var y = Pool(x);
        Assert.True(Accepted(x, x, y));
        for (int trial = 0; trial < 12; trial++)
        {
            int f = rng.Next(y.Length);
            var y2 = (Goldilocks[])y.Clone();
            y2[f] += Goldilocks.FromInt64(trial % 2 == 0 ? 1 : -1);
            Assert.False(Accepted(x, x, y2), $"output {f}");
            int i = rng.Next(x.Length);
            var x2 = (Goldilocks[])x.Clone();
            x2[i] += Goldilocks.FromInt64(trial % 2 == 0 ? 1 : -1);
            Assert.False(Accepted(x, x2, Pool(x2)), $"input {i}");
        }
    }

    [Fact]
    public void Tampered_and_garbage_proofs_are_rejected()
    {
        var rng = new Random(62);
        var x = TestField.SmallVector(rng, (int)Statement.InputLayout.ElementCount, -128, 128);
        var y = Pool(x);
        var one = (GoldilocksExt2)Goldilocks.One;
        Assert.False(Accepted(x, x, y, p => p with { DifferencesAtClaim = [one, .. p.DifferencesAtClaim[1..]] }));
        Assert.False(Accepted(x, x, y, p => p with { DifferencesAtPoint = [one, .. p.DifferencesAtPoint[1..]] }));
        Assert.False(Accepted(x, x, y, p => p with { ZeroCheck = new([]) }));
        Assert.False(Accepted(x, x, y, p => p with { DifferencesAtPoint = [] }));
        Assert.False(Accepted(x, x, y, _ => null!));
        Assert.Throws<ArgumentException>(() => new MaxPoolStatement("x", "y", [1, 1, 6, 6], 3, 3));
    }
}
