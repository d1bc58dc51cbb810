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
/// QMaxPool with any window geometry (the pools <see cref="MaxPoolProtocol"/> does not tile): for every window tap t the
/// tap tensor T_t (a public wiring of X; −128 in the padding, which never wins) and the committed difference
/// d_t = Y − T_t. Given Ỹ(r) = v the prover sends d̃_t(r); each T̃_t(r) = v − d̃_t(r) is reduced to X by a wiring step; a
/// zero-check Σ_b eq(r, b)·Π_t d_t(b) = 0 (degree k + 1) shows some difference is 0 in every window; the range checks
/// d_t ∈ [0, 2^8) join the shared range tables. Because the d_t are committed before r, equal values at r make every
/// T_t + d_t the same polynomial whp, which is then the window maximum.
/// </summary>
internal sealed class WindowMaxProtocol : LayerProtocol
{
    private readonly PoolLayer _layer;
    private readonly string _x;
    private readonly Wiring[] _taps;
    private readonly AdviceTensor[] _differences;
    private readonly LookupTable _table = LookupTable.Range(8);

    public WindowMaxProtocol(PoolLayer layer, InferenceCircuit circuit)
    {
        _layer = layer;
        var x = circuit.Tensors[layer.Inputs[0]];
        var y = circuit.Tensors[layer.Output];
        _x = x.Name;
        var outLayout = ProverTables.Layout(y);
        _taps = layer.Taps.Select(t => new Wiring(outLayout, ProverTables.Layout(x), t, sbyte.MinValue)).ToArray();
        _differences = Enumerable.Range(0, _taps.Length).Select(t => new AdviceTensor($"{y.Name}/window-diff{t}", outLayout)).ToArray();
    }

    public override IReadOnlyList<AdviceTensor> Advice => _differences;

    public override IReadOnlyList<(LookupTable Table, LookupInput Input)> RangeChecks =>
        [.. _differences.Select(d => (_table, new LookupInput([d.Name], d.Layout)))];

    public override Goldilocks[] AdviceValues(ProverTables tables, AdviceTensor advice)
    {
        int t = Array.IndexOf(_differences, advice);
        var y = tables.Values(_layer.Output);
        var tap = _taps[t].Apply(tables.Values(_layer.Inputs[0]));
        var d = new long[y.Length];
        for (int i = 0; i < d.Length; i++) d[i] = y[i] - tap[i];
        return advice.Layout.Pad(d);
    }

    public override (IReadOnlyList<LayerMessages>, IReadOnlyList<EvaluationClaim>) Prove(ProverTables tables, EvaluationClaim output, Transcript transcript)
    {
        int k = _taps.Length;
        var differences = _differences.Select(d => tables.Advice(this, d)).ToArray();
        var atClaim = differences.Select(d => MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(d, output.Point, static v => v)).ToArray();
        transcript.Absorb<GoldilocksExt2>("windowmax/differences", atClaim);
        var steps = new List<LayerMessages>();
        var claims = new List<EvaluationClaim>();
        var x = tables.Padded(_layer.Inputs[0]);
        for (int t = 0; t < k; t++)
        {
            claims.Add(new EvaluationClaim(_differences[t].Name, output.Point, atClaim[t]));
            var w = WiringGadget.Prove(_taps[t], _x, x, new EvaluationClaim(_x, output.Point, output.Value - atClaim[t]), transcript);
            steps.Add(WiringMessages.ToMessages(w.Proof));
            claims.AddRange(w.Claims);
        }
        var zero = SumcheckProver.Prove([EqPolynomial.Table<GoldilocksExt2>(output.Point), .. differences.Select(d => HadamardGadget.Embed(d))], new ProductFunction(k + 1), transcript);
        var atPoint = zero.FinalEvaluations[1..];
        transcript.Absorb<GoldilocksExt2>("windowmax/openings", atPoint);
        for (int t = 0; t < k; t++) claims.Add(new EvaluationClaim(_differences[t].Name, zero.Point, atPoint[t]));
        steps.Add(new LayerMessages([zero.Proof], [.. atClaim, .. atPoint]));
        return (steps, claims);
    }

    public override ClaimReduction Verify(EvaluationClaim output, StepQueue steps, Transcript transcript)
    {
        int k = _taps.Length;
        string what = $"MaxPool {_layer.Node}";
        var wiringSteps = new LayerMessages[k];
        for (int t = 0; t < k; t++)
        {
            wiringSteps[t] = steps.Take(1, 1, what, out var why)!;
            if (wiringSteps[t] is null) return ClaimReduction.Rejected(why);
        }
        var last = steps.Take(1, 2 * k, what, out var reason);
        if (last is null) return ClaimReduction.Rejected(reason);
        var atClaim = last.Values.Take(k).ToArray();
        var atPoint = last.Values.Skip(k).ToArray();
        transcript.Absorb<GoldilocksExt2>("windowmax/differences", atClaim);
        var claims = new List<EvaluationClaim>();
        for (int t = 0; t < k; t++)
        {
            claims.Add(new EvaluationClaim(_differences[t].Name, output.Point, atClaim[t]));
            var w = WiringGadget.Verify(_taps[t], _x, new EvaluationClaim(_x, output.Point, output.Value - atClaim[t]), WiringMessages.FromMessages(wiringSteps[t]), transcript);
            if (!w.IsValid) return w;
            claims.AddRange(w.Claims);
        }
        var sub = SumcheckVerifier.Verify(GoldilocksExt2.Zero, k + 1, output.Point.Length, last.Sumchecks[0], transcript);
        if (!sub.IsValid) return ClaimReduction.Rejected("maxpool zero-check: " + sub.Reason);
        transcript.Absorb<GoldilocksExt2>("windowmax/openings", atPoint);
        var product = EqPolynomial.Evaluate<GoldilocksExt2>(output.Point, sub.Point);
        foreach (var v in atPoint) product *= v;
        if (product != sub.ExpectedValue) return ClaimReduction.Rejected("maxpool: eq·Π d̃_t differs from the zero-check's reduced claim");
        for (int t = 0; t < k; t++) claims.Add(new EvaluationClaim(_differences[t].Name, sub.Point, atPoint[t]));
        return ClaimReduction.Reduced([.. claims]);
    }
}
