using Provenant.Inference.Graph;
using Provenant.Inference.Integer;
using Provenant.Inference.IO;
using Provenant.Inference.Tensors;
using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Lookups;
using Provenant.Proofs.Polynomials;
using Provenant.TestSupport;

namespace Provenant.Proofs.Tests.Layers;

/// <summary>
/// The whole integer part of the quantized digits-mlp (QGemm → Requantize(relu) → QGemm → Requantize) proven as a chain of
/// claims from the public output back to the quantized input and the weights, in the wiring order of
/// docs/proof-system-layers.md: commit advice and multiplicities (absorbed here in place of a PCS), run the lookups, walk
/// backwards batching every tensor's claims. The oracle stands in for the PCS openings.
/// </summary>
public class DigitsMlpChainTests
{
    private sealed record Layer(MatMulStatement Gemm, Goldilocks[] A, Goldilocks[] W, Goldilocks[] Bias, RequantizeStatement Rq, RequantizeWitness Witness);

    private static List<Layer> Build()
    {
        var q = DigitsMlpRequantizeTests.QuantizedDigitsMlpForTests();
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var inputPath = Path.Combine(SharedData.RepoRoot, "samples", "models", "digits-mlp", "digit-0.json");
        new IntegerEngine(q).Run(TensorJson.ReadInputs(File.ReadAllBytes(inputPath), inputPath, q), (node, outs) =>
        {
            for (int i = 0; i < outs.Count; i++)
            {
                if (outs[i] is { } t) values[node.Outputs[i]] = t;
            }
        });
        var layers = new List<Layer>();
        foreach (var rq in q.Nodes.Where(n => n.Domain == QuantDomain.Name && n.OpType == "Requantize"))
        {
            var gemm = q.Nodes.Single(n => n.Outputs.Contains(rq.Inputs[0]));
            var a = values[gemm.Inputs[0]];
            var w = q.Initializers[gemm.Inputs[2]];
            int m = a.Shape[0], k = a.Shape[1], n = w.Shape[0];
            long zp = q.Initializers[gemm.Inputs[1]].AsSpan<sbyte>()[0];
            var statement = new MatMulStatement(gemm.Inputs[0], gemm.Inputs[2], gemm.Inputs[3], m, k, n, true, zp);
            var rqs = DigitsMlpRequantizeTests.StatementFor(q, rq, values[rq.Inputs[0]]);
            var acc = values[rq.Inputs[0]].AsSpan<int>().ToArray().Select(v => (long)v).ToArray();
            layers.Add(new Layer(statement, F(a.AsSpan<sbyte>()), F(w.AsSpan<sbyte>()), q.Initializers[gemm.Inputs[3]].AsSpan<int>().ToArray().Select(v => Goldilocks.FromInt64(v)).ToArray(),
                rqs, RequantizeWitness.Compute(rqs, acc)));
        }
        return layers;
    }

    private static Goldilocks[] F(ReadOnlySpan<sbyte> v)
    {
        var f = new Goldilocks[v.Length];
        for (int i = 0; i < v.Length; i++) f[i] = Goldilocks.FromInt64(v[i]);
        return f;
    }

    /// <summary>Lookup groups over all layers: (table, inputs, prover columns).</summary>
    private static List<(LookupTable Table, LookupInput[] Inputs, Goldilocks[][][] Columns)> Lookups(List<Layer> layers)
    {
        var all = new List<(LookupObligation O, TensorLayout L, Goldilocks[] T)>();
        foreach (var l in layers)
        {
            var tables = l.Rq.Advice.Select((a, i) => (a.Name, l.Witness.AdviceTables[i])).ToDictionary(p => p.Name, p => p.Item2);
            tables[l.Rq.Output] = l.Witness.OutputTable;
            foreach (var o in l.Rq.LookupObligations()) all.Add((o, l.Rq.Layout, tables[o.Tensor]));
        }
        return all.GroupBy(x => x.O.Table.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.First().O.Table, g.Select(x => new LookupInput([x.O.Tensor], x.L)).ToArray(), g.Select(x => new[] { x.T }).ToArray())).ToList();
    }

    private static void Commit(Transcript t, List<Layer> layers, List<(LookupTable Table, LookupInput[] Inputs, Goldilocks[][][] Columns)> lookups, List<Goldilocks[]> multiplicities)
    {
        foreach (var l in layers)
        {
            foreach (var a in l.Witness.AdviceTables) t.Absorb<Goldilocks>("commit/advice", a);
        }
        foreach (var m in multiplicities) t.Absorb<Goldilocks>("commit/multiplicities", m);
    }

    /// <summary>Proves (prover) or verifies (verifier, using the prover's messages) the whole chain; returns the final claims or null when rejected.</summary>
    private static List<EvaluationClaim>? Run(List<Layer> layers, Goldilocks[] publicOutput, bool cheatOnHiddenActivation)
    {
        var lookups = Lookups(layers);
        var mults = lookups.Select(g => LogUp.Multiplicities(g.Table, g.Inputs, g.Columns, out _)).ToList();
        var pt = new Transcript("test/digits-chain");
        var vt = new Transcript("test/digits-chain");
        Commit(pt, layers, lookups, mults);
        Commit(vt, layers, lookups, mults);
        var final = new List<EvaluationClaim>();
        var pending = new Dictionary<string, List<EvaluationClaim>>(StringComparer.Ordinal);
        void Add(IEnumerable<EvaluationClaim> claims)
        {
            foreach (var c in claims)
            {
                if (!pending.TryGetValue(c.Tensor, out var list)) pending[c.Tensor] = list = [];
                list.Add(c);
            }
        }
        for (int g = 0; g < lookups.Count; g++)
        {
            var (table, inputs, columns) = lookups[g];
            var proof = LogUp.Prove(table, "m/" + table.Name, inputs, columns, mults[g], pt).Proof;
            var red = LogUp.Verify(table, "m/" + table.Name, inputs, proof, vt);
            if (!red.IsValid) return null;
            Add(red.Claims);
        }
        var last = layers[^1];
        var r = pt.ChallengeExtVector("output", last.Rq.Layout.VariableCount);
        var vr = vt.ChallengeExtVector("output", last.Rq.Layout.VariableCount);
        // The verifier evaluates the public output itself.
        Add([new EvaluationClaim(last.Rq.Output, vr, MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(last.Rq.Layout.Pad(publicOutput), vr, static v => v))]);
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            var l = layers[i];
            var y = Batch(l.Rq.Output, l.Witness.OutputTable, pending, pt, vt);
            if (y is null) return null;
            var rqProof = RequantizeGadget.Prove(l.Rq, l.Witness, y, pt).Proof;
            var rq = RequantizeGadget.Verify(l.Rq, y, rqProof, vt);
            if (!rq.IsValid) return null;
            Add(rq.Claims);
            var acc = Batch(l.Rq.Input, l.Witness.InputTable, pending, pt, vt);
            if (acc is null) return null;
            var a = l.A;
            if (cheatOnHiddenActivation && i == layers.Count - 1)
            {
                a = (Goldilocks[])a.Clone();
                a[3] += Goldilocks.One;
            }
            var mmProof = MatMulGadget.Prove(l.Gemm, a, l.W, l.Bias, acc, pt).Proof;
            var mm = MatMulGadget.Verify(l.Gemm, acc, mmProof, vt);
            if (!mm.IsValid) return null;
            Add(mm.Claims);
        }
        foreach (var (tensor, claims) in pending) final.AddRange(claims);
        return final;
    }

    private static EvaluationClaim? Batch(string tensor, Goldilocks[] table, Dictionary<string, List<EvaluationClaim>> pending, Transcript pt, Transcript vt)
    {
        var claims = pending[tensor];
        pending.Remove(tensor);
        var proof = ClaimBatching.Prove(tensor, table, claims, pt).Proof;
        var red = ClaimBatching.Verify(tensor, MultilinearExtension.VariableCount(table.Length), claims, proof, vt);
        return red.IsValid ? red.Claims[0] : null;
    }

    private static ClaimOracle Oracle(List<Layer> layers)
    {
        var oracle = new ClaimOracle();
        foreach (var l in layers)
        {
            oracle.Add(l.Gemm.B, l.Gemm.BLayout.Pad(l.W)).Add(l.Gemm.Bias!, new TensorLayout(l.Gemm.Columns).Pad(l.Bias));
            for (int i = 0; i < l.Rq.Advice.Count; i++) oracle.Add(l.Rq.Advice[i].Name, l.Witness.AdviceTables[i]);
        }
        oracle.Add(layers[0].Gemm.A, layers[0].Gemm.ALayout.Pad(layers[0].A));
        foreach (var g in Lookups(layers))
        {
            var m = LogUp.Multiplicities(g.Table, g.Inputs, g.Columns, out _);
            var padded = new Goldilocks[1 << g.Table.VariableCount];
            m.CopyTo(padded, 0);
            oracle.Add("m/" + g.Table.Name, padded);
        }
        return oracle;
    }

    [Fact]
    public void The_quantized_digits_mlp_is_proven_from_its_output_to_its_input_and_weights()
    {
        var layers = Build();
        Assert.Equal(2, layers.Count);
        var output = layers[^1].Witness.Output.Select(Goldilocks.FromInt64).ToArray();
        var claims = Run(layers, output, false);
        Assert.NotNull(claims);
        // Everything left is on the quantized input, weights, biases, advice or multiplicities: all hold.
        Assert.All(claims!, c => Assert.True(Oracle(layers).Holds(c), c.ToString()));
        Assert.Contains(claims!, c => c.Tensor == layers[0].Gemm.A);

        // A different public output, or a prover using a changed hidden activation, is rejected.
        var wrong = (Goldilocks[])output.Clone();
        wrong[0] += Goldilocks.One;
        var rejected = Run(layers, wrong, false);
        Assert.True(rejected is null || !rejected.All(Oracle(layers).Holds));
        var cheat = Run(layers, output, true);
        Assert.True(cheat is null || !cheat.All(Oracle(layers).Holds));
    }
}
