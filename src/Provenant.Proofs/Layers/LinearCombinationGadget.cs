using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Layers;

/// <summary>
/// Elementwise affine layers (add, subtract, scale, add a constant): because the multilinear extension is linear,
/// Z̃(r) = Σ_i c_i·X̃_i(r) + c·valid(r) holds at every point, so no sumcheck is needed. The prover sends X̃_i(r) for every
/// input; the verifier checks the identity (O(m + n)) and returns the claims X̃_i(r) = v_i. Exact, no soundness error of
/// its own.
/// </summary>
public static class LinearCombinationGadget
{
    /// <summary>Proves the claim on Z given the inputs' padded tables (each of length 2^n of the layout).</summary>
    /// <exception cref="ArgumentException">The number of tables or coefficients differs from the inputs, or a length is wrong.</exception>
    public static LayerProverOutput<GoldilocksExt2[]> Prove(LinearCombinationStatement statement, IReadOnlyList<Goldilocks[]> inputs,
        EvaluationClaim output, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(output);
        if (inputs.Count != statement.Inputs.Length || statement.Coefficients.Length != statement.Inputs.Length)
            throw new ArgumentException("LinearCombination: inputs, tables and coefficients differ in number.");
        if (output.Point.Length != statement.Layout.VariableCount) throw new ArgumentException("LinearCombination: claim point has the wrong length.");
        var eq = EqPolynomial.Table<GoldilocksExt2>(output.Point);
        var values = new GoldilocksExt2[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            var t = inputs[i];
            if (t.Length != eq.Length) throw new ArgumentException($"LinearCombination: table {i} has {t.Length} values, expected {eq.Length}.");
            var acc = GoldilocksExt2.Zero;
            for (int b = 0; b < t.Length; b++) acc += eq[b] * t[b];
            values[i] = acc;
        }
        transcript.Absorb<GoldilocksExt2>("linear/values", values);
        return new LayerProverOutput<GoldilocksExt2[]>(values, Claims(statement, output.Point, values));
    }

    /// <summary>Verifies the sent input values against the output claim; never throws on a malformed proof.</summary>
    public static ClaimReduction Verify(LinearCombinationStatement statement, EvaluationClaim output, GoldilocksExt2[]? values, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(output);
        if (values is null || values.Length != statement.Inputs.Length || statement.Coefficients.Length != values.Length)
            return ClaimReduction.Rejected($"linear: expected {statement.Inputs.Length} input values");
        if (output.Point is null || output.Point.Length != statement.Layout.VariableCount) return ClaimReduction.Rejected("linear: claim point has the wrong length");
        transcript.Absorb<GoldilocksExt2>("linear/values", values);
        var z = statement.Constant.IsZero ? GoldilocksExt2.Zero : statement.Layout.ValidityAt(output.Point) * statement.Constant;
        for (int i = 0; i < values.Length; i++) z += values[i] * statement.Coefficients[i];
        if (z != output.Value) return ClaimReduction.Rejected("linear: Σ c_i·X̃_i(r) + c differs from the output claim");
        return ClaimReduction.Reduced(Claims(statement, output.Point, values));
    }

    private static EvaluationClaim[] Claims(LinearCombinationStatement s, GoldilocksExt2[] point, GoldilocksExt2[] values)
    {
        var claims = new EvaluationClaim[values.Length];
        for (int i = 0; i < values.Length; i++) claims[i] = new EvaluationClaim(s.Inputs[i], point, values[i]);
        return claims;
    }
}
