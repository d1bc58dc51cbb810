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
    private readonly AdviceTensor _multiplicities;
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
        _multiplicities = new AdviceTensor($"{y.Name}/multiplicities-{_table.Name}", new TensorLayout(_table.Length));
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

    public override IReadOnlyList<AdviceTensor> Advice => [.. _differences, _multiplicities];

    public override Goldilocks[] AdviceValues(ProverTables tables, AdviceTensor advice)
    {
        int j = Array.IndexOf(_differences, advice);
        if (j >= 0)
        {
            _tables ??= MaxPoolGadget.Differences(_statement, tables.Field(_layer.Inputs[0]), tables.Field(_layer.Output));
            return _tables[j];
        }
        return LogUp.Multiplicities(_table, _inputs, Columns(tables), out _);
    }

    private Goldilocks[][][] Columns(ProverTables tables) => _differences.Select(d => new[] { tables.Advice(this, d) }).ToArray();

    public override (IReadOnlyList<LayerMessages>, IReadOnlyList<EvaluationClaim>) Prove(ProverTables tables, EvaluationClaim output, Transcript transcript)
    {
        var differences = _differences.Select(d => tables.Advice(this, d)).ToArray();
        var r = MaxPoolGadget.Prove(_statement, differences, output, transcript);
        var lookup = LogUp.Prove(_table, _multiplicities.Name, _inputs, Columns(tables), tables.Advice(this, _multiplicities), transcript);
        var p = r.Proof;
        return ([new LayerMessages([p.ZeroCheck], [.. p.DifferencesAtClaim, .. p.DifferencesAtPoint]), LogUpMessages.ToMessages(lookup.Proof)],
            [.. r.Claims, .. lookup.Claims]);
    }

    public override ClaimReduction Verify(EvaluationClaim output, StepQueue steps, Transcript transcript)
    {
        string what = $"MaxPool {_layer.Node}";
        int k = _statement.WindowSize;
        var m = steps.Take(1, 2 * k, what, out var reason);
        if (m is null) return ClaimReduction.Rejected(reason);
        var r = MaxPoolGadget.Verify(_statement, output, new MaxPoolProof([.. m.Values.Take(k)], m.Sumchecks[0], [.. m.Values.Skip(k)]), transcript);
        if (!r.IsValid) return r;
        int witnessLayers = _statement.OutputLayout.VariableCount + MultilinearExtension.VariableCount(k);
        var lm = steps.Take(witnessLayers + _table.VariableCount, LogUpMessages.ValueCount(witnessLayers, _table.VariableCount, k, 1), what, out reason);
        if (lm is null) return ClaimReduction.Rejected(reason);
        var lookup = LogUp.Verify(_table, _multiplicities.Name, _inputs, LogUpMessages.FromMessages(lm, witnessLayers, _table.VariableCount, k, 1), transcript);
        return lookup.IsValid ? ClaimReduction.Reduced([.. r.Claims, .. lookup.Claims]) : lookup;
    }
}
