using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Lookups;

/// <summary>
/// One logUp argument (Haböck 2022; GKR fraction trees of Papini–Haböck 2023, <see cref="FractionTree"/>) for lookups
/// into several one-column tables at once: every looked-up element and every table row is tagged with its table's
/// number, so element w of an input of table i must occur as row (T_i[j], i) of the tagged union of the tables. One
/// pair of fraction trees replaces one pair per table, which shrinks the proof by the GKR layers of all but one table.
/// </summary>
/// <remarks>
/// <para>Tags: table i of the list (0-based) has tag i + 1. Compression: (value, tag) ↦ value + γ·tag, γ ← transcript.</para>
/// <para>Looked-up side: each input gets a slot of 2^(n_i) leaves (n_i its layout's variables) in the packed order of the
/// advice and weight layouts (slots sorted by size, descending and stable, each at an offset that is a multiple of its
/// size), N_w = ⌈log2 Σ 2^(n_i)⌉ variables in all. Leaf b of input i's slot is (1, β − (w_i(b) + γ·tag_i)) at real
/// elements and (0, 1) elsewhere. The verifier's leaf formula below equals 1 − w_i(b) at a padding position, so a tensor
/// with a non-zero padding value is rejected (as by <see cref="LogUp"/>). At the leaf point r the verifier computes, with z_i = eq(r[n_i..], bits(offset_i / 2^(n_i))) and V_i the
/// input's real-element indicator, p̃_w(r) = Σ_i z_i·V_i(r[..n_i]) and
/// q̃_w(r) = (β − 1)·p̃_w(r) − Σ_i z_i·(w̃_i(r[..n_i]) + γ·tag_i·V_i(r[..n_i])) + 1, in O(inputs·N_w).</para>
/// <para>Table side: the tables are packed the same way (slot 2^(t_i) for table i of t_i variables), N_t variables; leaf j
/// of table i's slot is (−m_i(j), β − (T_i[j] + γ·tag_i)) at real rows, (−m_i(j), 1) elsewhere, (0, 1) outside the slots,
/// where m_i is table i's own multiplicity vector (2^(t_i) entries, committed separately, so no packing padding reaches
/// the commitment). With z_i and the prefix indicator S_i(r') = Σ_{j &lt; |T_i|} eq(r'[..t_i], j): the prover sends
/// μ_i = m̃_i(r'[..t_i]) per table, the verifier checks p̃_t(r') = −Σ_i z_i·μ_i and
/// q̃_t(r') = (β − 1)·Σ_i z_i·S_i − Σ_i z_i·(T̃_i(r'[..t_i]) + γ·tag_i·S_i) + 1 (O(t_i) per range table).</para>
/// <para>Soundness: as <see cref="LogUp"/> (the rational identity in β has degree ≤ N + L, N looked-up elements, L rows),
/// plus 1/p² for the compression with γ (a tagged pair collides with another only where (w − T) + γ·(tag − tag') = 0),
/// plus the two GKRs' Σ_ℓ (3ℓ + 2)/p² each.</para>
/// </remarks>
public static class TaggedLogUp
{
    /// <summary>Most tables one argument may join.</summary>
    public const int MaxTables = 255;

    /// <summary>The looked-up side's variable count N_w for inputs of these layouts.</summary>
    public static int WitnessVariables(IReadOnlyList<LookupInput> inputs) => Pack(inputs.Select(i => i.Layout.VariableCount).ToArray()).Variables;

    /// <summary>The table side's variable count N_t (the multiplicity vector has 2^(N_t) entries).</summary>
    public static int TableVariables(IReadOnlyList<LookupTable> tables) => Pack(tables.Select(t => t.VariableCount).ToArray()).Variables;

    /// <summary>
    /// Counts, per table, how often each row occurs among the real elements of that table's inputs (one vector of
    /// 2^(t_i) entries per table); <paramref name="missing"/> receives the number of real elements not in their table
    /// (an honest prover has none).
    /// </summary>
    /// <param name="tables">The one-column tables, tag = index + 1.</param>
    /// <param name="tableOf">For each input, the index of its table.</param>
    /// <param name="inputs">The looked-up tensors (one column each).</param>
    /// <param name="columns">Per input, its padded values (length 2^(n_i)).</param>
    /// <param name="missing">Real elements not found in their table.</param>
    /// <exception cref="ArgumentException">The arguments do not fit together (see <see cref="Prove"/>).</exception>
    public static Goldilocks[][] Multiplicities(IReadOnlyList<LookupTable> tables, IReadOnlyList<int> tableOf, IReadOnlyList<LookupInput> inputs,
        IReadOnlyList<Goldilocks[]> columns, out long missing)
    {
        CheckArguments(tables, tableOf, inputs, columns);
        var counts = tables.Select(t => new long[1L << t.VariableCount]).ToArray();
        missing = 0;
        for (int s = 0; s < inputs.Count; s++)
        {
            var table = tables[tableOf[s]];
            var mask = inputs[s].Layout.ValidMask();
            var c = columns[s];
            for (int b = 0; b < mask.Length; b++)
            {
                if (!mask[b]) continue;
                int row = table.IndexOf(c[b], Goldilocks.Zero);
                if (row < 0) missing++;
                else counts[tableOf[s]][row]++;
            }
        }
        return [.. counts.Select(c => c.Select(v => Goldilocks.FromUInt64((ulong)v)).ToArray())];
    }

    /// <summary>
    /// Proves that every real element of every input occurs in its table, with the per-table multiplicity vectors
    /// <paramref name="multiplicities"/> (<see cref="Multiplicities"/>; committed or absorbed by the caller before).
    /// </summary>
    /// <param name="tables">One-column tables (1 … <see cref="MaxTables"/>), tag = index + 1.</param>
    /// <param name="multiplicityNames">Per table, the tensor name for the claim on its multiplicity vector.</param>
    /// <param name="tableOf">For each input, the index of its table.</param>
    /// <param name="inputs">The looked-up tensors (one column each).</param>
    /// <param name="columns">Per input, its padded values (length 2^(n_i)).</param>
    /// <param name="multiplicities">Per table, its 2^(t_i) multiplicities.</param>
    /// <param name="transcript">The transcript.</param>
    /// <returns>The proof and the claims on every input and on every table's multiplicities.</returns>
    /// <exception cref="ArgumentException">No tables or inputs, a table of two columns, a table index out of range, or lengths that do not match.</exception>
    public static LayerProverOutput<TaggedLogUpProof> Prove(IReadOnlyList<LookupTable> tables, IReadOnlyList<string> multiplicityNames, IReadOnlyList<int> tableOf,
        IReadOnlyList<LookupInput> inputs, IReadOnlyList<Goldilocks[]> columns, IReadOnlyList<Goldilocks[]> multiplicities, Transcript transcript)
    {
        CheckArguments(tables, tableOf, inputs, columns);
        ArgumentNullException.ThrowIfNull(multiplicityNames);
        ArgumentNullException.ThrowIfNull(multiplicities);
        if (multiplicityNames.Count != tables.Count || multiplicities.Count != tables.Count
            || Enumerable.Range(0, tables.Count).Any(i => multiplicities[i]?.Length != 1 << tables[i].VariableCount))
            throw new ArgumentException("TaggedLogUp: one multiplicity name and one vector of 2^(t_i) entries per table are required.");
        var (inputOffsets, nw) = Pack(inputs.Select(i => i.Layout.VariableCount).ToArray());
        var (tableOffsets, nt) = Pack(tables.Select(t => t.VariableCount).ToArray());
        var (beta, gamma) = Challenges(tables, tableOf, inputs, transcript);

        var wp = new GoldilocksExt2[1L << nw];
        var wq = new GoldilocksExt2[wp.Length];
        Array.Fill(wq, GoldilocksExt2.One);
        for (int s = 0; s < inputs.Count; s++)
        {
            var mask = inputs[s].Layout.ValidMask();
            var c = columns[s];
            var shift = beta - gamma * Tag(tableOf[s]);
            long o = inputOffsets[s];
            for (int b = 0; b < mask.Length; b++)
            {
                if (!mask[b]) continue;
                wp[o + b] = GoldilocksExt2.One;
                wq[o + b] = shift - c[b];
            }
        }
        var tp = new GoldilocksExt2[1L << nt];
        var tq = new GoldilocksExt2[tp.Length];
        Array.Fill(tq, GoldilocksExt2.One);
        for (int i = 0; i < tables.Count; i++)
        {
            for (int j = 0; j < multiplicities[i].Length; j++) tp[tableOffsets[i] + j] = -(GoldilocksExt2)multiplicities[i][j];
            var column = tables[i].Column(0);
            var shift = beta - gamma * Tag(i);
            for (int j = 0; j < column.Length; j++) tq[tableOffsets[i] + j] = shift - column[j];
        }
        var witnessTree = FractionTree.Build(wp, wq);
        var tableTree = FractionTree.Build(tp, tq);
        GoldilocksExt2[] roots = [witnessTree[0].P[0], witnessTree[0].Q[0], tableTree[0].P[0], tableTree[0].Q[0]];
        transcript.Absorb<GoldilocksExt2>("logup-tagged/roots", roots);

        var (witnessLayers, rw) = FractionTree.Prove(witnessTree, transcript);
        var values = new GoldilocksExt2[inputs.Count];
        for (int s = 0; s < inputs.Count; s++)
            values[s] = MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(columns[s], rw.AsSpan(0, inputs[s].Layout.VariableCount), static v => v);
        transcript.Absorb<GoldilocksExt2>("logup-tagged/witness-values", values);

        var (tableLayers, rt) = FractionTree.Prove(tableTree, transcript);
        var mValues = new GoldilocksExt2[tables.Count];
        for (int i = 0; i < mValues.Length; i++)
            mValues[i] = MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(multiplicities[i], rt.AsSpan(0, tables[i].VariableCount), static v => v);
        transcript.Absorb<GoldilocksExt2>("logup-tagged/multiplicities", mValues);
        var proof = new TaggedLogUpProof(roots, witnessLayers, tableLayers, values, mValues);
        return new LayerProverOutput<TaggedLogUpProof>(proof, Claims(multiplicityNames, tables, inputs, rw, rt, values, mValues));
    }

    /// <summary>
    /// Verifies a tagged lookup proof; on success returns the claims on every looked-up tensor and on the multiplicity
    /// vector, which the caller must check (openings). Never throws on a malformed proof.
    /// </summary>
    /// <param name="tables">The tables (as for <see cref="Prove"/>).</param>
    /// <param name="multiplicityNames">Per table, the tensor name for the claim on its multiplicity vector.</param>
    /// <param name="tableOf">For each input, the index of its table.</param>
    /// <param name="inputs">The looked-up tensors.</param>
    /// <param name="proof">The prover's messages.</param>
    /// <param name="transcript">The transcript.</param>
    public static ClaimReduction Verify(IReadOnlyList<LookupTable> tables, IReadOnlyList<string> multiplicityNames, IReadOnlyList<int> tableOf,
        IReadOnlyList<LookupInput> inputs, TaggedLogUpProof? proof, Transcript transcript)
    {
        if (Problem(tables, tableOf, inputs) is { } problem) return ClaimReduction.Rejected("tagged logup: " + problem);
        if (multiplicityNames is null || multiplicityNames.Count != tables.Count) return ClaimReduction.Rejected("tagged logup: one multiplicity name per table is required");
        if (proof?.Roots is null || proof.Roots.Length != 4 || proof.WitnessValues is null || proof.WitnessValues.Length != inputs.Count
            || proof.MultiplicityValues is null || proof.MultiplicityValues.Length != tables.Count)
            return ClaimReduction.Rejected("tagged logup: proof missing or malformed");
        var (inputOffsets, nw) = Pack(inputs.Select(i => i.Layout.VariableCount).ToArray());
        var (tableOffsets, nt) = Pack(tables.Select(t => t.VariableCount).ToArray());
        var (beta, gamma) = Challenges(tables, tableOf, inputs, transcript);
        GoldilocksExt2 pw = proof.Roots[0], qw = proof.Roots[1], pt = proof.Roots[2], qt = proof.Roots[3];
        if (qw.IsZero || qt.IsZero) return ClaimReduction.Rejected("tagged logup: a root denominator is zero");
        if (pw * qt + pt * qw != GoldilocksExt2.Zero) return ClaimReduction.Rejected("tagged logup: Σ 1/(β − w) differs from Σ m/(β − T)");
        transcript.Absorb<GoldilocksExt2>("logup-tagged/roots", proof.Roots);

        var (error, rw, leafP, leafQ) = FractionTree.Verify(pw, qw, nw, proof.WitnessLayers, transcript);
        if (error is not null) return ClaimReduction.Rejected("tagged logup: looked-up side: " + error);
        GoldilocksExt2 validSum = GoldilocksExt2.Zero, valueSum = GoldilocksExt2.Zero;
        for (int s = 0; s < inputs.Count; s++)
        {
            var layout = inputs[s].Layout;
            var z = SlotEq(rw, inputOffsets[s], layout.VariableCount);
            var valid = layout.ValidityAt(rw.AsSpan(0, layout.VariableCount));
            validSum += z * valid;
            valueSum += z * (proof.WitnessValues[s] + gamma * Tag(tableOf[s]) * valid);
        }
        if (leafP != validSum) return ClaimReduction.Rejected("tagged logup: looked-up numerators are not the real-element indicator");
        if (leafQ != (beta - GoldilocksExt2.One) * validSum - valueSum + GoldilocksExt2.One)
            return ClaimReduction.Rejected("tagged logup: looked-up denominators disagree with the tensor values");
        transcript.Absorb<GoldilocksExt2>("logup-tagged/witness-values", proof.WitnessValues);

        var (tableError, rt, tableP, tableQ) = FractionTree.Verify(pt, qt, nt, proof.TableLayers, transcript);
        if (tableError is not null) return ClaimReduction.Rejected("tagged logup: table side: " + tableError);
        transcript.Absorb<GoldilocksExt2>("logup-tagged/multiplicities", proof.MultiplicityValues);
        GoldilocksExt2 rowSum = GoldilocksExt2.Zero, rowValues = GoldilocksExt2.Zero, counts = GoldilocksExt2.Zero;
        for (int i = 0; i < tables.Count; i++)
        {
            var own = rt.AsSpan(0, tables[i].VariableCount);
            var z = SlotEq(rt, tableOffsets[i], own.Length);
            var valid = TensorLayout.PrefixEqSum(own, tables[i].Length);
            rowSum += z * valid;
            rowValues += z * (tables[i].EvaluateColumn(0, own) + gamma * Tag(i) * valid);
            counts += z * proof.MultiplicityValues[i];
        }
        if (tableP != -counts) return ClaimReduction.Rejected("tagged logup: table numerators disagree with the multiplicity values");
        if (tableQ != (beta - GoldilocksExt2.One) * rowSum - rowValues + GoldilocksExt2.One)
            return ClaimReduction.Rejected("tagged logup: table denominators disagree with the tables");
        return ClaimReduction.Reduced(Claims(multiplicityNames, tables, inputs, rw, rt, proof.WitnessValues, proof.MultiplicityValues));
    }

    private static Goldilocks Tag(int table) => Goldilocks.FromUInt64((ulong)table + 1);

    /// <summary>eq(point[vars..], bits(offset >> vars)): the slot selector of a slot of 2^vars entries at <paramref name="offset"/>.</summary>
    private static GoldilocksExt2 SlotEq(GoldilocksExt2[] point, long offset, int vars)
    {
        var acc = GoldilocksExt2.One;
        long index = offset >> vars;
        for (int j = vars; j < point.Length; j++, index >>= 1) acc *= (index & 1) != 0 ? point[j] : GoldilocksExt2.One - point[j];
        return acc;
    }

    /// <summary>Slot offsets (sorted by size descending, stable; each a multiple of its size) and the total variable count.</summary>
    private static (long[] Offsets, int Variables) Pack(int[] variables)
    {
        var offsets = new long[variables.Length];
        long next = 0;
        foreach (int i in Enumerable.Range(0, variables.Length).OrderByDescending(i => variables[i]).ThenBy(i => i))
        {
            offsets[i] = next;
            next += 1L << variables[i];
        }
        return (offsets, MultilinearExtension.VariableCount(Math.Max(next, 1)));
    }

    private static (GoldilocksExt2 Beta, GoldilocksExt2 Gamma) Challenges(IReadOnlyList<LookupTable> tables, IReadOnlyList<int> tableOf,
        IReadOnlyList<LookupInput> inputs, Transcript transcript)
    {
        transcript.Absorb("logup-tagged/tables", (ulong)tables.Count);
        foreach (var t in tables)
        {
            transcript.Absorb("logup-tagged/table", System.Text.Encoding.UTF8.GetBytes(t.Name));
            transcript.Absorb("logup-tagged/table-length", (ulong)t.Length);
        }
        transcript.Absorb("logup-tagged/inputs", (ulong)inputs.Count);
        for (int s = 0; s < inputs.Count; s++) transcript.Absorb("logup-tagged/input", ((ulong)tableOf[s] << 32) | (uint)inputs[s].Layout.VariableCount);
        return (transcript.ChallengeExt("logup-tagged/beta"), transcript.ChallengeExt("logup-tagged/gamma"));
    }

    private static EvaluationClaim[] Claims(IReadOnlyList<string> multiplicityNames, IReadOnlyList<LookupTable> tables, IReadOnlyList<LookupInput> inputs,
        GoldilocksExt2[] rw, GoldilocksExt2[] rt, GoldilocksExt2[] values, GoldilocksExt2[] mValues)
    {
        var claims = new List<EvaluationClaim>(inputs.Count + tables.Count);
        for (int s = 0; s < inputs.Count; s++) claims.Add(new EvaluationClaim(inputs[s].Columns[0], rw[..inputs[s].Layout.VariableCount], values[s]));
        for (int i = 0; i < tables.Count; i++) claims.Add(new EvaluationClaim(multiplicityNames[i], rt[..tables[i].VariableCount], mValues[i]));
        return [.. claims];
    }

    private static string? Problem(IReadOnlyList<LookupTable>? tables, IReadOnlyList<int>? tableOf, IReadOnlyList<LookupInput>? inputs)
    {
        if (tables is null || tableOf is null || inputs is null) return "tables, table indices and inputs are required";
        if (tables.Count == 0 || tables.Count > MaxTables) return $"{tables.Count} tables, expected 1 … {MaxTables}";
        if (inputs.Count == 0 || tableOf.Count != inputs.Count) return "no inputs, or not one table index per input";
        if (tables.Any(t => t is null || t.Width != 1)) return "every table must have one column";
        for (int s = 0; s < inputs.Count; s++)
        {
            if (tableOf[s] < 0 || tableOf[s] >= tables.Count) return $"input {s} names table {tableOf[s]} of {tables.Count}";
            if (inputs[s]?.Columns is not { Length: 1 } || inputs[s].Layout is null) return $"input {s} does not have one column";
        }
        return null;
    }

    private static void CheckArguments(IReadOnlyList<LookupTable> tables, IReadOnlyList<int> tableOf, IReadOnlyList<LookupInput> inputs, IReadOnlyList<Goldilocks[]> columns)
    {
        if (Problem(tables, tableOf, inputs) is { } problem) throw new ArgumentException("TaggedLogUp: " + problem);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count != inputs.Count) throw new ArgumentException($"TaggedLogUp: {columns.Count} column tables for {inputs.Count} inputs.");
        for (int s = 0; s < inputs.Count; s++)
        {
            if (columns[s]?.Length != inputs[s].Layout.PaddedLength)
                throw new ArgumentException($"TaggedLogUp: input {s} has {columns[s]?.Length ?? 0} values, expected {inputs[s].Layout.PaddedLength}.");
        }
    }
}
