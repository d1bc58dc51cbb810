using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// Shared steps of the gadgets that commit one tensor per column over a row layout (<see cref="SoftmaxProtocol"/>,
/// <see cref="LayerNormProtocol"/>): evaluating committed tables at a point, the point of one column of X, the powers
/// of a batching challenge, and the verifier's side of the zero-check over the row layout.
/// </summary>
internal static class RowColumns
{
    /// <summary>Each advice table's multilinear extension at <paramref name="point"/>.</summary>
    public static GoldilocksExt2[] At(ProverTables tables, LayerProtocol owner, AdviceTensor[] advice, GoldilocksExt2[] point) =>
        [.. advice.Select(a => MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(tables.Advice(owner, a), point, static g => g))];

    /// <summary>The point of column <paramref name="column"/> at row point <paramref name="rho"/>: the column's bits (0/1), then ρ.</summary>
    public static GoldilocksExt2[] ColumnPoint(int column, int columnBits, GoldilocksExt2[] rho)
    {
        var point = new GoldilocksExt2[columnBits + rho.Length];
        for (int b = 0; b < columnBits; b++) point[b] = ((column >> b) & 1) == 1 ? GoldilocksExt2.One : GoldilocksExt2.Zero;
        rho.CopyTo(point, columnBits);
        return point;
    }

    /// <summary>
    /// The verifier's side of a gadget's zero-check step: takes the step (one sumcheck, one final value per table of
    /// <paramref name="zero"/>), verifies Σ_x eq(τ, x)·C(tables(x), trailing(x)) = 0 over <paramref name="variables"/>
    /// row variables, absorbs the final values under <paramref name="label"/>, requires
    /// C(eq(τ, r), finals, trailing(r)) to equal the sumcheck's reduced claim at its point r, and adds the claims on the
    /// tables at r to <paramref name="claims"/>.
    /// </summary>
    /// <param name="steps">The proof's remaining steps; this one is taken from them.</param>
    /// <param name="transcript">The Fiat–Shamir transcript, at the state the prover's zero-check started from.</param>
    /// <param name="constraint">C, built from the same transcript challenges as the prover's.</param>
    /// <param name="tau">The zero-check point τ (row variables).</param>
    /// <param name="zero">The committed tables C reads, in the order of the step's final values.</param>
    /// <param name="variables">The number of row variables.</param>
    /// <param name="label">The transcript label of the final values.</param>
    /// <param name="what">The layer, for messages.</param>
    /// <param name="claims">Where the claims on <paramref name="zero"/> at r are added.</param>
    /// <typeparam name="TConstraint">The constraint's type.</typeparam>
    /// <param name="trailing">Values the verifier computes itself at r and appends after the finals (for example the
    /// real-row indicator); empty for none.</param>
    /// <param name="failure">What the rejection says when C disagrees with the reduced claim.</param>
    /// <returns>Null when the step holds, else why it is rejected (naming <paramref name="what"/>).</returns>
    public static string? VerifyZeroCheck<TConstraint>(StepQueue steps, Transcript transcript, TConstraint constraint, GoldilocksExt2[] tau,
        AdviceTensor[] zero, int variables, string label, string what, string failure, Func<GoldilocksExt2[], GoldilocksExt2[]> trailing,
        List<EvaluationClaim> claims)
        where TConstraint : ISumcheckFunction
    {
        var step = steps.Take(1, zero.Length, what, out var reason);
        if (step is null) return reason;
        var sub = SumcheckVerifier.Verify(GoldilocksExt2.Zero, constraint.Degree, variables, step.Sumchecks[0], transcript);
        if (!sub.IsValid) return $"{what}: zero-check: {sub.Reason}";
        var finals = step.Values.ToArray();
        transcript.Absorb<GoldilocksExt2>(label, finals);
        if (constraint.Evaluate([EqPolynomial.Evaluate<GoldilocksExt2>(tau, sub.Point), .. finals, .. trailing(sub.Point)]) != sub.ExpectedValue)
            return $"{what}: {failure}";
        claims.AddRange(zero.Select((a, i) => new EvaluationClaim(a.Name, sub.Point, finals[i])));
        return null;
    }

    /// <summary>1, γ, …, γ^(count − 1).</summary>
    public static GoldilocksExt2[] Powers(GoldilocksExt2 gamma, int count)
    {
        var powers = new GoldilocksExt2[count];
        powers[0] = GoldilocksExt2.One;
        for (int i = 1; i < count; i++) powers[i] = powers[i - 1] * gamma;
        return powers;
    }
}
