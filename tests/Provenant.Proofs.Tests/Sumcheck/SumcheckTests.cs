using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Tests.Sumcheck;

public class SumcheckTests
{
    /// <summary>g(a, b, c) = a·b + 3c + a·b·c (degree 3): a function that is neither a pure product nor linear.</summary>
    private readonly struct Mixed : ISumcheckFunction
    {
        public int Degree => 3;

        public GoldilocksExt2 Evaluate(ReadOnlySpan<GoldilocksExt2> v) => v[0] * v[1] + v[2] * (Goldilocks)3u + v[0] * v[1] * v[2];
    }

    private static GoldilocksExt2 NaiveSum<TF>(GoldilocksExt2[][] tables, TF f) where TF : ISumcheckFunction
    {
        var sum = GoldilocksExt2.Zero;
        var v = new GoldilocksExt2[tables.Length];
        for (int b = 0; b < tables[0].Length; b++)
        {
            for (int t = 0; t < tables.Length; t++) v[t] = tables[t][b];
            sum += f.Evaluate(v);
        }
        return sum;
    }

    private static GoldilocksExt2[][] Copy(GoldilocksExt2[][] t) => t.Select(x => (GoldilocksExt2[])x.Clone()).ToArray();

    private static (SumcheckProverResult Result, GoldilocksExt2[][] Tables) ProveRandom<TF>(Random rng, int n, int k, TF f) where TF : ISumcheckFunction
    {
        var tables = Enumerable.Range(0, k).Select(_ => TestField.ExtVector(rng, 1 << n)).ToArray();
        var result = SumcheckProver.Prove(Copy(tables), f, new Transcript("test/sumcheck"));
        return (result, tables);
    }

    private static bool Accepts<TF>(SumcheckProof proof, GoldilocksExt2 sum, int n, TF f, GoldilocksExt2[][] tables) where TF : ISumcheckFunction
    {
        var sub = SumcheckVerifier.Verify(sum, f.Degree, n, proof, new Transcript("test/sumcheck"));
        if (!sub.IsValid) return false;
        // The final check: the verifier evaluates the tables itself (here: directly from the MLEs).
        var finals = tables.Select(t => MultilinearExtension.Evaluate<GoldilocksExt2>(t, sub.Point)).ToArray();
        return f.Evaluate(finals) == sub.ExpectedValue;
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(5, 1)]
    [InlineData(7, 2)]
    [InlineData(13, 3)]
    public void Honest_product_proofs_verify_and_final_evaluations_are_the_mles_at_the_point(int n, int k)
    {
        var rng = new Random(100 + n);
        var f = new ProductFunction(k);
        var (result, tables) = ProveRandom(rng, n, k, f);
        Assert.Equal(NaiveSum(tables, f), result.ClaimedSum);
        Assert.Equal(n, result.Proof.Rounds.Length);
        for (int t = 0; t < k; t++) Assert.Equal(MultilinearExtension.Evaluate<GoldilocksExt2>(tables[t], result.Point), result.FinalEvaluations[t]);
        Assert.True(Accepts(result.Proof, result.ClaimedSum, n, f, tables));
        var sub = SumcheckVerifier.Verify(result.ClaimedSum, k, n, result.Proof, new Transcript("test/sumcheck"));
        Assert.Equal(result.Point, sub.Point);
        Assert.Equal(f.Evaluate(result.FinalEvaluations), sub.ExpectedValue);
    }

    [Fact]
    public void Honest_degree_three_mixed_function_verifies()
    {
        var rng = new Random(5);
        var (result, tables) = ProveRandom(rng, 6, 3, new Mixed());
        Assert.Equal(NaiveSum(tables, new Mixed()), result.ClaimedSum);
        Assert.True(Accepts(result.Proof, result.ClaimedSum, 6, new Mixed(), tables));
    }

    [Fact]
    public void A_wrong_claimed_sum_is_rejected()
    {
        var rng = new Random(6);
        for (int trial = 0; trial < 20; trial++)
        {
            int n = rng.Next(0, 7);
            var (result, tables) = ProveRandom(rng, n, 2, new ProductFunction(2));
            Assert.False(Accepts(result.Proof, TestField.Other(rng, result.ClaimedSum), n, new ProductFunction(2), tables));
        }
    }

    [Fact]
    public void Every_single_changed_round_value_is_rejected()
    {
        var rng = new Random(7);
        const int n = 5;
        var f = new Mixed();
        var (result, tables) = ProveRandom(rng, n, 3, f);
        for (int j = 0; j < n; j++)
        {
            for (int x = 0; x <= f.Degree; x++)
            {
                var bad = result.Proof.DeepCopy();
                bad.Rounds[j][x] = TestField.Other(rng, bad.Rounds[j][x]);
                Assert.False(Accepts(bad, result.ClaimedSum, n, f, tables), $"round {j} value {x}");
            }
        }
    }

    [Fact]
    public void A_consistent_forgery_of_a_wrong_sum_fails_the_final_check()
    {
        // The cheating prover adjusts g_0(1) so the first check passes; the reduced claim is then wrong.
        var rng = new Random(8);
        var f = new ProductFunction(2);
        var (result, tables) = ProveRandom(rng, 4, 2, f);
        var wrongSum = TestField.Other(rng, result.ClaimedSum);
        var bad = result.Proof.DeepCopy();
        bad.Rounds[0][1] = wrongSum - bad.Rounds[0][0];
        Assert.False(Accepts(bad, wrongSum, 4, f, tables));
    }

    [Fact]
    public void Malformed_proofs_are_rejected_with_a_reason_and_never_throw()
    {
        var rng = new Random(9);
        var (result, _) = ProveRandom(rng, 3, 2, new ProductFunction(2));
        var cases = new (SumcheckProof? Proof, int Degree, int Vars)[]
        {
            (null, 2, 3),
            (new SumcheckProof(null!), 2, 3),
            (new SumcheckProof([]), 2, 3),
            (new SumcheckProof([null!, null!, null!]), 2, 3),
            (new SumcheckProof([[GoldilocksExt2.One], [GoldilocksExt2.One], [GoldilocksExt2.One]]), 2, 3),
            (result.Proof, 3, 3),
            (result.Proof, 2, 4),
            (result.Proof, 0, 3),
            (result.Proof, 2, -1),
            (result.Proof, 100000, 3),
            (result.Proof, 2, int.MaxValue),
        };
        foreach (var (proof, degree, vars) in cases)
        {
            var sub = SumcheckVerifier.Verify(result.ClaimedSum, degree, vars, proof, new Transcript("test/sumcheck"));
            Assert.False(sub.IsValid);
            Assert.NotEmpty(sub.Reason);
        }
    }

    [Fact]
    public void A_proof_is_bound_to_its_transcript()
    {
        var rng = new Random(10);
        var f = new ProductFunction(2);
        var (result, tables) = ProveRandom(rng, 4, 2, f);
        var sub = SumcheckVerifier.Verify(result.ClaimedSum, 2, 4, result.Proof, new Transcript("test/other"));
        Assert.True(!sub.IsValid || f.Evaluate(tables.Select(t => MultilinearExtension.Evaluate<GoldilocksExt2>(t, sub.Point)).ToArray()) != sub.ExpectedValue);
    }

    [Fact]
    public void Round_polynomial_interpolation_agrees_with_direct_evaluation()
    {
        var rng = new Random(11);
        for (int d = 0; d <= 6; d++)
        {
            var coeffs = TestField.ExtVector(rng, d + 1);
            GoldilocksExt2 Eval(GoldilocksExt2 x)
            {
                var acc = GoldilocksExt2.Zero;
                for (int i = d; i >= 0; i--) acc = acc * x + coeffs[i];
                return acc;
            }
            var values = Enumerable.Range(0, d + 1).Select(i => Eval(Goldilocks.FromUInt64((ulong)i))).ToArray();
            var poly = new RoundPolynomial(d);
            var x = TestField.Ext(rng);
            Assert.Equal(Eval(x), poly.Evaluate(values, x));
            Assert.Equal(values[d], poly.Evaluate(values, Goldilocks.FromUInt64((ulong)d)));
        }
    }

    [Fact]
    public void Large_tables_use_the_parallel_path_and_give_the_same_proof()
    {
        var rng = new Random(12);
        const int n = 14;
        var f = new ProductFunction(2);
        var (result, tables) = ProveRandom(rng, n, 2, f);
        Assert.Equal(NaiveSum(tables, f), result.ClaimedSum);
        Assert.True(Accepts(result.Proof, result.ClaimedSum, n, f, tables));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(13)]
    public void The_eq_factored_prover_sends_exactly_the_generic_provers_messages(int n)
    {
        var rng = new Random(200 + n);
        var r = TestField.ExtVector(rng, n);
        var a = TestField.ExtVector(rng, 1 << n);
        var b = TestField.ExtVector(rng, 1 << n);
        var c = TestField.ExtVector(rng, 1 << n);
        var eq = EqPolynomial.Table<GoldilocksExt2>(r);
        var generic = SumcheckProver.Prove([eq, (GoldilocksExt2[])a.Clone(), (GoldilocksExt2[])b.Clone(), (GoldilocksExt2[])c.Clone()], new ProductFunction(4), new Transcript("t"));
        var factored = SumcheckProver.ProveWithEq(r, [a, b, c], new ProductFunction(4), new Transcript("t"));
        Assert.Equal(generic.ClaimedSum, factored.ClaimedSum);
        Assert.Equal(generic.Point, factored.Point);
        Assert.Equal(generic.FinalEvaluations, factored.FinalEvaluations);
        Assert.Equal(generic.Proof.Rounds.Length, factored.Proof.Rounds.Length);
        for (int j = 0; j < n; j++) Assert.Equal(generic.Proof.Rounds[j], factored.Proof.Rounds[j]);
    }
}
