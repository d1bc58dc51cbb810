using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Lookups;
using Provenant.Proofs.Polynomials;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// The range checks of every layer (<see cref="LayerProtocol.RangeChecks"/>) over the whole circuit, proven with one
/// tagged logUp over all their tables together (<see cref="TaggedLogUp"/>: one step after the layer walk) and one
/// committed multiplicity vector per table (advice). The checked tensors are advice, so their claims are opened with the
/// rest of the advice.
/// </summary>
internal sealed class RangeChecks
{
    private readonly LookupTable[] _tables;
    private readonly int[] _tableOf;
    private readonly LookupInput[] _inputs;
    private readonly AdviceTensor[] _multiplicities;
    private Goldilocks[][]? _counts;
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
        _multiplicities = [.. _tables.Select(t => new AdviceTensor($"range-checks/{t.Name}/multiplicities", new TensorLayout(t.Length)))];
    }

    /// <summary>The multiplicity vectors (advice), one per table.</summary>
    public IEnumerable<AdviceTensor> Advice => _multiplicities;

    public bool Owns(AdviceTensor a) => _multiplicities.Contains(a);

    /// <summary>The number of tables joined.</summary>
    public int TableCount => _tables.Length;

    /// <summary>One table's multiplicities (prover).</summary>
    public Goldilocks[] Multiplicities(ProverTables tables, AdviceTensor multiplicities) => tables.Advice(multiplicities.Name, () =>
        // Elements outside their table (never for an honest witness) are left out; the verifier rejects such a proof.
        (_counts ??= TaggedLogUp.Multiplicities(_tables, _tableOf, _inputs, Columns(tables), out _))[Array.IndexOf(_multiplicities, multiplicities)]);

    private Goldilocks[][] Columns(ProverTables tables) =>
        [.. _inputs.Select(i => tables.Advice(_checked[i.Columns[0]].Owner, _checked[i.Columns[0]].Tensor))];

    public (List<LayerMessages> Steps, List<EvaluationClaim> Claims) Prove(ProverTables tables, Transcript transcript)
    {
        if (_inputs.Length == 0) return ([], []);
        var r = TaggedLogUp.Prove(_tables, Names, _tableOf, _inputs, Columns(tables), [.. _multiplicities.Select(m => Multiplicities(tables, m))], transcript);
        return ([LogUpMessages.ToMessages(r.Proof)], [.. r.Claims]);
    }

    public ClaimReduction Verify(StepQueue steps, Transcript transcript)
    {
        if (_inputs.Length == 0) return ClaimReduction.Reduced();
        int witnessLayers = TaggedLogUp.WitnessVariables(_inputs), tableLayers = TaggedLogUp.TableVariables(_tables);
        var m = steps.Take(witnessLayers + tableLayers, LogUpMessages.TaggedValueCount(witnessLayers, tableLayers, _inputs.Length, _tables.Length),
            $"range checks ({_tables.Length} tables)", out var reason);
        if (m is null) return ClaimReduction.Rejected(reason);
        return TaggedLogUp.Verify(_tables, Names, _tableOf, _inputs,
            LogUpMessages.FromTaggedMessages(m, witnessLayers, tableLayers, _inputs.Length, _tables.Length), transcript);
    }

    private string[] Names => [.. _multiplicities.Select(m => m.Name)];
}
