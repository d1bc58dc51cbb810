using Provenant.Proofs.Circuit;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// QAdd as a composition (docs/proof-system-layers.md): the virtual accumulator
/// S = a_mult·(A' − a_zp) + b_mult·(B' − b_zp) is requantized with multiplier 1 and the QAdd shift
/// (<see cref="RequantizeProtocol"/>, accumulator bound up to 2^48); the claim on S is reduced to claims on A' and B' by
/// <see cref="LinearCombinationGadget"/> (one step with the two values, no sumcheck). A' and B' are the operands
/// broadcast to Y's shape: an operand of Y's shape is A' itself; a broadcast operand is reached through one
/// <see cref="WiringGadget"/> step (the public broadcast map, a degree-2 sumcheck over the operand's variables).
/// </summary>
internal sealed class AddProtocol : VirtualAccumulatorProtocol
{
    private readonly AddLayer _layer;
    private readonly LinearCombinationStatement _sum;
    private readonly (string Name, Wiring? Broadcast)[] _operands;
    private readonly string[] _sourceNames;

    private AddProtocol(AddLayer layer, InferenceCircuit circuit)
        : base(layer, circuit.Tensors[layer.Output], 1, layer.Shift, layer.ZeroPoint, layer.Minimum, sbyte.MaxValue, 48)
    {
        _layer = layer;
        var y = circuit.Tensors[layer.Output];
        _operands = new (string, Wiring?)[2];
        _sourceNames = [circuit.Tensors[layer.Inputs[0]].Name, circuit.Tensors[layer.Inputs[1]].Name];
        for (int i = 0; i < 2; i++)
        {
            var x = circuit.Tensors[layer.Inputs[i]];
            bool same = x.Shape.SequenceEqual(y.Shape);
            _operands[i] = same
                ? (x.Name, null)
                : ($"{y.Name}/broadcast-{(i == 0 ? 'a' : 'b')}", new Wiring(OutputLayout, ProverTables.Layout(x), i == 0 ? layer.IndexA : layer.IndexB, 0));
        }
        _sum = new LinearCombinationStatement([_operands[0].Name, _operands[1].Name], [Goldilocks.FromInt64(layer.MultiplierA), Goldilocks.FromInt64(layer.MultiplierB)],
            Goldilocks.FromInt64(-(layer.MultiplierA * layer.ZeroPointA + layer.MultiplierB * layer.ZeroPointB)), OutputLayout);
    }

    /// <summary>The protocol for a QAdd (operands of Y's shape or broadcast to it).</summary>
    public static AddProtocol Create(AddLayer layer, InferenceCircuit circuit) => new(layer, circuit);

    private protected override long[] Accumulator(ProverTables tables)
    {
        var a = tables.Values(_layer.Inputs[0]);
        var b = tables.Values(_layer.Inputs[1]);
        var s = new long[_layer.IndexA.Count];
        for (int i = 0; i < s.Length; i++)
            s[i] = _layer.MultiplierA * (a[_layer.IndexA[i]] - _layer.ZeroPointA) + _layer.MultiplierB * (b[_layer.IndexB[i]] - _layer.ZeroPointB);
        return s;
    }

    /// <summary>The padded table of operand <paramref name="i"/> as broadcast to Y's shape.</summary>
    private Goldilocks[] Broadcast(ProverTables tables, int i) =>
        _operands[i].Broadcast is { } w ? OutputLayout.Pad(w.Apply(tables.Values(_layer.Inputs[i]))) : tables.Padded(_layer.Inputs[i]);

    private protected override (IReadOnlyList<LayerMessages>, IReadOnlyList<EvaluationClaim>) ProveSum(ProverTables tables, EvaluationClaim onSum, Transcript transcript)
    {
        var r = LinearCombinationGadget.Prove(_sum, [Broadcast(tables, 0), Broadcast(tables, 1)], onSum, transcript);
        var steps = new List<LayerMessages> { new([], r.Proof) };
        var claims = new List<EvaluationClaim>();
        for (int i = 0; i < 2; i++)
        {
            var wiring = _operands[i].Broadcast;
            var claim = r.Claims[i];
            if (wiring is null)
            {
                claims.Add(claim);
                continue;
            }
            var w = WiringGadget.Prove(wiring, _sourceNames[i], tables.Padded(_layer.Inputs[i]), claim, transcript);
            steps.Add(WiringMessages.ToMessages(w.Proof));
            claims.AddRange(w.Claims);
        }
        return (steps, claims);
    }

    private protected override ClaimReduction VerifySum(EvaluationClaim onSum, StepQueue steps, Transcript transcript)
    {
        string what = $"Add {_layer.Node}";
        var m = steps.Take(0, 2, what, out var reason);
        if (m is null) return ClaimReduction.Rejected(reason);
        var r = LinearCombinationGadget.Verify(_sum, onSum, [.. m.Values], transcript);
        if (!r.IsValid) return r;
        var claims = new List<EvaluationClaim>();
        for (int i = 0; i < 2; i++)
        {
            var wiring = _operands[i].Broadcast;
            var claim = r.Claims[i];
            if (wiring is null)
            {
                claims.Add(claim);
                continue;
            }
            var step = steps.Take(1, 1, what, out reason);
            if (step is null) return ClaimReduction.Rejected(reason);
            var w = WiringGadget.Verify(wiring, _sourceNames[i], claim, WiringMessages.FromMessages(step), transcript);
            if (!w.IsValid) return w;
            claims.AddRange(w.Claims);
        }
        return ClaimReduction.Reduced([.. claims]);
    }
}
