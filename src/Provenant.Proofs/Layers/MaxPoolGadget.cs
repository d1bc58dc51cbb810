using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Layers;

/// <summary>
/// Max-pooling as comparisons: with committed differences d_j = Y − X_j (one per window element), Y = max_j X_j iff every
/// d_j ∈ [0, 2^bits) (range checks, <see cref="MaxPoolStatement.LookupObligations"/>) and Π_j d_j = 0 (Y is one of them).
/// </summary>
/// <remarks>
/// Given the claim Ỹ(r) = v, the prover sends d̃_j(r); the verifier derives the claims X̃(embed_j(r)) = v − d̃_j(r) on the
/// input (window element j's bits fixed, see <see cref="MaxPoolStatement"/>). The product constraint is a zero-check at the
/// same random r (the d_j are committed before r is drawn): 0 = Σ_b eq(r, b)·Π_j d_j(b), a sumcheck of degree k + 1 over
/// the output's n variables, ending in claims d̃_j(ρ). Soundness error (n + (k + 1)·n)/p^2; prover O(k·2^n), verifier O(k·n).
/// The k claims on X (and two per d_j) are to be batched by the caller (<see cref="ClaimBatching"/>).
/// </remarks>
public static class MaxPoolGadget
{
    /// <summary>The difference tensors' padded tables (output layout) from X and Y (row-major int values as field elements).</summary>
    /// <exception cref="ArgumentException">Lengths do not match the statement.</exception>
    public static Goldilocks[][] Differences(MaxPoolStatement statement, ReadOnlySpan<Goldilocks> x, ReadOnlySpan<Goldilocks> y)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var outLayout = statement.OutputLayout;
        if (x.Length != statement.InputLayout.ElementCount || y.Length != outLayout.ElementCount) throw new ArgumentException("MaxPool: operand lengths do not match the statement.");
        var d = new Goldilocks[statement.WindowSize][];
        for (int j = 0; j < d.Length; j++) d[j] = new Goldilocks[outLayout.PaddedLength];
        for (long f = 0; f < y.Length; f++)
        {
            int b = outLayout.PaddedIndex(f);
            for (int j = 0; j < d.Length; j++) d[j][b] = y[(int)f] - x[(int)statement.InputIndex(f, j)];
        }
        return d;
    }

    /// <summary>Proves the claim on Y given the (committed) difference tables.</summary>
    /// <exception cref="ArgumentException">Table count or lengths do not match, or the claim point has the wrong length.</exception>
    public static LayerProverOutput<MaxPoolProof> Prove(MaxPoolStatement statement, Goldilocks[][] differences, EvaluationClaim output, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(differences);
        ArgumentNullException.ThrowIfNull(output);
        int k = statement.WindowSize;
        if (differences.Length != k || output.Point.Length != statement.OutputLayout.VariableCount) throw new ArgumentException("MaxPool: shapes do not match.");
        var atClaim = new GoldilocksExt2[k];
        var tables = new GoldilocksExt2[k][];
        for (int j = 0; j < k; j++)
        {
            if (differences[j].Length != 1L << output.Point.Length) throw new ArgumentException("MaxPool: difference table length.");
            atClaim[j] = MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(differences[j], output.Point, static v => v);
            tables[j] = HadamardGadget.Embed(differences[j]);
        }
        transcript.Absorb<GoldilocksExt2>("maxpool/differences", atClaim);
        var result = SumcheckProver.ProveWithEq(output.Point, tables, new ProductFunction(k + 1), transcript);
        var atPoint = result.FinalEvaluations[1..];
        transcript.Absorb<GoldilocksExt2>("maxpool/openings", atPoint);
        var proof = new MaxPoolProof(atClaim, result.Proof, atPoint);
        return new LayerProverOutput<MaxPoolProof>(proof, Claims(statement, output, result.Point, proof));
    }

    /// <summary>Verifies; on success returns the claims on X (one per window element) and on every d_j (at r and at ρ). Never throws on a malformed proof.</summary>
    public static ClaimReduction Verify(MaxPoolStatement statement, EvaluationClaim output, MaxPoolProof? proof, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(output);
        int k = statement.WindowSize, n = statement.OutputLayout.VariableCount;
        if (output.Point is null || output.Point.Length != n) return ClaimReduction.Rejected("maxpool: claim point has the wrong length");
        if (proof?.DifferencesAtClaim is null || proof.DifferencesAtPoint is null || proof.DifferencesAtClaim.Length != k || proof.DifferencesAtPoint.Length != k)
            return ClaimReduction.Rejected("maxpool: proof missing or malformed");
        transcript.Absorb<GoldilocksExt2>("maxpool/differences", proof.DifferencesAtClaim);
        var sub = SumcheckVerifier.Verify(GoldilocksExt2.Zero, k + 1, n, proof.ZeroCheck, transcript);
        if (!sub.IsValid) return ClaimReduction.Rejected("maxpool: " + sub.Reason);
        transcript.Absorb<GoldilocksExt2>("maxpool/openings", proof.DifferencesAtPoint);
        var product = EqPolynomial.Evaluate<GoldilocksExt2>(output.Point, sub.Point);
        foreach (var d in proof.DifferencesAtPoint) product *= d;
        if (product != sub.ExpectedValue) return ClaimReduction.Rejected("maxpool: Π_j d_j does not vanish (the output is not one of the window's elements)");
        return ClaimReduction.Reduced(Claims(statement, output, sub.Point, proof));
    }

    private static EvaluationClaim[] Claims(MaxPoolStatement s, EvaluationClaim output, GoldilocksExt2[] rho, MaxPoolProof proof)
    {
        var claims = new List<EvaluationClaim>();
        for (int j = 0; j < s.WindowSize; j++) claims.Add(new EvaluationClaim(s.Input, s.InputPoint(output.Point, j), output.Value - proof.DifferencesAtClaim[j]));
        for (int j = 0; j < s.WindowSize; j++)
        {
            claims.Add(new EvaluationClaim(s.Difference(j), output.Point, proof.DifferencesAtClaim[j]));
            claims.Add(new EvaluationClaim(s.Difference(j), rho, proof.DifferencesAtPoint[j]));
        }
        return [.. claims];
    }
}
