using Provenant.Proofs.Field;

namespace Provenant.Proofs.Sumcheck;

/// <summary>
/// The prover's messages of one sumcheck: for every round j (variable j, lowest first) the round polynomial
/// g_j(X) = Σ_{b_{j+1..n−1}} g(r_0, …, r_{j−1}, X, b_{j+1}, …) of degree ≤ d, sent as its d + 1 values
/// g_j(0), g_j(1), …, g_j(d).
/// </summary>
/// <param name="Rounds">One array of d + 1 evaluations per variable; n arrays for n variables (none for n = 0).</param>
public sealed record SumcheckProof(GoldilocksExt2[][] Rounds)
{
    /// <summary>Number of field elements in the proof (n·(d + 1)).</summary>
    public int ElementCount
    {
        get
        {
            int n = 0;
            foreach (var r in Rounds) n += r?.Length ?? 0;
            return n;
        }
    }

    /// <summary>A deep copy (tests mutate copies).</summary>
    public SumcheckProof DeepCopy()
    {
        var rounds = new GoldilocksExt2[Rounds.Length][];
        for (int i = 0; i < rounds.Length; i++) rounds[i] = (GoldilocksExt2[])Rounds[i].Clone();
        return new SumcheckProof(rounds);
    }
}
