using Provenant.Inference.Integer;
using Provenant.Proofs.Circuit;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Lookups;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;
using Provenant.Proofs.Sumcheck;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// QSoftmax exactly as the integer engine computes it (docs/proof-system-layers.md §Softmax). Per row of L elements the
/// prover commits, over the row layout: the maximum M, per column i the difference D_i = M − X_i, the table value
/// E_i = table[D_i], the output Y_i, the remainder R_i = 2·32767·E_i + S − 2·S·Y_i and U_i = 2S − 1 − R_i (both in
/// 16-bit limbs), and the row sum S. Steps: (1) the claim Ỹ(r_row, r_col) = v becomes Σ_i eq(r_col, i)·Ỹ_i(r_row) = v;
/// (2) at a fresh row point ρ the linear relations D_i = M − X_i (a claim on X at (i, ρ)), S = Σ_i E_i and
/// U_i + R_i = 2S − valid are checked on the sent values; (3) a zero-check at a fresh τ of
/// Σ_i γ^i·(2·32767·E_i + S − 2S·Y_i − R_i) + γ^L·Π_i D_i (<see cref="SoftmaxConstraint"/>); (4) a logUp of the pairs
/// (D_i, E_i) in the table {(j, table[j])}; the shared range checks put D_i in [0, 2^8), Y_i in [0, 2^15) and every limb
/// in its width. Integer reading: D_i ≥ 0 and some D_i = 0 make M the row maximum; R_i, U_i ≥ 0 with R_i + U_i = 2S − 1
/// give 0 ≤ R_i &lt; 2S, so Y_i = ⌊(2·32767·E_i + S)/(2S)⌋ = RoundingDivide(32767·E_i, S); no relation can wrap around p.
/// </summary>
internal sealed class SoftmaxProtocol : LayerProtocol
{
    private const int LimbBits = 16;
    private readonly SoftmaxLayer _layer;
    private readonly string _x;
    private readonly TensorLayout _rows;
    private readonly int _columns, _columnBits, _limbs, _topBits;
    private readonly AdviceTensor _max, _sum, _multiplicities;
    private readonly AdviceTensor[] _d, _e, _y, _r, _u;
    private readonly LookupTable _exp;
    private readonly LookupInput[] _lookups;
    private readonly List<(LookupTable, LookupInput)> _rangeChecks = [];
    private Dictionary<string, Goldilocks[]>? _witness;

    private SoftmaxProtocol(SoftmaxLayer layer, InferenceCircuit circuit)
    {
        _layer = layer;
        var x = circuit.Tensors[layer.Inputs[0]];
        var y = circuit.Tensors[layer.Output];
        _x = x.Name;
        _columns = layer.RowLength;
        var xLayout = ProverTables.Layout(x);
        _columnBits = xLayout.AxisBits[^1];
        _rows = x.Shape.Count > 1 ? new TensorLayout([.. x.Shape.Take(x.Shape.Count - 1)]) : new TensorLayout(1);
        long maxTable = layer.Table.Max();
        int bits = MultilinearExtension.VariableCount(2L * _columns * maxTable);
        _limbs = (bits + LimbBits - 1) / LimbBits;
        _topBits = bits - LimbBits * (_limbs - 1);
        string n = y.Name;
        _max = new AdviceTensor($"{n}/softmax-max", _rows);
        _sum = new AdviceTensor($"{n}/softmax-sum", _rows);
        AdviceTensor[] Columns(string kind) => [.. Enumerable.Range(0, _columns).Select(i => new AdviceTensor($"{n}/softmax-{kind}{i}", _rows))];
        AdviceTensor[] Limbs(string kind) =>
            [.. Enumerable.Range(0, _columns * _limbs).Select(j => new AdviceTensor($"{n}/softmax-{kind}{j / _limbs}.{j % _limbs}", _rows))];
        (_d, _e, _y, _r, _u) = (Columns("diff"), Columns("exp"), Columns("out"), Limbs("rem"), Limbs("gap"));
        _exp = LookupTable.Function($"{n}/softmax-table", [.. Enumerable.Range(0, 256).Select(j => Goldilocks.FromInt64(j))],
            [.. layer.Table.Select(Goldilocks.FromInt64)]);
        _multiplicities = new AdviceTensor($"{n}/softmax-table-multiplicities", new TensorLayout(_exp.Length));
        _lookups = [.. Enumerable.Range(0, _columns).Select(i => new LookupInput([_d[i].Name, _e[i].Name], _rows))];
        foreach (var d in _d) _rangeChecks.Add((LookupTable.Range(8), new LookupInput([d.Name], _rows)));
        foreach (var o in _y) _rangeChecks.Add((LookupTable.Range(15), new LookupInput([o.Name], _rows)));
        foreach (var (limb, j) in _r.Concat(_u).Select((a, j) => (a, j)))
            _rangeChecks.Add((LookupTable.Range(j % _limbs == _limbs - 1 ? _topBits : LimbBits), new LookupInput([limb.Name], _rows)));
    }

    /// <summary>The protocol for a QSoftmax whose rows and table keep every relation below p, or null.</summary>
    public static SoftmaxProtocol? Create(SoftmaxLayer layer, InferenceCircuit circuit)
    {
        if (layer.RowLength < 1 || layer.RowLength > 64 || layer.Table.Count != 256 || layer.Table.Any(v => v < 0 || v > 1 << 24)) return null;
        return new SoftmaxProtocol(layer, circuit);
    }

    public override IReadOnlyList<AdviceTensor> Advice => [_max, _sum, .. _d, .. _e, .. _y, .. _r, .. _u, _multiplicities];

    public override IReadOnlyList<(LookupTable Table, LookupInput Input)> RangeChecks => _rangeChecks;

    public override Goldilocks[] AdviceValues(ProverTables tables, AdviceTensor advice)
    {
        if (advice == _multiplicities)
        {
            // Pairs missing from the table (never for an honest witness) are left out; the verifier rejects such a proof.
            return LogUp.Multiplicities(_exp, _lookups, [.. _lookups.Select((_, i) => LookupColumns(tables, i))], out _);
        }
        _witness ??= Witness(tables.Values(_layer.Inputs[0]));
        return (Goldilocks[])_witness[advice.Name].Clone();
    }

    private Goldilocks[][] LookupColumns(ProverTables tables, int i) => [tables.Advice(this, _d[i]), tables.Advice(this, _e[i])];

    /// <summary>Every committed value from X, as the engine computes softmax (<see cref="SoftmaxLayer"/>).</summary>
    private Dictionary<string, Goldilocks[]> Witness(long[] x)
    {
        int rows = (int)_rows.ElementCount, l = _columns;
        var values = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var a in Advice.Where(a => a != _multiplicities)) values[a.Name] = new long[rows];
        for (int row = 0; row < rows; row++)
        {
            long max = long.MinValue, sum = 0;
            for (int i = 0; i < l; i++) max = Math.Max(max, x[row * l + i]);
            for (int i = 0; i < l; i++) sum += _layer.Table[(int)(max - x[row * l + i])];
            values[_max.Name][row] = max;
            values[_sum.Name][row] = sum;
            for (int i = 0; i < l; i++)
            {
                long d = max - x[row * l + i], e = _layer.Table[(int)d];
                long y = QuantArithmetic.RoundingDivide(SoftmaxLayer.One * e, sum);
                long remainder = 2 * SoftmaxLayer.One * e + sum - 2 * sum * y;
                (values[_d[i].Name][row], values[_e[i].Name][row], values[_y[i].Name][row]) = (d, e, y);
                for (int k = 0; k < _limbs; k++)
                {
                    values[_r[i * _limbs + k].Name][row] = (remainder >> (LimbBits * k)) & 0xFFFF;
                    values[_u[i * _limbs + k].Name][row] = ((2 * sum - 1 - remainder) >> (LimbBits * k)) & 0xFFFF;
                }
            }
        }
        return values.ToDictionary(kv => kv.Key, kv => _rows.Pad(kv.Value), StringComparer.Ordinal);
    }

    public override (IReadOnlyList<LayerMessages>, IReadOnlyList<EvaluationClaim>) Prove(ProverTables tables, EvaluationClaim output, Transcript transcript)
    {
        var rowPoint = output.Point[_columnBits..];
        var claims = new List<EvaluationClaim>();
        var steps = new List<LayerMessages>();
        // (1) the claim on Y through the committed columns.
        var outputs = RowColumns.At(tables, this, _y, rowPoint);
        transcript.Absorb<GoldilocksExt2>("softmax/outputs", outputs);
        claims.AddRange(_y.Select((a, i) => new EvaluationClaim(a.Name, rowPoint, outputs[i])));
        steps.Add(new LayerMessages([], outputs));
        // (2) the linear relations at a fresh row point.
        var rho = transcript.ChallengeExtVector("softmax/row-point", _rows.VariableCount);
        AdviceTensor[] linear = [_max, _sum, .. _d, .. _e, .. _r, .. _u];
        var linearValues = RowColumns.At(tables, this, linear, rho);
        transcript.Absorb<GoldilocksExt2>("softmax/linear", linearValues);
        claims.AddRange(linear.Select((a, i) => new EvaluationClaim(a.Name, rho, linearValues[i])));
        claims.AddRange(XClaims(rho, linearValues));
        steps.Add(new LayerMessages([], linearValues));
        // (3) the zero-check of the division and maximum relations.
        var tau = transcript.ChallengeExtVector("softmax/zero-point", _rows.VariableCount);
        var constraint = Constraint(transcript);
        AdviceTensor[] zero = ZeroCheckTables;
        var result = SumcheckProver.ProveWithEq(tau, [.. zero.Select(a => HadamardGadget.Embed(tables.Advice(this, a)))], constraint, transcript);
        var finals = result.FinalEvaluations[1..];
        transcript.Absorb<GoldilocksExt2>("softmax/zero-values", finals);
        claims.AddRange(zero.Select((a, i) => new EvaluationClaim(a.Name, result.Point, finals[i])));
        steps.Add(new LayerMessages([result.Proof], finals));
        // (4) the exp table lookup.
        var m = tables.Advice(this, _multiplicities);
        var lookup = LogUp.Prove(_exp, _multiplicities.Name, _lookups, [.. _lookups.Select((_, i) => LookupColumns(tables, i))], m, transcript);
        steps.Add(LogUpMessages.ToMessages(lookup.Proof));
        claims.AddRange(lookup.Claims);
        return (steps, claims);
    }

    public override ClaimReduction Verify(EvaluationClaim output, StepQueue steps, Transcript transcript)
    {
        string what = $"Softmax {_layer.Node}";
        if (output.Point.Length != _columnBits + _rows.VariableCount) return ClaimReduction.Rejected($"{what}: claim point has the wrong length");
        var rowPoint = output.Point[_columnBits..];
        var claims = new List<EvaluationClaim>();
        // (1)
        var m1 = steps.Take(0, _columns, what, out var reason);
        if (m1 is null) return ClaimReduction.Rejected(reason);
        var outputs = m1.Values.ToArray();
        transcript.Absorb<GoldilocksExt2>("softmax/outputs", outputs);
        var eqColumns = EqPolynomial.Table<GoldilocksExt2>(output.Point.AsSpan(0, _columnBits));
        var combined = GoldilocksExt2.Zero;
        for (int i = 0; i < _columns; i++) combined += eqColumns[i] * outputs[i];
        if (combined != output.Value) return ClaimReduction.Rejected($"{what}: Σ_i eq(r, i)·Ỹ_i differs from the claim on the output");
        claims.AddRange(_y.Select((a, i) => new EvaluationClaim(a.Name, rowPoint, outputs[i])));
        // (2)
        var rho = transcript.ChallengeExtVector("softmax/row-point", _rows.VariableCount);
        AdviceTensor[] linear = [_max, _sum, .. _d, .. _e, .. _r, .. _u];
        var m2 = steps.Take(0, linear.Length, what, out reason);
        if (m2 is null) return ClaimReduction.Rejected(reason);
        var v = m2.Values.ToArray();
        transcript.Absorb<GoldilocksExt2>("softmax/linear", v);
        var sum = v[1];
        var expSum = GoldilocksExt2.Zero;
        for (int i = 0; i < _columns; i++) expSum += v[2 + _columns + i];
        if (expSum != sum) return ClaimReduction.Rejected($"{what}: S̃ differs from Σ_i Ẽ_i");
        var gapTarget = sum + sum - _rows.ValidityAt(rho);
        for (int i = 0; i < _columns; i++)
        {
            int r = 2 + 2 * _columns + i * _limbs, u = r + _columns * _limbs;
            if (Compose(v, r) + Compose(v, u) != gapTarget) return ClaimReduction.Rejected($"{what}: R̃_{i} + Ũ_{i} differs from 2S̃ − 1");
        }
        claims.AddRange(linear.Select((a, i) => new EvaluationClaim(a.Name, rho, v[i])));
        claims.AddRange(XClaims(rho, v));
        // (3)
        var tau = transcript.ChallengeExtVector("softmax/zero-point", _rows.VariableCount);
        var constraint = Constraint(transcript);
        if (RowColumns.VerifyZeroCheck(steps, transcript, constraint, tau, ZeroCheckTables, _rows.VariableCount, "softmax/zero-values", what,
            "the division and maximum constraints differ from the zero-check's reduced claim", _ => [], claims) is { } zeroFailure)
            return ClaimReduction.Rejected(zeroFailure);
        // (4)
        int treeVariables = _rows.VariableCount + MultilinearExtension.VariableCount(_columns);
        var m4 = steps.Take(treeVariables + _exp.VariableCount, LogUpMessages.ValueCount(treeVariables, _exp.VariableCount, _columns, 2), what, out reason);
        if (m4 is null) return ClaimReduction.Rejected(reason);
        var lookup = LogUp.Verify(_exp, _multiplicities.Name, _lookups, LogUpMessages.FromMessages(m4, treeVariables, _exp.VariableCount, _columns, 2), transcript);
        if (!lookup.IsValid) return ClaimReduction.Rejected($"{what}: {lookup.Reason}");
        claims.AddRange(lookup.Claims);
        return ClaimReduction.Reduced([.. claims]);
    }

    private AdviceTensor[] ZeroCheckTables => [_sum, .. _e, .. _y, .. _r, .. _d];

    private SoftmaxConstraint Constraint(Transcript transcript)
    {
        var gamma = transcript.ChallengeExt("softmax/gamma");
        return new SoftmaxConstraint(_columns, _limbs, RowColumns.Powers(gamma, _columns + 1));
    }

    /// <summary>Σ_k 2^{16k}·v[start + k].</summary>
    private GoldilocksExt2 Compose(GoldilocksExt2[] v, int start)
    {
        var acc = GoldilocksExt2.Zero;
        for (int k = _limbs - 1; k >= 0; k--) acc = acc * Goldilocks.FromUInt64(1UL << LimbBits) + v[start + k];
        return acc;
    }

    /// <summary>X̃(i, ρ) = M̃(ρ) − D̃_i(ρ) for every real column i (X's low variables are the column's).</summary>
    private IEnumerable<EvaluationClaim> XClaims(GoldilocksExt2[] rho, GoldilocksExt2[] linearValues)
    {
        for (int i = 0; i < _columns; i++)
        {
            var point = RowColumns.ColumnPoint(i, _columnBits, rho);
            yield return new EvaluationClaim(_x, point, linearValues[0] - linearValues[2 + i]);
        }
    }
}
