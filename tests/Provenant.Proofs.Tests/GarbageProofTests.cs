using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Lookups;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Tests;

/// <summary>Every verifier, fed random proofs of random shapes (nulls, wrong lengths, random values), rejects without throwing.</summary>
public class GarbageProofTests
{
    private static GoldilocksExt2[]? Vector(Random rng, int typical)
    {
        int roll = rng.Next(10);
        if (roll == 0) return null;
        int length = roll == 1 ? 0 : roll < 5 ? typical : rng.Next(0, typical + 3);
        return TestField.ExtVector(rng, length);
    }

    private static SumcheckProof? Sumcheck(Random rng, int rounds, int degree)
    {
        if (rng.Next(12) == 0) return null;
        int n = rng.Next(4) == 0 ? rng.Next(0, rounds + 3) : rounds;
        var r = new GoldilocksExt2[n][];
        for (int i = 0; i < n; i++) r[i] = Vector(rng, degree + 1)!;
        return new SumcheckProof(r);
    }

    private static FractionLayerProof[]? Layers(Random rng, int count)
    {
        if (rng.Next(10) == 0) return null;
        int n = rng.Next(4) == 0 ? rng.Next(0, count + 2) : count;
        var layers = new FractionLayerProof[n];
        for (int l = 0; l < n; l++)
        {
            layers[l] = rng.Next(15) == 0 ? null! : new FractionLayerProof(Sumcheck(rng, l, 3)!, TestField.Ext(rng), TestField.Ext(rng), TestField.Ext(rng), TestField.Ext(rng));
        }
        return layers;
    }

    private static GoldilocksExt2 E(Random rng) => TestField.Ext(rng);

    [Fact]
    public void Random_proofs_are_rejected_with_a_reason_by_every_verifier()
    {
        var rng = new Random(91);
        var mm = new MatMulStatement("a", "b", "bias", 5, 12, 3, true, 2);
        var conv = new ConvStatement("x", "w", "b", [1, 2, 5, 5], 3, 3, 3, 1, 1, 1, 1, 5, 5, 0);
        var rq = new RequantizeStatement("x", "y", new TensorLayout(3, 4), 1, [1 << 30, 1 << 30, 3, 5], [38, 37, 2, 3], 0, -128, 127, 20);
        var pool = new MaxPoolStatement("x", "y", [1, 2, 4, 4], 2, 2);
        var lin = new LinearCombinationStatement(["a", "b"], [1u, 2u], 3u, new TensorLayout(3, 3));
        var table = LookupTable.ForQLookup("t", Enumerable.Range(0, 256).Select(i => (long)(i % 7)).ToArray());
        LookupInput[] lookupInputs = [new(["x", "y"], new TensorLayout(5, 3)), new(["x2", "y2"], new TensorLayout(2))];
        for (int trial = 0; trial < 300; trial++)
        {
            var results = new List<ClaimReduction>();
            var t = new Transcript("garbage");
            var claim4 = new EvaluationClaim("c", rng.Next(8) == 0 ? [] : TestField.ExtVector(rng, 4), E(rng));
            results.Add(MatMulGadget.Verify(mm, claim4 with { Point = TestField.ExtVector(rng, 5) },
                rng.Next(10) == 0 ? null : new MatMulProof(E(rng), Sumcheck(rng, 4, 2)!, E(rng), E(rng)), t));
            results.Add(ConvGadget.Verify(conv, new EvaluationClaim("y", TestField.ExtVector(rng, conv.OutputLayout.VariableCount), E(rng)),
                rng.Next(10) == 0 ? null : new ConvProof(E(rng), Sumcheck(rng, conv.InnerLayout.VariableCount, 2)!, E(rng), E(rng), Sumcheck(rng, conv.InputLayout.VariableCount, 2)!, E(rng)), t));
            results.Add(RequantizeGadget.Verify(rq, new EvaluationClaim("y", TestField.ExtVector(rng, rq.Layout.VariableCount), E(rng)),
                rng.Next(10) == 0 ? null : new RequantizeProof(Sumcheck(rng, rq.Layout.VariableCount, 4)!, Vector(rng, rq.Advice.Count)!), t));
            results.Add(MaxPoolGadget.Verify(pool, new EvaluationClaim("y", TestField.ExtVector(rng, pool.OutputLayout.VariableCount), E(rng)),
                rng.Next(10) == 0 ? null : new MaxPoolProof(Vector(rng, 4)!, Sumcheck(rng, pool.OutputLayout.VariableCount, 5)!, Vector(rng, 4)!), t));
            results.Add(HadamardGadget.Verify("x", "y", claim4, rng.Next(10) == 0 ? null : new HadamardProof(Sumcheck(rng, 4, 3)!, E(rng), E(rng)), t));
            results.Add(LinearCombinationGadget.Verify(lin, new EvaluationClaim("z", TestField.ExtVector(rng, 4), E(rng)), Vector(rng, 2), t));
            results.Add(ClaimBatching.Verify("c", 4, [claim4 with { Point = TestField.ExtVector(rng, 4) }, claim4 with { Point = TestField.ExtVector(rng, 4) }],
                rng.Next(10) == 0 ? null : new ClaimBatchProof(Sumcheck(rng, 4, 2)!, E(rng)), t));
            var witnessValues = rng.Next(10) == 0 ? null : Enumerable.Range(0, rng.Next(1, 4)).Select(_ => Vector(rng, 2)!).ToArray();
            results.Add(LogUp.Verify(table, "m", lookupInputs, rng.Next(10) == 0 ? null
                : new LogUpProof(Vector(rng, 4)!, Layers(rng, 5)!, Layers(rng, 8)!, witnessValues!, E(rng)), t));
            foreach (var r in results)
            {
                Assert.False(r.IsValid);
                Assert.NotEmpty(r.Reason);
            }
        }
    }
}
