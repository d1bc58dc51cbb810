using Provenant.Inference.Integer;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Tests.Layers;

/// <summary>
/// QAdd (docs/quantization.md) as a composition: the requantize gadget with multiplier 1 on the virtual accumulator
/// X = a_mult·(a − a_zp) + b_mult·(b − b_zp), whose claim the affine gadget reduces to claims on a and b.
/// </summary>
public class QAddCompositionTests
{
    private const long AMult = 1_234_567_890, BMult = 1_987_654_321, AZp = -7, BZp = 12, YZp = 3;
    private const int Shift = 32;
    private static readonly TensorLayout Layout = new(4, 5);

    private static bool Accepted(Goldilocks[] trueA, Goldilocks[] trueB, long[] proverA, long[] proverB, long[] expectedY)
    {
        var s = new RequantizeStatement("x", "y", Layout, -1, [1], [Shift], YZp, YZp, 127, 40);
        var x = proverA.Zip(proverB, (a, b) => AMult * (a - AZp) + BMult * (b - BZp)).ToArray();
        var w = RequantizeWitness.Compute(s, x);
        if (expectedY is not null) Assert.Equal(expectedY, w.Output);
        var affine = new LinearCombinationStatement(["a", "b"], [Goldilocks.FromInt64(AMult), Goldilocks.FromInt64(BMult)],
            Goldilocks.FromInt64(-(AMult * AZp + BMult * BZp)), Layout);

        var pt = new Transcript("test/qadd");
        foreach (var t in w.AdviceTables) pt.Absorb<Goldilocks>("advice", t);
        var r = pt.ChallengeExtVector("r", Layout.VariableCount);
        var claim = new EvaluationClaim("y", r, MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(w.OutputTable, r, static v => v));
        var rq = RequantizeGadget.Prove(s, w, claim, pt);
        var lin = LinearCombinationGadget.Prove(affine, [Layout.Pad(proverA), Layout.Pad(proverB)], rq.Claims[0], pt);

        var vt = new Transcript("test/qadd");
        foreach (var t in w.AdviceTables) vt.Absorb<Goldilocks>("advice", t);
        var vclaim = claim with { Point = vt.ChallengeExtVector("r", Layout.VariableCount) };
        var red = RequantizeGadget.Verify(s, vclaim, rq.Proof, vt);
        if (!red.IsValid) return false;
        var red2 = LinearCombinationGadget.Verify(affine, red.Claims[0], lin.Proof, vt);
        if (!red2.IsValid) return false;
        var oracle = new ClaimOracle().Add("a", Layout.Pad(trueA)).Add("b", Layout.Pad(trueB)).Add("y", w.OutputTable);
        for (int i = 0; i < s.Advice.Count; i++) oracle.Add(s.Advice[i].Name, w.AdviceTables[i]);
        return oracle.AllHold(red.Claims.Skip(1)) && oracle.AllHold(red2.Claims) && RequantizeHarness.LookupsHold(s, oracle, w, w.OutputTable);
    }

    [Fact]
    public void QAdd_with_relu_is_proven_and_a_changed_operand_is_rejected()
    {
        var rng = new Random(71);
        var a = Enumerable.Range(0, 20).Select(_ => (long)rng.Next(-128, 128)).ToArray();
        var b = Enumerable.Range(0, 20).Select(_ => (long)rng.Next(-128, 128)).ToArray();
        // The integer engine's rule: clamp(y_zp + RoundingShift(a_mult·(a − a_zp) + b_mult·(b − b_zp), shift), max(−128, y_zp), 127).
        var y = a.Zip(b, (x, z) => QuantArithmetic.Clamp(YZp + QuantArithmetic.RoundingShift(AMult * (x - AZp) + BMult * (z - BZp), Shift), YZp, 127)).ToArray();
        Goldilocks[] F(long[] v) => v.Select(Goldilocks.FromInt64).ToArray();
        Assert.True(Accepted(F(a), F(b), a, b, y));
        for (int trial = 0; trial < 4; trial++)
        {
            int i = rng.Next(20);
            var a2 = (long[])a.Clone();
            a2[i] = a2[i] == 127 ? 126 : a2[i] + 1;
            Assert.False(Accepted(F(a), F(b), a2, b, null!), $"a[{i}]");
            var b2 = (long[])b.Clone();
            b2[i] = b2[i] == -128 ? -127 : b2[i] - 1;
            Assert.False(Accepted(F(a), F(b), a, b2, null!), $"b[{i}]");
        }
    }
}
