using Provenant.Proofs.Circuit;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Lookups;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// Requantize through <see cref="RequantizeGadget"/> plus its range checks: the gadget's 16-bit advice limbs and a
/// committed copy Y' of the output are advice; the gadget step reduces the claim on Y to claims on X and the limbs; one
/// logUp step per distinct range table (16-bit, narrower top limbs, sign, Y' ∈ [lo, hi]) proves the obligations
/// (<see cref="RequantizeStatement.LookupObligations"/>) and leaves claims on the limbs, Y' and the multiplicities, all
/// opened against the advice commitment. The claim on Y is also claimed on Y', which ties the range-checked copy to the
/// Y the identity defines. The accumulator bound A is the largest in [1, 31] the statement accepts for these public
/// constants (so it needs no weights); an accumulator beyond 2^A cannot be proven.
/// </summary>
internal sealed class RequantizeProtocol : LayerProtocol
{
    private readonly CircuitLayer _layer;
    private readonly Func<ProverTables, long[]> _accumulators;
    private readonly RequantizeStatement _statement;
    private readonly AdviceTensor _copy;
    private readonly AdviceTensor[] _limbs;
    private readonly (LookupTable Table, LookupInput Input)[] _rangeChecks;
    private readonly List<AdviceTensor> _advice;
    private RequantizeWitness? _witness;

    public RequantizeProtocol(RequantizeLayer layer, InferenceCircuit circuit)
        : this(layer, Statement(layer, circuit.Tensors[layer.Inputs[0]], circuit.Tensors[layer.Output].Name, ProverTables.Layout(circuit.Tensors[layer.Inputs[0]])),
            t => t.Values(layer.Inputs[0]))
    {
    }

    /// <summary>A requantization of the accumulator <paramref name="accumulators"/> computes (also a virtual one, as in QAdd).</summary>
    public RequantizeProtocol(CircuitLayer layer, RequantizeStatement statement, Func<ProverTables, long[]> accumulators)
    {
        _layer = layer;
        _accumulators = accumulators;
        _statement = statement;
        var layout = statement.Layout;
        var y = new { Name = statement.Output };
        _copy = new AdviceTensor(y.Name + "/range-checked", layout);
        _limbs = _statement.Advice.Select(a => new AdviceTensor(a.Name, layout)).ToArray();
        _rangeChecks = _statement.LookupObligations()
            .Select(o => (o.Table, new LookupInput([o.Tensor == y.Name ? _copy.Name : o.Tensor], layout)))
            .ToArray();
        _advice = [.. _limbs, _copy];
    }

    /// <summary>The statement with the largest accumulator bound in [1, <paramref name="maxBits"/>] its constructor accepts.</summary>
    public static RequantizeStatement Fit(CircuitLayer layer, string input, string output, TensorLayout layout, int axis, long[] multipliers, int[] shifts,
        long zeroPoint, long min, long max, int maxBits)
    {
        ArgumentException? last = null;
        for (int bits = maxBits; bits >= 1; bits--)
        {
            try
            {
                return new RequantizeStatement(input, output, layout, axis, multipliers, shifts, zeroPoint, min, max, bits);
            }
            catch (ArgumentException e)
            {
                last = e;
            }
        }
        throw new Core.Errors.UnsupportedFeatureException($"{layer}: no accumulator bound makes the requantize identity exact ({last?.Message})");
    }

    private static RequantizeStatement Statement(RequantizeLayer layer, CircuitTensor x, string output, TensorLayout layout)
    {
        int axis = -1;
        if (layer.Channels > 1)
        {
            for (int a = 0; a < x.Shape.Count && axis < 0; a++)
            {
                if (x.Shape[a] == layer.Channels && x.Shape.Skip(a + 1).Aggregate(1, (p, d) => p * d) == layer.Inner) axis = a;
            }
            if (axis < 0) throw new InvalidOperationException($"{layer}: no axis of {x} has {layer.Channels} channels");
        }
        return Fit(layer, x.Name, output, layout, axis, [.. layer.Multipliers], layer.Shifts.Select(s => (int)s).ToArray(), layer.ZeroPoint, layer.Minimum, layer.Maximum, 31);
    }

    /// <summary>The accumulator bound A the proof assumes (|X| &lt; 2^A).</summary>
    public int AccumulatorBits => _statement.AccumulatorBits;

    public override IReadOnlyList<AdviceTensor> Advice => _advice;

    public override IReadOnlyList<(LookupTable Table, LookupInput Input)> RangeChecks => _rangeChecks;

    public override Goldilocks[] AdviceValues(ProverTables tables, AdviceTensor advice)
    {
        var w = Witness(tables);
        int limb = Array.IndexOf(_limbs, advice);
        if (limb >= 0) return w.AdviceTables[limb];
        if (advice == _copy) return w.OutputTable;
        throw new ArgumentException($"{advice.Name} is not advice of {_layer}");
    }

    private RequantizeWitness Witness(ProverTables tables)
    {
        if (_witness is null)
        {
            try
            {
                _witness = RequantizeWitness.Compute(_statement, _accumulators(tables));
            }
            catch (ArgumentException e)
            {
                throw new Core.Errors.UnsupportedFeatureException($"{_layer}: {e.Message} (the proof assumes |accumulator| < 2^{AccumulatorBits})");
            }
        }
        return _witness;
    }

    public override (IReadOnlyList<LayerMessages>, IReadOnlyList<EvaluationClaim>) Prove(ProverTables tables, EvaluationClaim output, Transcript transcript)
    {
        var r = RequantizeGadget.Prove(_statement, Witness(tables), output, transcript);
        var steps = new List<LayerMessages> { new([r.Proof.Sumcheck], r.Proof.AdviceValues) };
        return (steps, [.. r.Claims, output with { Tensor = _copy.Name }]);
    }

    public override ClaimReduction Verify(EvaluationClaim output, StepQueue steps, Transcript transcript)
    {
        string what = $"Requantize {_layer.Node}";
        var m = steps.Take(1, _statement.Advice.Count, what, out var reason);
        if (m is null) return ClaimReduction.Rejected(reason);
        var r = RequantizeGadget.Verify(_statement, output, new RequantizeProof(m.Sumchecks[0], [.. m.Values]), transcript);
        if (!r.IsValid) return r;
        return ClaimReduction.Reduced([.. r.Claims, output with { Tensor = _copy.Name }]);
    }
}
