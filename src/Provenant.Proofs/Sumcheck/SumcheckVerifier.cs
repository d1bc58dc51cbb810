using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;

namespace Provenant.Proofs.Sumcheck;

/// <summary>
/// The sumcheck verifier matching <see cref="SumcheckProver"/>: checks g_j(0) + g_j(1) against the running claim
/// (the claimed sum first, then g_{j−1}(r_{j−1})), absorbs the round, draws r_j, and returns the reduced claim
/// g(f(r)) = g_{n−1}(r_{n−1}) for the caller to check. O(n·d) field operations; never throws on a malformed proof.
/// </summary>
/// <remarks>
/// Soundness (Thaler §4.1, Schwartz–Zippel): if the claimed sum is wrong, a prover passes the reduced check with
/// probability at most n·d/|F| = n·d/p^2 ≈ n·d·2^−128 over the extension-field challenges.
/// </remarks>
public static class SumcheckVerifier
{
    /// <summary>Largest degree and variable count accepted (anything larger is rejected, not allocated).</summary>
    public const int MaxDegree = 64, MaxVariables = 48;

    /// <summary>
    /// Verifies <paramref name="proof"/> for Σ_{b ∈ {0,1}^<paramref name="variableCount"/>} g(f(b)) =
    /// <paramref name="claimedSum"/> with g of degree <paramref name="degree"/>, absorbing exactly what the prover absorbed.
    /// </summary>
    /// <returns>The reduced claim (point r and the value g(f(r)) must equal), or a rejection with its reason.</returns>
    public static SumcheckSubclaim Verify(GoldilocksExt2 claimedSum, int degree, int variableCount, SumcheckProof? proof, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        if (degree < 1 || degree > MaxDegree) return SumcheckSubclaim.Rejected($"sumcheck: degree {degree} outside [1, {MaxDegree}]");
        if (variableCount < 0 || variableCount > MaxVariables) return SumcheckSubclaim.Rejected($"sumcheck: {variableCount} variables outside [0, {MaxVariables}]");
        if (proof?.Rounds is null) return SumcheckSubclaim.Rejected("sumcheck: proof missing");
        if (proof.Rounds.Length != variableCount)
            return SumcheckSubclaim.Rejected($"sumcheck: {proof.Rounds.Length} rounds, expected {variableCount}");
        transcript.Absorb("sumcheck/shape", ((ulong)variableCount << 32) | (uint)degree);
        transcript.Absorb("sumcheck/claim", claimedSum);
        var interpolation = new RoundPolynomial(degree);
        var point = new GoldilocksExt2[variableCount];
        var current = claimedSum;
        for (int j = 0; j < variableCount; j++)
        {
            var evals = proof.Rounds[j];
            if (evals is null || evals.Length != degree + 1)
                return SumcheckSubclaim.Rejected($"sumcheck: round {j} has {evals?.Length ?? 0} values, expected {degree + 1}");
            if (evals[0] + evals[1] != current)
                return SumcheckSubclaim.Rejected($"sumcheck: round {j}: g({j})(0) + g({j})(1) differs from the claim");
            transcript.Absorb<GoldilocksExt2>("sumcheck/round", evals);
            var r = transcript.ChallengeExt("sumcheck/challenge");
            point[j] = r;
            current = interpolation.Evaluate(evals, r);
        }
        return SumcheckSubclaim.Reduced(point, current);
    }
}
