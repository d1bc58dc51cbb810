using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Lookups;

/// <summary>
/// logUp lookups (Haböck, "Multivariate lookups based on logarithmic derivatives", 2022, Lemma 5): the real elements w_j of
/// the looked-up tensors all occur in the table T, with multiplicities m_i, iff
/// Σ_j 1/(β − w_j) = Σ_i m_i/(β − T_i) as rational functions of β; tuples are compressed as w = w_0 + γ·w_1.
/// Both fractional sums are proven with the GKR fraction tree of <see cref="FractionTree"/> (the "logUp-GKR" variant), so
/// the only prover-chosen data is the multiplicity vector, which the caller must commit to (or absorb) before calling
/// <see cref="Prove"/>, like every other advice tensor looked up here.
/// </summary>
/// <remarks>
/// <para>Looked-up side: the inputs are stacked, each padded to 2^m (m = the largest input's variable count), their number
/// padded to 2^s; leaf (i, b) is (1, β − w_i(b)) at real elements and (0, 1) elsewhere. Table side: leaf i is
/// (−m_i, β − T_i) for real rows, (0, 1) for padding. The prover sends both roots; the verifier checks Q_w ≠ 0, Q_t ≠ 0 and
/// P_w·Q_t + P_t·Q_w = 0, runs both GKRs to the leaves and checks the leaf claims against
/// p̃_w(r) = Σ_i eq(r_hi, i)·Z_i(r)·V_i(r), q̃_w(r) = (β − 1)·p̃_w(r) − Σ_i eq(r_hi, i)·Z_i(r)·Σ_c γ^c·w̃_{i,c}(r) + 1
/// (V_i the real-element indicator of input i's layout, Z_i = Π_{j ≥ n_i} (1 − r_j)), and p̃_t(r') = −m̃(r'),
/// q̃_t(r') = (β − 1)·S_L(r') − Σ_c γ^c·T̃_c(r') + 1, returning the claims w̃_{i,c}(r) and m̃(r').</para>
/// <para>Soundness: a value outside the table survives with probability ≤ (N + L)/p^2 over β (the rational identity
/// becomes a polynomial identity of degree ≤ N + L after clearing denominators), plus the two GKRs' errors and, for two
/// columns, 1/p^2 for γ. Multiplicities are field elements; N &lt; p rules out wrap-around (Haböck §2).</para>
/// </remarks>
public static class LogUp
{
    /// <summary>
    /// Counts how often each table row occurs among the inputs' real elements; <paramref name="missing"/> receives the
    /// number of real elements not in the table (an honest prover has none).
    /// </summary>
    /// <exception cref="ArgumentException">Tables do not match the inputs' layouts or the table width.</exception>
    public static Goldilocks[] Multiplicities(LookupTable table, IReadOnlyList<LookupInput> inputs, IReadOnlyList<Goldilocks[][]> columns, out long missing)
    {
        CheckInputs(table, inputs, columns);
        var counts = new long[table.Length];
        missing = 0;
        for (int s = 0; s < inputs.Count; s++)
        {
            var mask = inputs[s].Layout.ValidMask();
            var c0 = columns[s][0];
            var c1 = table.Width > 1 ? columns[s][1] : null;
            for (int b = 0; b < mask.Length; b++)
            {
                if (!mask[b]) continue;
                int row = table.IndexOf(c0[b], c1 is null ? Goldilocks.Zero : c1[b]);
                if (row < 0) missing++;
                else counts[row]++;
            }
        }
        var m = new Goldilocks[counts.Length];
        for (int i = 0; i < m.Length; i++) m[i] = Goldilocks.FromUInt64((ulong)counts[i]);
        return m;
    }

    /// <summary>
    /// Proves that every real element of the inputs occurs in <paramref name="table"/>, with multiplicities
    /// <paramref name="multiplicities"/> (length = table rows, already committed/absorbed by the caller).
    /// </summary>
    /// <param name="table">The public table.</param>
    /// <param name="multiplicityName">Tensor name for the claim on the multiplicity vector.</param>
    /// <param name="inputs">The looked-up tensors (one name per table column).</param>
    /// <param name="columns">Per input, per column: the padded table (length 2^n of the input's layout).</param>
    /// <param name="multiplicities">m_i for every table row.</param>
    /// <param name="transcript">The transcript.</param>
    /// <exception cref="ArgumentException">Shapes do not match.</exception>
    public static LayerProverOutput<LogUpProof> Prove(LookupTable table, string multiplicityName, IReadOnlyList<LookupInput> inputs,
        IReadOnlyList<Goldilocks[][]> columns, ReadOnlySpan<Goldilocks> multiplicities, Transcript transcript)
    {
        CheckInputs(table, inputs, columns);
        if (multiplicities.Length != table.Length) throw new ArgumentException($"LogUp: {multiplicities.Length} multiplicities for {table.Length} rows.");
        var (beta, gamma) = Challenges(table, inputs, transcript);
        int m = MaxVariables(inputs), sBits = MultilinearExtension.VariableCount(inputs.Count);

        // Looked-up side.
        var wp = new GoldilocksExt2[1 << (m + sBits)];
        var wq = new GoldilocksExt2[wp.Length];
        Array.Fill(wq, GoldilocksExt2.One);
        for (int s = 0; s < inputs.Count; s++)
        {
            var mask = inputs[s].Layout.ValidMask();
            var c0 = columns[s][0];
            var c1 = table.Width > 1 ? columns[s][1] : null;
            int baseIndex = s << m;
            for (int b = 0; b < mask.Length; b++)
            {
                if (!mask[b]) continue;
                var w = c1 is null ? (GoldilocksExt2)c0[b] : gamma * c1[b] + c0[b];
                wp[baseIndex + b] = GoldilocksExt2.One;
                wq[baseIndex + b] = beta - w;
            }
        }
        // Table side.
        int t = table.VariableCount;
        var tp = new GoldilocksExt2[1 << t];
        var tq = new GoldilocksExt2[1 << t];
        Array.Fill(tq, GoldilocksExt2.One);
        for (int i = 0; i < table.Length; i++)
        {
            var row = table.Width > 1 ? gamma * table.Column(1)[i] + table.Column(0)[i] : (GoldilocksExt2)table.Column(0)[i];
            tp[i] = -(GoldilocksExt2)multiplicities[i];
            tq[i] = beta - row;
        }
        var witnessTree = FractionTree.Build(wp, wq);
        var tableTree = FractionTree.Build(tp, tq);
        GoldilocksExt2[] roots = [witnessTree[0].P[0], witnessTree[0].Q[0], tableTree[0].P[0], tableTree[0].Q[0]];
        transcript.Absorb<GoldilocksExt2>("logup/roots", roots);

        var (witnessLayers, rw) = FractionTree.Prove(witnessTree, transcript);
        var values = new GoldilocksExt2[inputs.Count][];
        for (int s = 0; s < inputs.Count; s++)
        {
            var own = rw.AsSpan(0, inputs[s].Layout.VariableCount);
            values[s] = new GoldilocksExt2[table.Width];
            for (int c = 0; c < table.Width; c++) values[s][c] = MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(columns[s][c], own, static v => v);
        }
        transcript.Absorb<GoldilocksExt2>("logup/witness-values", Flatten(values));

        var (tableLayers, rt) = FractionTree.Prove(tableTree, transcript);
        var mValue = MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(multiplicities, rt, static v => v);
        transcript.Absorb("logup/multiplicity", mValue);
        var proof = new LogUpProof(roots, witnessLayers, tableLayers, values, mValue);
        return new LayerProverOutput<LogUpProof>(proof, Claims(multiplicityName, inputs, rw, rt, values, mValue));
    }

    /// <summary>
    /// Verifies a lookup proof; on success returns the claims on every looked-up column tensor and on the multiplicity
    /// vector, which the caller must check (commitment openings or further reductions). Never throws on a malformed proof.
    /// </summary>
    public static ClaimReduction Verify(LookupTable table, string multiplicityName, IReadOnlyList<LookupInput> inputs, LogUpProof? proof, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0) return ClaimReduction.Rejected("logup: no inputs");
        foreach (var input in inputs)
        {
            if (input?.Columns is null || input.Layout is null || input.Columns.Length != table.Width)
                return ClaimReduction.Rejected($"logup: an input does not have {table.Width} column(s)");
        }
        if (proof?.Roots is null || proof.Roots.Length != 4 || proof.WitnessValues is null || proof.WitnessValues.Length != inputs.Count)
            return ClaimReduction.Rejected("logup: proof missing or malformed");
        foreach (var v in proof.WitnessValues)
        {
            if (v is null || v.Length != table.Width) return ClaimReduction.Rejected("logup: witness values malformed");
        }
        var (beta, gamma) = Challenges(table, inputs, transcript);
        int m = MaxVariables(inputs), sBits = MultilinearExtension.VariableCount(inputs.Count);
        GoldilocksExt2 pw = proof.Roots[0], qw = proof.Roots[1], pt = proof.Roots[2], qt = proof.Roots[3];
        if (qw.IsZero || qt.IsZero) return ClaimReduction.Rejected("logup: a root denominator is zero");
        if (pw * qt + pt * qw != GoldilocksExt2.Zero) return ClaimReduction.Rejected("logup: Σ 1/(β − w) differs from Σ m/(β − T)");
        transcript.Absorb<GoldilocksExt2>("logup/roots", proof.Roots);

        var (error, rw, leafP, leafQ) = FractionTree.Verify(pw, qw, m + sBits, proof.WitnessLayers, transcript);
        if (error is not null) return ClaimReduction.Rejected("logup: looked-up side: " + error);
        var high = rw.AsSpan(m);
        var eqHigh = EqPolynomial.Table<GoldilocksExt2>(high);
        GoldilocksExt2 validSum = GoldilocksExt2.Zero, valueSum = GoldilocksExt2.Zero;
        for (int s = 0; s < inputs.Count; s++)
        {
            var layout = inputs[s].Layout;
            var own = rw.AsSpan(0, layout.VariableCount);
            var z = eqHigh[s];
            for (int j = layout.VariableCount; j < m; j++) z *= GoldilocksExt2.One - rw[j];
            validSum += z * layout.ValidityAt(own);
            valueSum += z * Compress(proof.WitnessValues[s], gamma);
        }
        if (leafP != validSum) return ClaimReduction.Rejected("logup: looked-up numerators are not the real-element indicator");
        if (leafQ != (beta - GoldilocksExt2.One) * validSum - valueSum + GoldilocksExt2.One)
            return ClaimReduction.Rejected("logup: looked-up denominators disagree with the column values");
        transcript.Absorb<GoldilocksExt2>("logup/witness-values", Flatten(proof.WitnessValues));

        var (tableError, rt, tableP, tableQ) = FractionTree.Verify(pt, qt, table.VariableCount, proof.TableLayers, transcript);
        if (tableError is not null) return ClaimReduction.Rejected("logup: table side: " + tableError);
        transcript.Absorb("logup/multiplicity", proof.MultiplicityValue);
        if (tableP != -proof.MultiplicityValue) return ClaimReduction.Rejected("logup: table numerators disagree with the multiplicity value");
        var rows = new GoldilocksExt2[table.Width];
        for (int c = 0; c < rows.Length; c++) rows[c] = table.EvaluateColumn(c, rt);
        if (tableQ != (beta - GoldilocksExt2.One) * TensorLayout.PrefixEqSum(rt, table.Length) - Compress(rows, gamma) + GoldilocksExt2.One)
            return ClaimReduction.Rejected("logup: table denominators disagree with the table");
        return ClaimReduction.Reduced(Claims(multiplicityName, inputs, rw, rt, proof.WitnessValues, proof.MultiplicityValue));
    }

    private static GoldilocksExt2 Compress(GoldilocksExt2[] values, GoldilocksExt2 gamma) => values.Length > 1 ? values[0] + gamma * values[1] : values[0];

    private static (GoldilocksExt2 Beta, GoldilocksExt2 Gamma) Challenges(LookupTable table, IReadOnlyList<LookupInput> inputs, Transcript transcript)
    {
        transcript.Absorb("logup/table", System.Text.Encoding.UTF8.GetBytes(table.Name));
        transcript.Absorb("logup/shape", ((ulong)table.Length << 32) | (uint)inputs.Count);
        var beta = transcript.ChallengeExt("logup/beta");
        var gamma = table.Width > 1 ? transcript.ChallengeExt("logup/gamma") : GoldilocksExt2.Zero;
        return (beta, gamma);
    }

    private static int MaxVariables(IReadOnlyList<LookupInput> inputs)
    {
        int m = 0;
        foreach (var i in inputs) m = Math.Max(m, i.Layout.VariableCount);
        return m;
    }

    private static GoldilocksExt2[] Flatten(GoldilocksExt2[][] values)
    {
        var list = new List<GoldilocksExt2>();
        foreach (var v in values) list.AddRange(v);
        return [.. list];
    }

    private static EvaluationClaim[] Claims(string multiplicityName, IReadOnlyList<LookupInput> inputs, GoldilocksExt2[] rw, GoldilocksExt2[] rt,
        GoldilocksExt2[][] values, GoldilocksExt2 mValue)
    {
        var claims = new List<EvaluationClaim>();
        for (int s = 0; s < inputs.Count; s++)
        {
            var own = rw[..inputs[s].Layout.VariableCount];
            for (int c = 0; c < inputs[s].Columns.Length; c++) claims.Add(new EvaluationClaim(inputs[s].Columns[c], own, values[s][c]));
        }
        claims.Add(new EvaluationClaim(multiplicityName, rt, mValue));
        return [.. claims];
    }

    private static void CheckInputs(LookupTable table, IReadOnlyList<LookupInput> inputs, IReadOnlyList<Goldilocks[][]> columns)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(columns);
        if (inputs.Count == 0 || inputs.Count != columns.Count) throw new ArgumentException("LogUp: inputs and column tables differ in number (or none).");
        for (int s = 0; s < inputs.Count; s++)
        {
            if (inputs[s].Columns.Length != table.Width || columns[s].Length != table.Width)
                throw new ArgumentException($"LogUp: input {s} needs {table.Width} column(s).");
            foreach (var c in columns[s])
            {
                if (c.Length != inputs[s].Layout.PaddedLength) throw new ArgumentException($"LogUp: input {s} column length {c.Length}, expected {inputs[s].Layout.PaddedLength}.");
            }
        }
    }
}
