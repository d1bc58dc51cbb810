using Provenant.Proofs.Circuit;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// QAdd of two tensors of the same shape as a composition (docs/proof-system-layers.md): the virtual accumulator
/// S = a_mult·(A − a_zp) + b_mult·(B − b_zp) is requantized with multiplier 1 and the QAdd shift
/// (<see cref="RequantizeProtocol"/>, accumulator bound up to 2^48), and the claim on S is reduced to claims on A and B by
/// <see cref="LinearCombinationGadget"/> (one step with the two values, no sumcheck). Broadcasting QAdds are not provable.
/// </summary>
internal sealed class AddProtocol : LayerProtocol
{
    private readonly AddLayer _layer;
    private readonly RequantizeProtocol _requantize;
    private readonly LinearCombinationStatement _sum;
    private readonly string _sumName;

    private AddProtocol(AddLayer layer, InferenceCircuit circuit)
    {
        _layer = layer;
        var a = circuit.Tensors[layer.Inputs[0]];
        var b = circuit.Tensors[layer.Inputs[1]];
        var y = circuit.Tensors[layer.Output];
        var layout = ProverTables.Layout(y);
        _sumName = y.Name + "/sum";
        var statement = RequantizeProtocol.Fit(layer, _sumName, y.Name, layout, -1, [1], [layer.Shift], layer.ZeroPoint, layer.Minimum, sbyte.MaxValue, 48);
        _requantize = new RequantizeProtocol(layer, statement, Sum);
        _sum = new LinearCombinationStatement([a.Name, b.Name], [Goldilocks.FromInt64(layer.MultiplierA), Goldilocks.FromInt64(layer.MultiplierB)],
            Goldilocks.FromInt64(-(layer.MultiplierA * layer.ZeroPointA + layer.MultiplierB * layer.ZeroPointB)), layout);
    }

    /// <summary>The protocol for a QAdd whose operands have the output's shape, or null.</summary>
    public static AddProtocol? Create(AddLayer layer, InferenceCircuit circuit)
    {
        var y = circuit.Tensors[layer.Output];
        bool same = layer.Inputs.All(i => circuit.Tensors[i].Shape.SequenceEqual(y.Shape));
        return same ? new AddProtocol(layer, circuit) : null;
    }

    private long[] Sum(ProverTables tables)
    {
        var a = tables.Values(_layer.Inputs[0]);
        var b = tables.Values(_layer.Inputs[1]);
        var s = new long[a.Length];
        for (int i = 0; i < s.Length; i++) s[i] = _layer.MultiplierA * (a[i] - _layer.ZeroPointA) + _layer.MultiplierB * (b[i] - _layer.ZeroPointB);
        return s;
    }

    public override IReadOnlyList<AdviceTensor> Advice => _requantize.Advice;

    public override Goldilocks[] AdviceValues(ProverTables tables, AdviceTensor advice) => _requantize.AdviceValues(tables, advice);

    public override (IReadOnlyList<LayerMessages>, IReadOnlyList<EvaluationClaim>) Prove(ProverTables tables, EvaluationClaim output, Transcript transcript)
    {
        var (steps, claims) = _requantize.Prove(tables, output, transcript);
        var onSum = claims.Single(c => c.Tensor == _sumName);
        var r = LinearCombinationGadget.Prove(_sum, [tables.Padded(_layer.Inputs[0]), tables.Padded(_layer.Inputs[1])], onSum, transcript);
        return ([.. steps, new LayerMessages([], r.Proof)], [.. claims.Where(c => c.Tensor != _sumName), .. r.Claims]);
    }

    public override ClaimReduction Verify(EvaluationClaim output, StepQueue steps, Transcript transcript)
    {
        var reduced = _requantize.Verify(output, steps, transcript);
        if (!reduced.IsValid) return reduced;
        var onSum = reduced.Claims.Where(c => c.Tensor == _sumName).ToArray();
        if (onSum.Length != 1) return ClaimReduction.Rejected($"Add {_layer.Node}: expected one claim on the sum");
        var m = steps.Take(0, 2, $"Add {_layer.Node}", out var reason);
        if (m is null) return ClaimReduction.Rejected(reason);
        var r = LinearCombinationGadget.Verify(_sum, onSum[0], [.. m.Values], transcript);
        return r.IsValid ? ClaimReduction.Reduced([.. reduced.Claims.Where(c => c.Tensor != _sumName), .. r.Claims]) : r;
    }
}
