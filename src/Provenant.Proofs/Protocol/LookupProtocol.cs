using Provenant.Proofs.Circuit;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Lookups;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// QLookup Y = table[X + 128] by a two-column logUp lookup of (X, Y) in the public table {(j − 128, table[j])}. X and Y
/// are committed as advice (with the multiplicities) before any challenge, so the lookup argument is about fixed
/// vectors: the claim on Y is opened against the advice commitment, the logUp leaves claims on the committed X, Y and
/// multiplicities (opened likewise), and the claim on the committed X is also passed to X's producer, which ties the
/// committed X to the computed one at a random point.
/// </summary>
internal sealed class LookupProtocol : LayerProtocol
{
    private readonly LookupLayer _layer;
    private readonly string _x;
    private readonly AdviceTensor _adviceX, _adviceY, _multiplicities;
    private readonly LookupTable _table;
    private readonly LookupInput _input;
    private readonly int _treeVariables;

    public LookupProtocol(LookupLayer layer, InferenceCircuit circuit)
    {
        _layer = layer;
        var x = circuit.Tensors[layer.Inputs[0]];
        var y = circuit.Tensors[layer.Output];
        _x = x.Name;
        var layout = ProverTables.Layout(x);
        _adviceX = new AdviceTensor(y.Name + "/lookup-x", layout);
        _adviceY = new AdviceTensor(y.Name + "/lookup-y", layout);
        _table = LookupTable.ForQLookup(y.Name + "/table", layer.Table.ToArray());
        _multiplicities = new AdviceTensor(y.Name + "/lookup-multiplicities", new TensorLayout(_table.Length));
        _input = new LookupInput([_adviceX.Name, _adviceY.Name], layout);
        _treeVariables = layout.VariableCount;
    }

    public override IReadOnlyList<AdviceTensor> Advice => [_adviceX, _adviceY, _multiplicities];

    public override Goldilocks[] AdviceValues(ProverTables tables, AdviceTensor advice)
    {
        if (advice == _adviceX) return (Goldilocks[])tables.Padded(_layer.Inputs[0]).Clone();
        if (advice == _adviceY) return (Goldilocks[])tables.Padded(_layer.Output).Clone();
        // Elements missing from the table (never for an honest witness) are left out; the verifier rejects such a proof.
        return LogUp.Multiplicities(_table, [_input], [Columns(tables)], out _);
    }

    private Goldilocks[][] Columns(ProverTables tables) => [tables.Advice(this, _adviceX), tables.Advice(this, _adviceY)];

    public override (IReadOnlyList<LayerMessages>, IReadOnlyList<EvaluationClaim>) Prove(ProverTables tables, EvaluationClaim output, Transcript transcript)
    {
        var m = tables.Advice(this, _multiplicities);
        var r = LogUp.Prove(_table, _multiplicities.Name, [_input], [Columns(tables)], m, transcript);
        return ([LogUpMessages.ToMessages(r.Proof)], Claims(output, r.Claims));
    }

    public override ClaimReduction Verify(EvaluationClaim output, StepQueue steps, Transcript transcript)
    {
        int count = LogUpMessages.ValueCount(_treeVariables, _table.VariableCount, 1, 2);
        var m = steps.Take(_treeVariables + _table.VariableCount, count, $"Lookup {_layer.Node}", out var reason);
        if (m is null) return ClaimReduction.Rejected(reason);
        var r = LogUp.Verify(_table, _multiplicities.Name, [_input], LogUpMessages.FromMessages(m, _treeVariables, _table.VariableCount, 1, 2), transcript);
        return r.IsValid ? ClaimReduction.Reduced([.. Claims(output, r.Claims)]) : r;
    }

    private EvaluationClaim[] Claims(EvaluationClaim output, IReadOnlyList<EvaluationClaim> lookup)
    {
        var onX = lookup.First(c => c.Tensor == _adviceX.Name);
        return [output with { Tensor = _adviceY.Name }, .. lookup, onX with { Tensor = _x }];
    }
}
