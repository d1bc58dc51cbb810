using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Lookups;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// The range checks of every layer (<see cref="LayerProtocol.RangeChecks"/>), grouped by table across the whole circuit
/// and proven with one logUp per table (one step each, after the layer walk) and one committed multiplicity vector per
/// table (advice). The checked tensors are advice, so their claims are opened with the rest of the advice.
/// </summary>
internal sealed class RangeChecks
{
    private readonly (LookupTable Table, LookupInput[] Inputs, AdviceTensor Multiplicities)[] _groups;
    private readonly Dictionary<string, (LayerProtocol Owner, AdviceTensor Tensor)> _checked = new(StringComparer.Ordinal);

    public RangeChecks(IReadOnlyList<LayerProtocol> protocols)
    {
        var all = new List<(LookupTable Table, LookupInput Input)>();
        foreach (var p in protocols)
        {
            foreach (var a in p.Advice) _checked[a.Name] = (p, a);
            all.AddRange(p.RangeChecks);
        }
        _groups = all.GroupBy(c => c.Table.Name, StringComparer.Ordinal)
            .Select(g => (g.First().Table, g.Select(c => c.Input).ToArray(),
                new AdviceTensor($"range-checks/{g.Key}/multiplicities", new TensorLayout(g.First().Table.Length))))
            .ToArray();
    }

    /// <summary>The multiplicity vectors (advice).</summary>
    public IEnumerable<AdviceTensor> Advice => _groups.Select(g => g.Multiplicities);

    public bool Owns(AdviceTensor a) => _groups.Any(g => g.Multiplicities == a);

    /// <summary>The multiplicities of one group (prover).</summary>
    public Goldilocks[] Multiplicities(ProverTables tables, AdviceTensor multiplicities) => tables.Advice(multiplicities.Name, () =>
    {
        var g = _groups.First(x => x.Multiplicities == multiplicities);
        // Elements outside the table (never for an honest witness) are left out; the verifier rejects such a proof.
        return LogUp.Multiplicities(g.Table, g.Inputs, Columns(tables, g.Inputs), out _);
    });

    private Goldilocks[][][] Columns(ProverTables tables, LookupInput[] inputs) =>
        inputs.Select(i => new[] { tables.Advice(_checked[i.Columns[0]].Owner, _checked[i.Columns[0]].Tensor) }).ToArray();

    public (List<LayerMessages> Steps, List<EvaluationClaim> Claims) Prove(ProverTables tables, Transcript transcript)
    {
        var steps = new List<LayerMessages>();
        var claims = new List<EvaluationClaim>();
        foreach (var (table, inputs, multiplicities) in _groups)
        {
            var r = LogUp.Prove(table, multiplicities.Name, inputs, Columns(tables, inputs), Multiplicities(tables, multiplicities), transcript);
            steps.Add(LogUpMessages.ToMessages(r.Proof));
            claims.AddRange(r.Claims);
        }
        return (steps, claims);
    }

    public ClaimReduction Verify(StepQueue steps, Transcript transcript)
    {
        var claims = new List<EvaluationClaim>();
        foreach (var (table, inputs, multiplicities) in _groups)
        {
            int witnessLayers = inputs.Max(i => i.Layout.VariableCount) + MultilinearExtension.VariableCount(inputs.Length);
            var m = steps.Take(witnessLayers + table.VariableCount, LogUpMessages.ValueCount(witnessLayers, table.VariableCount, inputs.Length, 1),
                $"range check {table.Name}", out var reason);
            if (m is null) return ClaimReduction.Rejected(reason);
            var r = LogUp.Verify(table, multiplicities.Name, inputs, LogUpMessages.FromMessages(m, witnessLayers, table.VariableCount, inputs.Length, 1), transcript);
            if (!r.IsValid) return r;
            claims.AddRange(r.Claims);
        }
        return ClaimReduction.Reduced([.. claims]);
    }
}
