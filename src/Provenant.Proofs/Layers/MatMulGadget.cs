using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Layers;

/// <summary>
/// Thaler's matrix-multiplication sumcheck ("Time-optimal interactive proofs for circuit evaluation", 2013, §5;
/// "Proofs, Arguments, and Zero-Knowledge" §4.4) reducing a claim C̃(r_r, r_c) = v on C = (A − z)·B + 1⊗bias to claims
/// on Ã, B̃ and bias̃.
/// </summary>
/// <remarks>
/// <para>With the per-axis padded layouts of <see cref="TensorLayout"/> (columns in the low variables, r = r_c ‖ r_r)
/// and S_M(r_r) = Σ_{i&lt;M} eq(r_r, i) (the real rows):
/// C̃(r_r, r_c) = Σ_{k ∈ {0,1}^{log K}} [Ã(r_r, k) − z·S_M(r_r)]·B̃(k, r_c) + S_M(r_r)·bias̃(r_c).
/// The prover sends bias̃(r_c), runs the sumcheck (degree 2, ⌈log2 K⌉ rounds) on the tables Ã(r_r, ·) − z·S_M and
/// B̃(·, r_c), then sends a = Ã(r_r, r_k) and b = B̃(r_k, r_c); the verifier checks (a − z·S_M(r_r))·b against the reduced
/// claim. Prover: O(M·K + K·N) to bind the row and column variables (eq tables and one pass over each matrix), plus
/// O(K) for the sumcheck — linear in the matrix sizes. Verifier: O(log M + log N + log K). Soundness error 2·⌈log2 K⌉/p^2.</para>
/// </remarks>
public static class MatMulGadget
{
    /// <summary>
    /// Proves the output claim for C = (A − z)·B + bias. <paramref name="a"/> is row-major [M, K], <paramref name="b"/>
    /// row-major as stored, <paramref name="bias"/> of length N or empty.
    /// </summary>
    /// <exception cref="ArgumentException">Operand lengths do not match the statement, or the claim's point has the wrong length.</exception>
    public static LayerProverOutput<MatMulProof> Prove(MatMulStatement statement, ReadOnlySpan<Goldilocks> a, ReadOnlySpan<Goldilocks> b,
        ReadOnlySpan<Goldilocks> bias, EvaluationClaim output, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(output);
        int m = statement.Rows, k = statement.Inner, n = statement.Columns;
        if (a.Length != (long)m * k || b.Length != (long)k * n || (statement.Bias is null ? bias.Length != 0 : bias.Length != n))
            throw new ArgumentException($"MatMul: operand lengths {a.Length}, {b.Length}, {bias.Length} do not match [{m},{k}]·[{k},{n}].");
        var (rc, rr) = SplitPoint(statement, output.Point) ?? throw new ArgumentException("MatMul: output claim point has the wrong length.");
        var eqRows = EqPolynomial.Table<GoldilocksExt2>(rr);
        var eqCols = EqPolynomial.Table<GoldilocksExt2>(rc);
        var rowSum = TensorLayout.PrefixEqSum(rr, m);
        int kPadded = 1 << MultilinearExtension.VariableCount(k);

        var biasValue = GoldilocksExt2.Zero;
        for (int j = 0; j < bias.Length; j++) biasValue += eqCols[j] * bias[j];
        transcript.Absorb("matmul/bias", biasValue);

        // Ã(r_r, k) − z·S_M(r_r) and B̃(k, r_c) as tables over k.
        var aRow = new GoldilocksExt2[kPadded];
        for (int i = 0; i < m; i++)
        {
            var e = eqRows[i];
            var row = a.Slice(i * k, k);
            for (int j = 0; j < k; j++) aRow[j] += e * row[j];
        }
        var offset = rowSum * Goldilocks.FromInt64(statement.AZeroPoint);
        if (!offset.IsZero)
        {
            for (int j = 0; j < kPadded; j++) aRow[j] -= offset;
        }
        var bCol = new GoldilocksExt2[kPadded];
        if (statement.WeightsTransposed)
        {
            for (int c = 0; c < n; c++)
            {
                var e = eqCols[c];
                var row = b.Slice(c * k, k);
                for (int j = 0; j < k; j++) bCol[j] += e * row[j];
            }
        }
        else
        {
            for (int j = 0; j < k; j++)
            {
                var row = b.Slice(j * n, n);
                var acc = GoldilocksExt2.Zero;
                for (int c = 0; c < n; c++) acc += eqCols[c] * row[c];
                bCol[j] = acc;
            }
        }
        var result = SumcheckProver.Prove([aRow, bCol], new ProductFunction(2), transcript);
        var aValue = result.FinalEvaluations[0] + offset;
        var bValue = result.FinalEvaluations[1];
        transcript.Absorb<GoldilocksExt2>("matmul/openings", [aValue, bValue]);
        var proof = new MatMulProof(biasValue, result.Proof, aValue, bValue);
        return new LayerProverOutput<MatMulProof>(proof, Claims(statement, rc, rr, result.Point, proof));
    }

    /// <summary>
    /// Verifies <paramref name="proof"/> against the output claim; on success returns the claims on A, B and (when present)
    /// the bias. Never throws on a malformed proof.
    /// </summary>
    public static ClaimReduction Verify(MatMulStatement statement, EvaluationClaim output, MatMulProof? proof, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(output);
        if (proof is null) return ClaimReduction.Rejected("matmul: proof missing");
        if (output.Point is null || SplitPoint(statement, output.Point) is not var (rc, rr))
            return ClaimReduction.Rejected("matmul: output claim point has the wrong length");
        if (statement.Bias is null && !proof.BiasValue.IsZero) return ClaimReduction.Rejected("matmul: bias value sent for a product without bias");
        var rowSum = TensorLayout.PrefixEqSum(rr, statement.Rows);
        transcript.Absorb("matmul/bias", proof.BiasValue);
        var sub = SumcheckVerifier.Verify(output.Value - rowSum * proof.BiasValue, 2, MultilinearExtension.VariableCount(statement.Inner), proof.Sumcheck, transcript);
        if (!sub.IsValid) return ClaimReduction.Rejected("matmul: " + sub.Reason);
        transcript.Absorb<GoldilocksExt2>("matmul/openings", [proof.AValue, proof.BValue]);
        var offset = rowSum * Goldilocks.FromInt64(statement.AZeroPoint);
        if ((proof.AValue - offset) * proof.BValue != sub.ExpectedValue)
            return ClaimReduction.Rejected("matmul: (Ã(r) − z)·B̃(r) differs from the sumcheck's reduced claim");
        return ClaimReduction.Reduced([.. Claims(statement, rc, rr, sub.Point, proof)]);
    }

    private static (GoldilocksExt2[] Columns, GoldilocksExt2[] Rows)? SplitPoint(MatMulStatement s, GoldilocksExt2[] point)
    {
        int nBits = MultilinearExtension.VariableCount(s.Columns), mBits = MultilinearExtension.VariableCount(s.Rows);
        if (point.Length != nBits + mBits) return null;
        return (point[..nBits], point[nBits..]);
    }

    private static EvaluationClaim[] Claims(MatMulStatement s, GoldilocksExt2[] rc, GoldilocksExt2[] rr, GoldilocksExt2[] rk, MatMulProof proof)
    {
        var aClaim = new EvaluationClaim(s.A, [.. rk, .. rr], proof.AValue);
        var bClaim = new EvaluationClaim(s.B, s.WeightsTransposed ? [.. rk, .. rc] : [.. rc, .. rk], proof.BValue);
        return s.Bias is null ? [aClaim, bClaim] : [aClaim, bClaim, new EvaluationClaim(s.Bias, rc, proof.BiasValue)];
    }
}
