using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Tests.Layers;

public class ElementwiseGadgetTests
{
    private static readonly TensorLayout Layout = new(3, 5, 6);

    private static GoldilocksExt2 Mle(Goldilocks[] padded, GoldilocksExt2[] r) => MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(padded, r, x => x);

    private static Goldilocks[] Changed(Goldilocks[] v, int i)
    {
        var c = (Goldilocks[])v.Clone();
        c[i] += Goldilocks.One;
        return c;
    }

    private static bool AffineAccepted(LinearCombinationStatement s, Goldilocks[] z, Goldilocks[][] proverInputs, ClaimOracle oracle)
    {
        var pt = new Transcript("t");
        var r = pt.ChallengeExtVector("r", Layout.VariableCount);
        var claim = new EvaluationClaim("z", r, Mle(Layout.Pad(z), r));
        var proof = LinearCombinationGadget.Prove(s, proverInputs.Select(v => Layout.Pad(v)).ToArray(), claim, pt).Proof;
        var vt = new Transcript("t");
        var red = LinearCombinationGadget.Verify(s, claim with { Point = vt.ChallengeExtVector("r", Layout.VariableCount) }, proof, vt);
        return red.IsValid && oracle.AllHold(red.Claims);
    }

    [Fact]
    public void Affine_layer_add_scale_and_constant_verifies_and_rejects_single_changes()
    {
        var rng = new Random(31);
        int count = (int)Layout.ElementCount;
        var x = TestField.SmallVector(rng, count, -128, 128);
        var y = TestField.SmallVector(rng, count, -128, 128);
        // z = 3x − y + 5
        var s = new LinearCombinationStatement(["x", "y"], [3u, Goldilocks.FromInt64(-1)], 5u, Layout);
        var z = new Goldilocks[count];
        for (int i = 0; i < count; i++) z[i] = x[i] * (Goldilocks)3u - y[i] + (Goldilocks)5u;
        var oracle = new ClaimOracle().Add("x", Layout.Pad(x)).Add("y", Layout.Pad(y));
        Assert.True(AffineAccepted(s, z, [x, y], oracle));
        for (int i = 0; i < count; i += 7)
        {
            Assert.False(AffineAccepted(s, Changed(z, i), [x, y], oracle), $"output {i}");
            Assert.False(AffineAccepted(s, z, [Changed(x, i), y], oracle), $"x {i}");
            Assert.False(AffineAccepted(s, z, [x, Changed(y, i)], oracle), $"y {i}");
        }
        var vt = new Transcript("t");
        Assert.False(LinearCombinationGadget.Verify(s, new EvaluationClaim("z", vt.ChallengeExtVector("r", Layout.VariableCount), GoldilocksExt2.One), [GoldilocksExt2.One], vt).IsValid);
        Assert.False(LinearCombinationGadget.Verify(s, new EvaluationClaim("z", [], GoldilocksExt2.One), null, vt).IsValid);
    }

    private static bool HadamardAccepted(Goldilocks[] z, Goldilocks[] px, Goldilocks[] py, ClaimOracle oracle, Func<HadamardProof, HadamardProof>? tamper = null)
    {
        var pt = new Transcript("t");
        var r = pt.ChallengeExtVector("r", Layout.VariableCount);
        var claim = new EvaluationClaim("z", r, Mle(Layout.Pad(z), r));
        var proof = HadamardGadget.Prove("x", "y", Layout.Pad(px), Layout.Pad(py), claim, pt).Proof;
        var vt = new Transcript("t");
        var red = HadamardGadget.Verify("x", "y", claim with { Point = vt.ChallengeExtVector("r", Layout.VariableCount) }, tamper is null ? proof : tamper(proof), vt);
        return red.IsValid && oracle.AllHold(red.Claims);
    }

    [Fact]
    public void Elementwise_product_verifies_and_rejects_single_changes()
    {
        var rng = new Random(32);
        int count = (int)Layout.ElementCount;
        var x = TestField.SmallVector(rng, count, -128, 128);
        var y = TestField.SmallVector(rng, count, -128, 128);
        var z = x.Zip(y, (a, b) => a * b).ToArray();
        var oracle = new ClaimOracle().Add("x", Layout.Pad(x)).Add("y", Layout.Pad(y));
        Assert.True(HadamardAccepted(z, x, y, oracle));
        for (int i = 0; i < count; i += 5)
        {
            Assert.False(HadamardAccepted(Changed(z, i), x, y, oracle), $"output {i}");
            Assert.False(HadamardAccepted(z, Changed(x, i), y, oracle), $"x {i}");
            Assert.False(HadamardAccepted(z, x, Changed(y, i), oracle), $"y {i}");
        }
        Assert.False(HadamardAccepted(z, x, y, oracle, p => p with { XValue = p.YValue }));
        Assert.False(HadamardAccepted(z, x, y, oracle, _ => null!));
        Assert.False(HadamardAccepted(z, x, y, oracle, p => p with { Sumcheck = new([[GoldilocksExt2.One]]) }));
    }

    [Fact]
    public void Several_claims_on_one_tensor_batch_into_one()
    {
        var rng = new Random(33);
        var f = TestField.SmallVector(rng, 64, -1000, 1000);
        var oracle = new ClaimOracle().Add("f", f);
        foreach (int m in new[] { 1, 2, 5 })
        {
            var points = Enumerable.Range(0, m).Select(_ => TestField.ExtVector(rng, 6)).ToArray();
            var claims = points.Select(p => new EvaluationClaim("f", p, Mle(f, p))).ToList();
            bool Run(IReadOnlyList<EvaluationClaim> proverClaims, IReadOnlyList<EvaluationClaim> verifierClaims, Goldilocks[] table)
            {
                var proof = ClaimBatching.Prove("f", table, proverClaims, new Transcript("b")).Proof;
                var red = ClaimBatching.Verify("f", 6, verifierClaims, proof, new Transcript("b"));
                return red.IsValid && red.Claims.Count == 1 && oracle.AllHold(red.Claims);
            }
            Assert.True(Run(claims, claims, f));
            for (int i = 0; i < m; i++)
            {
                var wrong = claims.ToList();
                wrong[i] = wrong[i] with { Value = wrong[i].Value + GoldilocksExt2.One };
                Assert.False(Run(wrong, wrong, f), $"claim {i} of {m}");
            }
            // A prover that batches a changed tensor fails the final claim.
            if (m > 1) Assert.False(Run(claims, claims, Changed(f, rng.Next(64))));
        }
        Assert.False(ClaimBatching.Verify("f", 6, [], new ClaimBatchProof(new([]), GoldilocksExt2.One), new Transcript("b")).IsValid);
        Assert.False(ClaimBatching.Verify("f", 6, [new EvaluationClaim("f", [], GoldilocksExt2.One)], null, new Transcript("b")).IsValid);
    }

    [Fact]
    public void Layout_padding_and_validity_match_the_definitions()
    {
        var rng = new Random(34);
        var layout = new TensorLayout(3, 5, 6);
        Assert.Equal(2 + 3 + 3, layout.VariableCount);
        var ones = Enumerable.Repeat(Goldilocks.One, (int)layout.ElementCount).ToArray();
        var r = TestField.ExtVector(rng, layout.VariableCount);
        Assert.Equal(Mle(layout.Pad(ones), r), layout.ValidityAt(r));
        for (long count = 0; count <= 8; count++)
        {
            var rr = TestField.ExtVector(rng, 3);
            var eq = EqPolynomial.Table<GoldilocksExt2>(rr);
            var expected = GoldilocksExt2.Zero;
            for (int i = 0; i < count; i++) expected += eq[i];
            Assert.Equal(expected, TensorLayout.PrefixEqSum(rr, count));
        }
        Assert.Equal(1 * 64 + 2 * 8 + 3, layout.PaddedIndex(1 * 30 + 2 * 6 + 3));
    }
}
