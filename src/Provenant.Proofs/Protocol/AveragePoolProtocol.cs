using Provenant.Proofs.Circuit;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// QAveragePool and QGlobalAveragePool with one divisor c for every output (no padding, or count_include_pad with
/// full windows; always for the global pool): the window sum S(o) = Σ_{t in bounds} (X[tap_t(o)] − zp) is a virtual
/// accumulator, requantized as Y = clamp(zp + RoundingShift(S·M, s), −128, 127) with (M, s) from
/// <see cref="ConstantDivisor"/>, which equals zp + RoundingDivide(S, c) for |S| ≤ 255·taps. The claim on S is reduced
/// to one claim on X by one sumcheck over X's variables against the public window-sum predicate
/// W_r(x) = Σ_t Σ_{o: tap_t(o) = x} eq(r, o) (<see cref="WiringGadget"/>, degree 2), with the constant part
/// −zp·Σ_o eq(r, o)·inBounds(o).
/// </summary>
internal sealed class AveragePoolProtocol : VirtualAccumulatorProtocol
{
    private readonly PoolLayer _layer;
    private readonly string _x;
    private readonly TensorLayout _xLayout;

    private AveragePoolProtocol(PoolLayer layer, InferenceCircuit circuit, (long Multiplier, int Shift) divisor, int bits)
        : base(layer, circuit.Tensors[layer.Output], divisor.Multiplier, divisor.Shift, layer.ZeroPoint, sbyte.MinValue, sbyte.MaxValue, bits)
    {
        _layer = layer;
        var x = circuit.Tensors[layer.Inputs[0]];
        _x = x.Name;
        _xLayout = ProverTables.Layout(x);
    }

    /// <summary>The protocol for an average pool whose outputs share one divisor, or null.</summary>
    public static AveragePoolProtocol? Create(PoolLayer layer, InferenceCircuit circuit)
    {
        if (layer.IsMax || layer.Counts.Count == 0 || layer.Counts.Any(c => c != layer.Counts[0])) return null;
        long bound = 255L * layer.Taps.Count;
        try
        {
            var divisor = ConstantDivisor.For(Math.Max(1, layer.Counts[0]), bound);
            return new AveragePoolProtocol(layer, circuit, divisor, MultilinearExtension.VariableCount(bound + 1));
        }
        catch (Exception e) when (e is ArgumentException or Core.Errors.UnsupportedFeatureException)
        {
            return null;
        }
    }

    private protected override long[] Accumulator(ProverTables tables)
    {
        var x = tables.Values(_layer.Inputs[0]);
        var s = new long[_layer.Counts.Count];
        foreach (var tap in _layer.Taps)
        {
            for (int o = 0; o < s.Length; o++)
            {
                if (tap[o] >= 0) s[o] += x[tap[o]] - _layer.ZeroPoint;
            }
        }
        return s;
    }

    /// <summary>W_r over X's padded hypercube and −zp·Σ_o eq(r, o)·(in-bounds taps of o).</summary>
    private (GoldilocksExt2[] Table, GoldilocksExt2 Constant) Predicate(GoldilocksExt2[] point)
    {
        var eq = EqPolynomial.Table<GoldilocksExt2>(point);
        var table = new GoldilocksExt2[_xLayout.PaddedLength];
        var constant = GoldilocksExt2.Zero;
        for (int o = 0; o < _layer.Counts.Count; o++)
        {
            var e = eq[OutputLayout.PaddedIndex(o)];
            long inBounds = 0;
            foreach (var tap in _layer.Taps)
            {
                if (tap[o] < 0) continue;
                table[_xLayout.PaddedIndex(tap[o])] += e;
                inBounds++;
            }
            constant += e * Goldilocks.FromInt64(inBounds);
        }
        return (table, constant * Goldilocks.FromInt64(-_layer.ZeroPoint));
    }

    private protected override (IReadOnlyList<LayerMessages>, IReadOnlyList<EvaluationClaim>) ProveSum(ProverTables tables, EvaluationClaim onSum, Transcript transcript)
    {
        var w = WiringGadget.Prove(OutputLayout, _xLayout, Predicate, _x, tables.Padded(_layer.Inputs[0]), onSum, transcript);
        return ([WiringMessages.ToMessages(w.Proof)], w.Claims);
    }

    private protected override ClaimReduction VerifySum(EvaluationClaim onSum, StepQueue steps, Transcript transcript)
    {
        var m = steps.Take(1, 1, $"AveragePool {_layer.Node}", out var reason);
        if (m is null) return ClaimReduction.Rejected(reason);
        return WiringGadget.Verify(OutputLayout, _xLayout, Predicate, _x, onSum, WiringMessages.FromMessages(m), transcript);
    }
}
