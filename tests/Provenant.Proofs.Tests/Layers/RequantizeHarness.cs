using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Lookups;
using Provenant.Proofs.Polynomials;

namespace Provenant.Proofs.Tests.Layers;

/// <summary>Runs the requantize gadget end to end with its range checks, against an oracle holding the committed tensors.</summary>
internal static class RequantizeHarness
{
    /// <summary>
    /// Proves the claim on <paramref name="output"/> (the prover's Y) with <paramref name="witness"/> (the prover's, possibly
    /// dishonest, advice) and the true accumulators <paramref name="trueInput"/>; true when the gadget verifies, every claim
    /// holds (X against the truth, advice against what the prover committed) and every range check's logUp verifies.
    /// </summary>
    public static bool Accepted(RequantizeStatement s, RequantizeWitness witness, Goldilocks[] output, Goldilocks[] trueInput, bool runLookups = true)
    {
        var pt = new Transcript("test/requantize");
        Commit(pt, witness);
        var r = pt.ChallengeExtVector("r", s.Layout.VariableCount);
        var claim = new EvaluationClaim(s.Output, r, MultilinearExtension.Evaluate<Goldilocks, GoldilocksExt2>(output, r, static v => v));
        var proved = RequantizeGadget.Prove(s, witness, claim, pt);
        var vt = new Transcript("test/requantize");
        Commit(vt, witness);
        var vr = vt.ChallengeExtVector("r", s.Layout.VariableCount);
        var red = RequantizeGadget.Verify(s, claim with { Point = vr }, proved.Proof, vt);
        if (!red.IsValid) return false;
        var oracle = new ClaimOracle().Add(s.Input, trueInput).Add(s.Output, output);
        for (int i = 0; i < s.Advice.Count; i++) oracle.Add(s.Advice[i].Name, witness.AdviceTables[i]);
        if (!oracle.AllHold(red.Claims)) return false;
        return !runLookups || LookupsHold(s, oracle, witness, output);
    }

    /// <summary>Proves and verifies the gadget's range checks with logUp.</summary>
    public static bool LookupsHold(RequantizeStatement s, ClaimOracle oracle, RequantizeWitness witness, Goldilocks[] output)
    {
        var tables = new Dictionary<string, Goldilocks[]>();
        for (int i = 0; i < s.Advice.Count; i++) tables[s.Advice[i].Name] = witness.AdviceTables[i];
        tables[s.Output] = output;
        return ObligationsHold(s.LookupObligations(), tables, s.Layout, oracle);
    }

    /// <summary>Groups obligations (all on tensors of <paramref name="layout"/>) by table and proves/verifies each group with one logUp.</summary>
    public static bool ObligationsHold(IEnumerable<LookupObligation> obligations, Dictionary<string, Goldilocks[]> tables, TensorLayout layout, ClaimOracle oracle)
    {
        foreach (var group in obligations.GroupBy(o => o.Table.Name))
        {
            var table = group.First().Table;
            var inputs = group.Select(o => new LookupInput([o.Tensor], layout)).ToArray();
            var columns = group.Select(o => new[] { tables[o.Tensor] }).ToArray();
            var m = LogUp.Multiplicities(table, inputs, columns, out _);
            var pt = new Transcript("test/lookup");
            pt.Absorb<Goldilocks>("m", m);
            var proof = LogUp.Prove(table, "m/" + table.Name, inputs, columns, m, pt).Proof;
            var vt = new Transcript("test/lookup");
            vt.Absorb<Goldilocks>("m", m);
            var red = LogUp.Verify(table, "m/" + table.Name, inputs, proof, vt);
            var padded = new Goldilocks[1 << table.VariableCount];
            m.CopyTo(padded, 0);
            oracle.Add("m/" + table.Name, padded);
            if (!red.IsValid || !oracle.AllHold(red.Claims)) return false;
        }
        return true;
    }

    private static void Commit(Transcript t, RequantizeWitness w)
    {
        foreach (var a in w.AdviceTables) t.Absorb<Goldilocks>("commitment/advice", a);
    }
}
