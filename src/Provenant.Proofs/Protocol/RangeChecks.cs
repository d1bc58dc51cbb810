using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Lookups;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// The range checks of every layer (<see cref="LayerProtocol.RangeChecks"/>) over the whole circuit, proven with one
/// tagged logUp over all their tables together (<see cref="TaggedLogUp"/>: one step after the layer walk, one committed
/// multiplicity vector over the packed tables, as advice). The checked tensors are advice, so their claims are opened
/// with the rest of the advice.
/// </summary>
internal sealed class RangeChecks
{
    private readonly LookupTable[] _tables;
    private readonly int[] _tableOf;
    private readonly LookupInput[] _inputs;
    private readonly AdviceTensor? _multiplicities;
    private readonly Dictionary<string, (LayerProtocol Owner, AdviceTensor Tensor)> _checked = new(StringComparer.Ordinal);

    public RangeChecks(IReadOnlyList<LayerProtocol> protocols)
    {
        var all = new List<(LookupTable Table, LookupInput Input)>();
        foreach (var p in protocols)
        {
            foreach (var a in p.Advice) _checked[a.Name] = (p, a);
            all.AddRange(p.RangeChecks);
        }
        // Tables in order of first use; a table is identified by its name.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var tables = new List<LookupTable>();
        _tableOf = new int[all.Count];
        for (int i = 0; i < all.Count; i++)
        {
            if (!index.TryGetValue(all[i].Table.Name, out int t))
            {
                t = tables.Count;
                index.Add(all[i].Table.Name, t);
                tables.Add(all[i].Table);
            }
            _tableOf[i] = t;
        }
        _tables = [.. tables];
        _inputs = [.. all.Select(c => c.Input)];
        if (_inputs.Length > 0)
            _multiplicities = new AdviceTensor("range-checks/multiplicities", new TensorLayout(1 << TaggedLogUp.TableVariables(_tables)));
    }

    /// <summary>The multiplicity vector (advice), when there are range checks.</summary>
    public IEnumerable<AdviceTensor> Advice => _multiplicities is null ? [] : [_multiplicities];

    public bool Owns(AdviceTensor a) => a == _multiplicities;

    /// <summary>The number of tables joined.</summary>
    public int TableCount => _tables.Length;

    /// <summary>The packed multiplicities (prover).</summary>
    public Goldilocks[] Multiplicities(ProverTables tables, AdviceTensor multiplicities) => tables.Advice(multiplicities.Name, () =>
        // Elements outside their table (never for an honest witness) are left out; the verifier rejects such a proof.
        TaggedLogUp.Multiplicities(_tables, _tableOf, _inputs, Columns(tables), out _));

    private Goldilocks[][] Columns(ProverTables tables) =>
        [.. _inputs.Select(i => tables.Advice(_checked[i.Columns[0]].Owner, _checked[i.Columns[0]].Tensor))];

    public (List<LayerMessages> Steps, List<EvaluationClaim> Claims) Prove(ProverTables tables, Transcript transcript)
    {
        if (_multiplicities is null) return ([], []);
        var r = TaggedLogUp.Prove(_tables, _multiplicities.Name, _tableOf, _inputs, Columns(tables), Multiplicities(tables, _multiplicities), transcript);
        return ([LogUpMessages.ToMessages(r.Proof)], [.. r.Claims]);
    }

    public ClaimReduction Verify(StepQueue steps, Transcript transcript)
    {
        if (_multiplicities is null) return ClaimReduction.Reduced();
        int witnessLayers = TaggedLogUp.WitnessVariables(_inputs), tableLayers = TaggedLogUp.TableVariables(_tables);
        var m = steps.Take(witnessLayers + tableLayers, LogUpMessages.ValueCount(witnessLayers, tableLayers, _inputs.Length, 1),
            $"range checks ({_tables.Length} tables)", out var reason);
        if (m is null) return ClaimReduction.Rejected(reason);
        return TaggedLogUp.Verify(_tables, _multiplicities.Name, _tableOf, _inputs,
            LogUpMessages.FromMessages(m, witnessLayers, tableLayers, _inputs.Length, 1), transcript);
    }
}
