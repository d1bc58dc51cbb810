using Provenant.Proofs.Field;
using Provenant.Proofs.Lookups;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// A <see cref="LogUpProof"/> (or <see cref="TaggedLogUpProof"/>) as one step: sumchecks = the looked-up tree's layers
/// then the table tree's layers; values = the 4 roots, (P0, P1, Q0, Q1) per layer in the same order, the witness column
/// values (per input, per column) and the multiplicity value (one per table for the tagged proof).
/// </summary>
internal static class LogUpMessages
{
    public static LayerMessages ToMessages(LogUpProof p) =>
        ToMessages(p.Roots, p.WitnessLayers, p.TableLayers, [.. p.WitnessValues.SelectMany(v => v), p.MultiplicityValue]);

    public static LayerMessages ToMessages(TaggedLogUpProof p) =>
        ToMessages(p.Roots, p.WitnessLayers, p.TableLayers, [.. p.WitnessValues, .. p.MultiplicityValues]);

    public static int ValueCount(int witnessLayers, int tableLayers, int inputs, int width) => 4 + 4 * (witnessLayers + tableLayers) + inputs * width + 1;

    /// <summary>Values of a tagged proof's step: roots, layers, one per input, one per table.</summary>
    public static int TaggedValueCount(int witnessLayers, int tableLayers, int inputs, int tables) => 4 + 4 * (witnessLayers + tableLayers) + inputs + tables;

    public static LogUpProof FromMessages(LayerMessages m, int witnessLayers, int tableLayers, int inputs, int width)
    {
        var (roots, witness, table, k) = Trees(m, witnessLayers, tableLayers);
        var v = m.Values;
        var columns = new GoldilocksExt2[inputs][];
        for (int i = 0; i < inputs; i++)
        {
            columns[i] = new GoldilocksExt2[width];
            for (int c = 0; c < width; c++) columns[i][c] = v[k++];
        }
        return new LogUpProof(roots, witness, table, columns, v[k]);
    }

    public static TaggedLogUpProof FromTaggedMessages(LayerMessages m, int witnessLayers, int tableLayers, int inputs, int tables)
    {
        var (roots, witness, table, k) = Trees(m, witnessLayers, tableLayers);
        var v = m.Values;
        return new TaggedLogUpProof(roots, witness, table, [.. v.Skip(k).Take(inputs)], [.. v.Skip(k + inputs).Take(tables)]);
    }

    private static LayerMessages ToMessages(GoldilocksExt2[] roots, FractionLayerProof[] witnessLayers, FractionLayerProof[] tableLayers, GoldilocksExt2[] tail)
    {
        var layers = witnessLayers.Concat(tableLayers).ToArray();
        var values = new List<GoldilocksExt2>(roots);
        foreach (var l in layers) values.AddRange([l.P0, l.P1, l.Q0, l.Q1]);
        values.AddRange(tail);
        return new LayerMessages(layers.Select(l => l.Sumcheck).ToArray(), values);
    }

    /// <summary>The roots and both trees' layers; returns the index of the first value after them.</summary>
    private static (GoldilocksExt2[] Roots, FractionLayerProof[] Witness, FractionLayerProof[] Table, int Next) Trees(LayerMessages m, int witnessLayers, int tableLayers)
    {
        var v = m.Values;
        int k = 4;
        FractionLayerProof Layer(int i)
        {
            var l = new FractionLayerProof(m.Sumchecks[i], v[k], v[k + 1], v[k + 2], v[k + 3]);
            k += 4;
            return l;
        }
        var witness = Enumerable.Range(0, witnessLayers).Select(Layer).ToArray();
        var table = Enumerable.Range(witnessLayers, tableLayers).Select(Layer).ToArray();
        return ([v[0], v[1], v[2], v[3]], witness, table, k);
    }
}
