using Provenant.Proofs.Field;
using Provenant.Proofs.Lookups;
using Provenant.Proofs.ProofFormat;

namespace Provenant.Proofs.Protocol;

/// <summary>
/// A <see cref="LogUpProof"/> as one step: sumchecks = the looked-up tree's layers then the table tree's layers; values
/// = the 4 roots, (P0, P1, Q0, Q1) per layer in the same order, the witness column values (per input, per column) and
/// the multiplicity value.
/// </summary>
internal static class LogUpMessages
{
    public static LayerMessages ToMessages(LogUpProof p)
    {
        var layers = p.WitnessLayers.Concat(p.TableLayers).ToArray();
        var values = new List<GoldilocksExt2>(p.Roots);
        foreach (var l in layers) values.AddRange([l.P0, l.P1, l.Q0, l.Q1]);
        foreach (var v in p.WitnessValues) values.AddRange(v);
        values.Add(p.MultiplicityValue);
        return new LayerMessages(layers.Select(l => l.Sumcheck).ToArray(), values);
    }

    public static int ValueCount(int witnessLayers, int tableLayers, int inputs, int width) => 4 + 4 * (witnessLayers + tableLayers) + inputs * width + 1;

    public static LogUpProof FromMessages(LayerMessages m, int witnessLayers, int tableLayers, int inputs, int width)
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
        var columns = new GoldilocksExt2[inputs][];
        for (int i = 0; i < inputs; i++)
        {
            columns[i] = new GoldilocksExt2[width];
            for (int c = 0; c < width; c++) columns[i][c] = v[k++];
        }
        return new LogUpProof([v[0], v[1], v[2], v[3]], witness, table, columns, v[k]);
    }
}
