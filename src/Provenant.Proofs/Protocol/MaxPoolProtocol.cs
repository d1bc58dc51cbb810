using Provenant.Proofs.Circuit;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Lookups;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// QMaxPool with tiling windows (stride = kernel, powers of two, no padding) through <see cref="MaxPoolGadget"/>: the
/// window differences d_j = Y − X_j are advice; the gadget step reduces the claim on Y to claims on X (one per window
/// element) and on the d_j; one logUp step range-checks every d_j in [0, 2^8) with one multiplicity vector (advice).
/// </summary>
internal sealed class MaxPoolProtocol : LayerProtocol
{
    private readonly PoolLayer _layer;
    private readonly MaxPoolStatement _statement;
    private readonly AdviceTensor[] _differences;
    private readonly LookupTable _table;
    private readonly LookupInput[] _inputs;
    private Goldilocks[][]? _tables;

    private MaxPoolProtocol(PoolLayer layer, InferenceCircuit circuit)
    {
        _layer = layer;
        var x = circuit.Tensors[layer.Inputs[0]];
        var y = circuit.Tensors[layer.Output];
        var (kh, kw) = layer.Kernel;
        _statement = new MaxPoolStatement(x.Name, y.Name, [.. x.Shape], kh, kw);
        _differences = Enumerable.Range(0, _statement.WindowSize).Select(j => new AdviceTensor(_statement.Difference(j), _statement.OutputLayout)).ToArray();
        _table = LookupTable.Range(_statement.DifferenceBits);
        _inputs = _differences.Select(d => new LookupInput([d.Name], _statement.OutputLayout)).ToArray();
    }

    /// <summary>The protocol for a tiling max pool, or null for other pools (not provable yet).</summary>
    public static MaxPoolProtocol? Create(PoolLayer layer, InferenceCircuit circuit)
    {
        if (!layer.IsMax || !layer.IsTiling) return null;
        try
        {
            return new MaxPoolProtocol(layer, circuit);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public override IReadOnlyList<AdviceTensor> Advice => _differences;

    public override IReadOnlyList<(LookupTable Table, LookupInput Input)> RangeChecks => [.. _inputs.Select(i => (_table, i))];

    public override Goldilocks[] AdviceValues(ProverTables tables, AdviceTensor advice)
    {
        int j = Array.IndexOf(_differences, advice);
        if (j < 0) throw new ArgumentException($"{advice.Name} is not advice of {_layer}");
        _tables ??= MaxPoolGadget.Differences(_statement, tables.Field(_layer.Inputs[0]), tables.Field(_layer.Output));
        return _tables[j];
    }

    public override (IReadOnlyList<LayerMessages>, IReadOnlyList<EvaluationClaim>) Prove(ProverTables tables, EvaluationClaim output, Transcript transcript)
    {
        var differences = _differences.Select(d => tables.Advice(this, d)).ToArray();
        var r = MaxPoolGadget.Prove(_statement, differences, output, transcript);
        var p = r.Proof;
        return ([new LayerMessages([p.ZeroCheck], [.. p.DifferencesAtClaim, .. p.DifferencesAtPoint])], r.Claims);
    }

    public override ClaimReduction Verify(EvaluationClaim output, StepQueue steps, Transcript transcript)
    {
        string what = $"MaxPool {_layer.Node}";
        int k = _statement.WindowSize;
        var m = steps.Take(1, 2 * k, what, out var reason);
        if (m is null) return ClaimReduction.Rejected(reason);
        return MaxPoolGadget.Verify(_statement, output, new MaxPoolProof([.. m.Values.Take(k)], m.Sumchecks[0], [.. m.Values.Skip(k)]), transcript);
    }
}
