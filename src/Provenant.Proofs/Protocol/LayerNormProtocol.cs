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
/// QLayerNorm exactly as the integer engine computes it (docs/proof-system-layers.md §LayerNorm). Per row of n elements
/// the prover commits, over the row layout: the sum S, Q = Σ C_i², the root s and its limbs, the limbs of
/// a = N − s² and b = 2s − a (N = 2^m·(n·Q + E)); per column i the centred C_i = n·X_i − S, the quotient Z_i, the limbs
/// of Z_i + 2^β (β = <see cref="QLayerNormArithmetic.NormalizedBits"/>), of the remainder ρ_i = 2^k·C_i − s·Z_i and of
/// σ_i = s − 1 − ρ_i. Padded rows are 0 (the lookups count real rows only), so every constant term is multiplied by the
/// real-row indicator valid(·), which the verifier evaluates itself. Steps: (1) the claim Ã(r_col, r_row) = v becomes Σ_i eq(r_col, i)·(G_i·Z̃_i(r_row) + B_i·valid(r_row)) = v;
/// (2) at a fresh row point ρ: Σ_i C̃_i = 0, s̃ = Σ limbs, ã + b̃ = 2s̃, Z̃_i + 2^β·valid = Σ limbs, ρ̃_i + σ̃_i = s̃ − valid, and
/// claims X̃(i, ρ) = (C̃_i + S̃)/n; (3) a zero-check at a fresh τ of <see cref="LayerNormConstraint"/>; the shared range
/// checks hold every limb in its width. Integer reading (X is int8): S = Σ X_i and C_i = n·X_i − S exactly (from
/// Σ C_i = 0), Q = Σ C_i² &lt; 2^46, N &lt; 2^62 (load-time bounds), s &lt; 2^31 and 0 ≤ a ≤ 2s give s = ⌊√N⌋ with no
/// wrap-around (s² + a &lt; p); 0 ≤ ρ_i ≤ s − 1 and |Z_i| &lt; 2^β with |2^k·C_i|, |s·Z_i| &lt; 2^62 give Z_i = ⌊2^k·C_i / s⌋.
/// </summary>
internal sealed class LayerNormProtocol : LayerProtocol
{
    private const int LimbBits = 16;
    private readonly LayerNormLayer _layer;
    private readonly string _x;
    private readonly TensorLayout _rows;
    private readonly int _n, _columnBits, _zBits;
    private readonly AdviceTensor _sum, _squares, _root;
    private readonly AdviceTensor[] _c, _z;
    private readonly Limbs _rootLimbs, _low, _high;
    private readonly Limbs[] _zOffset, _rem, _slack;
    private readonly AdviceTensor[] _advice;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<(LookupTable, LookupInput)> _rangeChecks = [];
    private Dictionary<string, Goldilocks[]>? _witness;

    private LayerNormProtocol(LayerNormLayer layer, InferenceCircuit circuit)
    {
        _layer = layer;
        var x = circuit.Tensors[layer.Inputs[0]];
        _x = x.Name;
        _n = layer.RowLength;
        _columnBits = ProverTables.Layout(x).AxisBits[^1];
        _rows = x.Shape.Count > 1 ? new TensorLayout([.. x.Shape.Take(x.Shape.Count - 1)]) : new TensorLayout(1);
        _zBits = QLayerNormArithmetic.NormalizedBits(layer.NormShift, layer.ScaleShift);
        string name = circuit.Tensors[layer.Output].Name + "/layernorm-";
        AdviceTensor Row(string kind) => new(name + kind, _rows);
        (_sum, _squares, _root) = (Row("sum"), Row("squares"), Row("root"));
        _c = [.. Enumerable.Range(0, _n).Select(i => Row($"centred{i}"))];
        _z = [.. Enumerable.Range(0, _n).Select(i => Row($"normalized{i}"))];
        _rootLimbs = new Limbs(name + "root", 31, _rows);
        _low = new Limbs(name + "low", 32, _rows);
        _high = new Limbs(name + "high", 32, _rows);
        _zOffset = [.. Enumerable.Range(0, _n).Select(i => new Limbs($"{name}normalized{i}", _zBits + 1, _rows))];
        _rem = [.. Enumerable.Range(0, _n).Select(i => new Limbs($"{name}rem{i}", 31, _rows))];
        _slack = [.. Enumerable.Range(0, _n).Select(i => new Limbs($"{name}slack{i}", 31, _rows))];
        Limbs[] limbed = [_rootLimbs, _low, _high, .. _zOffset, .. _rem, .. _slack];
        _advice = [_sum, _squares, _root, .. _c, .. _z, .. limbed.SelectMany(l => l.Tensors)];
        for (int i = 0; i < _advice.Length; i++) _index[_advice[i].Name] = i;
        foreach (var l in limbed)
        {
            for (int j = 0; j < l.Tensors.Length; j++) _rangeChecks.Add((LookupTable.Range(l.Widths[j]), new LookupInput([l.Tensors[j].Name], _rows)));
        }
    }

    /// <summary>The protocol for a QLayerNorm within the engine's bounds with rows of at most 64 elements, or null.</summary>
    public static LayerNormProtocol? Create(LayerNormLayer layer, InferenceCircuit circuit)
    {
        var x = circuit.Tensors[layer.Inputs[0]];
        if (layer.RowLength < 1 || layer.RowLength > 64 || x.Shape.Count == 0 || x.Shape[^1] != layer.RowLength || layer.Beta.Count != layer.RowLength) return null;
        if (QLayerNormArithmetic.Check(layer.RowLength, layer.Epsilon, layer.NormShift, layer.ScaleShift, layer.Gamma.ToArray(), layer.Beta.ToArray()) is not null) return null;
        return new LayerNormProtocol(layer, circuit);
    }

    public override IReadOnlyList<AdviceTensor> Advice => _advice;

    public override IReadOnlyList<(LookupTable Table, LookupInput Input)> RangeChecks => _rangeChecks;

    public override Goldilocks[] AdviceValues(ProverTables tables, AdviceTensor advice)
    {
        _witness ??= Witness(tables.Values(_layer.Inputs[0]));
        return (Goldilocks[])_witness[advice.Name].Clone();
    }

    /// <summary>Every committed value from X, as the engine computes layer normalisation (padding 0, as the lookups require).</summary>
    private Dictionary<string, Goldilocks[]> Witness(long[] x)
    {
        int rows = (int)_rows.ElementCount;
        var values = _advice.ToDictionary(a => a.Name, _ => new long[rows], StringComparer.Ordinal);
        for (int row = 0; row < rows; row++) Fill(values, row, x.AsSpan(row * _n, _n));
        return values.ToDictionary(kv => kv.Key, kv => _rows.Pad(kv.Value), StringComparer.Ordinal);
    }

    private void Fill(Dictionary<string, long[]> values, int row, ReadOnlySpan<long> x)
    {
        var z = new long[_n];
        var (sum, squares, root) = QLayerNormArithmetic.Row(x, _layer.Epsilon, _layer.NormShift, _layer.ScaleShift, z);
        long radicand = (_n * squares + _layer.Epsilon) << _layer.NormShift, low = radicand - root * root;
        (values[_sum.Name][row], values[_squares.Name][row], values[_root.Name][row]) = (sum, squares, root);
        _rootLimbs.Fill(values, row, root);
        _low.Fill(values, row, low);
        _high.Fill(values, row, 2 * root - low);
        for (int i = 0; i < _n; i++)
        {
            long c = _n * x[i] - sum, rem = (c << _layer.ScaleShift) - z[i] * root;
            (values[_c[i].Name][row], values[_z[i].Name][row]) = (c, z[i]);
            _zOffset[i].Fill(values, row, z[i] + (1L << _zBits));
            _rem[i].Fill(values, row, rem);
            _slack[i].Fill(values, row, root - 1 - rem);
        }
    }

    public override (IReadOnlyList<LayerMessages>, IReadOnlyList<EvaluationClaim>) Prove(ProverTables tables, EvaluationClaim output, Transcript transcript)
    {
        var rowPoint = output.Point[_columnBits..];
        var claims = new List<EvaluationClaim>();
        var steps = new List<LayerMessages>();
        // (1) the claim on A through the committed quotients.
        var normalized = RowColumns.At(tables, this, _z, rowPoint);
        transcript.Absorb<GoldilocksExt2>("layernorm/normalized", normalized);
        claims.AddRange(_z.Select((a, i) => new EvaluationClaim(a.Name, rowPoint, normalized[i])));
        steps.Add(new LayerMessages([], normalized));
        // (2) the linear relations at a fresh row point.
        var rho = transcript.ChallengeExtVector("layernorm/row-point", _rows.VariableCount);
        var linear = RowColumns.At(tables, this, _advice, rho);
        transcript.Absorb<GoldilocksExt2>("layernorm/linear", linear);
        claims.AddRange(_advice.Select((a, i) => new EvaluationClaim(a.Name, rho, linear[i])));
        claims.AddRange(XClaims(rho, linear));
        steps.Add(new LayerMessages([], linear));
        // (3) the zero-check of the square sum, root and division relations.
        var tau = transcript.ChallengeExtVector("layernorm/zero-point", _rows.VariableCount);
        var constraint = Constraint(transcript);
        var zero = ZeroCheckTables;
        var validity = _rows.ValidMask().Select(v => v ? GoldilocksExt2.One : GoldilocksExt2.Zero).ToArray();
        var result = SumcheckProver.ProveWithEq(tau, [.. zero.Select(a => HadamardGadget.Embed(tables.Advice(this, a))), validity], constraint, transcript);
        var finals = result.FinalEvaluations[1..^1];
        transcript.Absorb<GoldilocksExt2>("layernorm/zero-values", finals);
        claims.AddRange(zero.Select((a, i) => new EvaluationClaim(a.Name, result.Point, finals[i])));
        steps.Add(new LayerMessages([result.Proof], finals));
        return (steps, claims);
    }

    public override ClaimReduction Verify(EvaluationClaim output, StepQueue steps, Transcript transcript)
    {
        string what = $"LayerNorm {_layer.Node}";
        if (output.Point.Length != _columnBits + _rows.VariableCount) return ClaimReduction.Rejected($"{what}: claim point has the wrong length");
        var rowPoint = output.Point[_columnBits..];
        var claims = new List<EvaluationClaim>();
        // (1)
        var m1 = steps.Take(0, _n, what, out var reason);
        if (m1 is null) return ClaimReduction.Rejected(reason);
        var normalized = m1.Values.ToArray();
        transcript.Absorb<GoldilocksExt2>("layernorm/normalized", normalized);
        var eqColumns = EqPolynomial.Table<GoldilocksExt2>(output.Point.AsSpan(0, _columnBits));
        var valid = _rows.ValidityAt(rowPoint);
        var combined = GoldilocksExt2.Zero;
        for (int i = 0; i < _n; i++)
            combined += eqColumns[i] * (Goldilocks.FromInt64(_layer.Gamma[i]) * normalized[i] + Goldilocks.FromInt64(_layer.Beta[i]) * valid);
        if (combined != output.Value) return ClaimReduction.Rejected($"{what}: Σ_i eq(r, i)·(G_i·Z̃_i + B_i) differs from the claim on the output");
        claims.AddRange(_z.Select((a, i) => new EvaluationClaim(a.Name, rowPoint, normalized[i])));
        // (2)
        var rho = transcript.ChallengeExtVector("layernorm/row-point", _rows.VariableCount);
        var m2 = steps.Take(0, _advice.Length, what, out reason);
        if (m2 is null) return ClaimReduction.Rejected(reason);
        var v = m2.Values.ToArray();
        transcript.Absorb<GoldilocksExt2>("layernorm/linear", v);
        if (LinearFailure(v, _rows.ValidityAt(rho)) is { } failure) return ClaimReduction.Rejected($"{what}: {failure}");
        claims.AddRange(_advice.Select((a, i) => new EvaluationClaim(a.Name, rho, v[i])));
        claims.AddRange(XClaims(rho, v));
        // (3)
        var tau = transcript.ChallengeExtVector("layernorm/zero-point", _rows.VariableCount);
        var constraint = Constraint(transcript);
        var zeroFailure = RowColumns.VerifyZeroCheck(steps, transcript, constraint, tau, ZeroCheckTables, _rows.VariableCount, "layernorm/zero-values", what,
            "the square-sum, root and division constraints differ from the zero-check's reduced claim", r => [_rows.ValidityAt(r)], claims);
        return zeroFailure is null ? ClaimReduction.Reduced([.. claims]) : ClaimReduction.Rejected(zeroFailure);
    }

    /// <summary>The first linear relation the values at ρ break (valid = the real-row indicator at ρ), or null.</summary>
    private string? LinearFailure(GoldilocksExt2[] v, GoldilocksExt2 valid)
    {
        GoldilocksExt2 At(AdviceTensor a) => v[_index[a.Name]];
        GoldilocksExt2 Composed(Limbs l) => LayerNormConstraint.Compose([.. l.Tensors.Select(At)]);
        var centred = GoldilocksExt2.Zero;
        foreach (var c in _c) centred += At(c);
        if (centred != GoldilocksExt2.Zero) return "Σ_i C̃_i differs from 0";
        var root = At(_root);
        if (Composed(_rootLimbs) != root) return "s̃ differs from its limbs";
        if (Composed(_low) + Composed(_high) != root + root) return "ã + b̃ differs from 2s̃";
        var offset = Goldilocks.FromInt64(1L << _zBits) * valid;
        for (int i = 0; i < _n; i++)
        {
            if (Composed(_zOffset[i]) != At(_z[i]) + offset) return $"Z̃_{i} + 2^{_zBits} differs from its limbs";
            if (Composed(_rem[i]) + Composed(_slack[i]) != root - valid) return $"ρ̃_{i} + σ̃_{i} differs from s̃ − 1";
        }
        return null;
    }

    private AdviceTensor[] ZeroCheckTables => [_squares, _root, .. _low.Tensors, .. _c, .. _z, .. _rem.SelectMany(r => r.Tensors)];

    private LayerNormConstraint Constraint(Transcript transcript)
    {
        var gamma = transcript.ChallengeExt("layernorm/gamma");
        int m = _layer.NormShift;
        return new LayerNormConstraint(_n, _low.Tensors.Length, _rem[0].Tensors.Length, Goldilocks.FromInt64((long)_n << m),
            Goldilocks.FromInt64(_layer.Epsilon << m), Goldilocks.FromInt64(1L << _layer.ScaleShift), RowColumns.Powers(gamma, _n + 2));
    }

    /// <summary>X̃(i, ρ) = (C̃_i(ρ) + S̃(ρ))/n for every real column i (X's low variables are the column's).</summary>
    private IEnumerable<EvaluationClaim> XClaims(GoldilocksExt2[] rho, GoldilocksExt2[] linear)
    {
        var inverse = Goldilocks.FromInt64(_n).Inverse();
        var sum = linear[_index[_sum.Name]];
        for (int i = 0; i < _n; i++)
        {
            var point = RowColumns.ColumnPoint(i, _columnBits, rho);
            yield return new EvaluationClaim(_x, point, (linear[_index[_c[i].Name]] + sum) * inverse);
        }
    }

    /// <summary>A value in [0, 2^bits) committed as 16-bit limbs (the top limb narrower), each range-checked.</summary>
    private sealed class Limbs
    {
        public Limbs(string name, int bits, TensorLayout rows)
        {
            int count = (bits + LimbBits - 1) / LimbBits;
            Widths = [.. Enumerable.Range(0, count).Select(j => Math.Min(LimbBits, bits - LimbBits * j))];
            Tensors = [.. Enumerable.Range(0, count).Select(j => new AdviceTensor($"{name}.limb{j}", rows))];
        }

        public int[] Widths { get; }

        public AdviceTensor[] Tensors { get; }

        /// <summary>Writes the limbs of <paramref name="value"/> (the honest prover's values are always in range).</summary>
        public void Fill(Dictionary<string, long[]> values, int row, long value)
        {
            for (int j = 0; j < Tensors.Length; j++) values[Tensors[j].Name][row] = (value >> (LimbBits * j)) & ((1L << Widths[j]) - 1);
        }
    }
}
