using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Tests.Polynomials;

public class MultilinearExtensionTests
{
    private static GoldilocksExt2 E(Random rng) =>
        new(Goldilocks.FromUInt64((ulong)rng.NextInt64()), Goldilocks.FromUInt64((ulong)rng.NextInt64()));

    [Fact]
    public void EvaluationAgreesWithTheEqTableAndTheHypercube()
    {
        var rng = new Random(7);
        for (int n = 0; n <= 6; n++)
        {
            var f = Enumerable.Range(0, (1 << n) - (n > 2 ? 3 : 0)).Select(_ => Goldilocks.FromUInt64((ulong)rng.NextInt64())).ToArray();
            var r = Enumerable.Range(0, n).Select(_ => E(rng)).ToArray();
            var eq = EqPolynomial.Table<GoldilocksExt2>(r);
            GoldilocksExt2 viaTable = GoldilocksExt2.Zero;
            for (int b = 0; b < f.Length; b++) viaTable += eq[b] * f[b];
            Assert.Equal(viaTable, MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(f, r, x => x));
            // On hypercube points the extension returns the stored value (variable i = bit i).
            for (int b = 0; b < f.Length; b++)
            {
                var point = Enumerable.Range(0, n).Select(i => (GoldilocksExt2)(((b >> i) & 1) == 1 ? Goldilocks.One : Goldilocks.Zero)).ToArray();
                Assert.Equal((GoldilocksExt2)f[b], MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(f, point, x => x));
                Assert.Equal(eq[b], EqPolynomial.Evaluate<GoldilocksExt2>(point, r));
            }
        }
    }

    [Fact]
    public void EqTableSumsToOneAndIsMultilinearInEachCoordinate()
    {
        var rng = new Random(11);
        var r = Enumerable.Range(0, 5).Select(_ => E(rng)).ToArray();
        var table = EqPolynomial.Table<GoldilocksExt2>(r);
        GoldilocksExt2 sum = GoldilocksExt2.Zero;
        foreach (var t in table) sum += t;
        Assert.Equal(GoldilocksExt2.One, sum);
    }

    [Fact]
    public void VariableCountAndBadShapes()
    {
        Assert.Equal(0, MultilinearExtension.VariableCount(1));
        Assert.Equal(3, MultilinearExtension.VariableCount(5));
        Assert.Equal(3, MultilinearExtension.VariableCount(8));
        Assert.Throws<ArgumentException>(() => MultilinearExtension.Evaluate<Goldilocks>(new Goldilocks[5], new Goldilocks[2]));
        Assert.Throws<ArgumentException>(() => EqPolynomial.Evaluate<Goldilocks>(new Goldilocks[2], new Goldilocks[3]));
    }
}
