using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Lookups;

namespace Provenant.Proofs.Tests.Lookups;

public class LogUpTests
{
    private sealed record Case(LookupTable Table, LookupInput[] Inputs, Goldilocks[][][] Columns);

    /// <summary>
    /// Proves with the given (possibly dishonest) prover columns and multiplicities; true when the verifier accepts and
    /// every returned claim holds for the true tensors and the multiplicities the prover committed to.
    /// </summary>
    private static bool Accepted(Case truth, Goldilocks[][][] proverColumns, Goldilocks[] multiplicities, Func<LogUpProof, LogUpProof>? tamper = null)
    {
        var pt = new Transcript("test/logup");
        pt.Absorb<Goldilocks>("commitment/multiplicities", multiplicities);
        var proved = LogUp.Prove(truth.Table, "m", truth.Inputs, proverColumns, multiplicities, pt);
        var vt = new Transcript("test/logup");
        vt.Absorb<Goldilocks>("commitment/multiplicities", multiplicities);
        var red = LogUp.Verify(truth.Table, "m", truth.Inputs, tamper is null ? proved.Proof : tamper(proved.Proof), vt);
        if (!red.IsValid) return false;
        var padded = new Goldilocks[1 << truth.Table.VariableCount];
        multiplicities.CopyTo(padded, 0);
        var oracle = new ClaimOracle().Add("m", padded);
        for (int s = 0; s < truth.Inputs.Length; s++)
        {
            for (int c = 0; c < truth.Table.Width; c++) oracle.Add(truth.Inputs[s].Columns[c], truth.Columns[s][c]);
        }
        Assert.Equal(proved.Claims.Count, red.Claims.Count);
        return oracle.AllHold(red.Claims);
    }

    private static Goldilocks[] Honest(Case x) => LogUp.Multiplicities(x.Table, x.Inputs, x.Columns, out _);

    private static Case RangeCase(Random rng, int bits, params int[][] shapes)
    {
        var inputs = shapes.Select((s, i) => new LookupInput([$"w{i}"], new TensorLayout(s))).ToArray();
        var columns = inputs.Select(i => new[] { i.Layout.Pad(TestField.SmallVector(rng, (int)i.Layout.ElementCount, 0, 1 << bits)) }).ToArray();
        return new Case(LookupTable.Range(bits), inputs, columns);
    }

    private static Goldilocks[][][] WithElement(Goldilocks[][][] columns, int input, int column, int index, Goldilocks value)
    {
        var copy = columns.Select(s => s.Select(c => (Goldilocks[])c.Clone()).ToArray()).ToArray();
        copy[input][column][index] = value;
        return copy;
    }

    private static int RealIndex(LookupInput input, Random rng) => input.Layout.PaddedIndex(rng.NextInt64(input.Layout.ElementCount));

    [Fact]
    public void Honest_range_checks_verify_for_several_tensors_of_different_shapes()
    {
        var x = RangeCase(new Random(41), 8, [3, 5], [37], [2, 2, 2]);
        Assert.True(Accepted(x, x.Columns, Honest(x)));
        var single = RangeCase(new Random(42), 4, [1]);
        Assert.True(Accepted(single, single.Columns, Honest(single)));
    }

    [Fact]
    public void A_value_out_of_range_is_rejected()
    {
        var rng = new Random(43);
        var x = RangeCase(rng, 8, [3, 5], [37]);
        foreach (long bad in new long[] { 256, 257, -1, 1L << 40 })
        {
            int s = rng.Next(2);
            var truth = x with { Columns = WithElement(x.Columns, s, 0, RealIndex(x.Inputs[s], rng), Goldilocks.FromInt64(bad)) };
            var m = LogUp.Multiplicities(truth.Table, truth.Inputs, truth.Columns, out long missing);
            Assert.Equal(1, missing);
            Assert.False(Accepted(truth, truth.Columns, m), $"value {bad}");
            // Also when the prover "pays" for the missing value with an extra count on some row.
            m[rng.Next(m.Length)] += Goldilocks.One;
            Assert.False(Accepted(truth, truth.Columns, m), $"value {bad} with a compensating count");
        }
    }

    [Fact]
    public void A_wrong_multiplicity_is_rejected()
    {
        var rng = new Random(44);
        var x = RangeCase(rng, 6, [4, 9]);
        var honest = Honest(x);
        for (int trial = 0; trial < 8; trial++)
        {
            var m = (Goldilocks[])honest.Clone();
            int i = rng.Next(m.Length);
            m[i] += trial % 2 == 0 ? Goldilocks.One : Goldilocks.FromInt64(-1);
            Assert.False(Accepted(x, x.Columns, m), $"row {i}");
            // Moving a count from one row to another keeps the total but not the identity.
            var moved = (Goldilocks[])honest.Clone();
            int from = Array.FindIndex(moved, v => !v.IsZero), to = (from + 1 + rng.Next(m.Length - 1)) % m.Length;
            moved[from] -= Goldilocks.One;
            moved[to] += Goldilocks.One;
            Assert.False(Accepted(x, x.Columns, moved), $"moved {from} to {to}");
        }
    }

    [Fact]
    public void A_prover_changing_any_looked_up_element_is_caught_by_the_claims()
    {
        var rng = new Random(45);
        var x = RangeCase(rng, 8, [5, 3], [6]);
        for (int trial = 0; trial < 10; trial++)
        {
            int s = rng.Next(2);
            var changed = WithElement(x.Columns, s, 0, RealIndex(x.Inputs[s], rng), Goldilocks.FromUInt64((ulong)rng.Next(256)));
            if (changed[s][0].SequenceEqual(x.Columns[s][0])) continue;
            var m = LogUp.Multiplicities(x.Table, x.Inputs, changed, out _);
            Assert.False(Accepted(x, changed, m));
        }
    }

    private static Case FunctionCase(Random rng)
    {
        // A QLookup-style table: y = table[x + 128], with f(0) ≠ 0 so padding (0, 0) is not a row.
        var entries = Enumerable.Range(0, 256).Select(i => (long)Math.Clamp((int)Math.Round(40 * Math.Tanh((i - 128) / 30.0)) + 7, -128, 127)).ToArray();
        var table = LookupTable.ForQLookup("tanh", entries);
        var inputs = new[] { new LookupInput(["x0", "y0"], new TensorLayout(3, 7)), new LookupInput(["x1", "y1"], new TensorLayout(10)) };
        var columns = inputs.Select(inp =>
        {
            int n = (int)inp.Layout.ElementCount;
            var xs = new long[n];
            var ys = new long[n];
            for (int i = 0; i < n; i++)
            {
                xs[i] = rng.Next(-128, 128);
                ys[i] = entries[xs[i] + 128];
            }
            return new[] { inp.Layout.Pad(xs), inp.Layout.Pad(ys) };
        }).ToArray();
        return new Case(table, inputs, columns);
    }

    [Fact]
    public void Table_function_lookups_verify_and_a_wrong_output_is_rejected()
    {
        var rng = new Random(46);
        var x = FunctionCase(rng);
        Assert.True(Accepted(x, x.Columns, Honest(x)));
        for (int trial = 0; trial < 6; trial++)
        {
            int s = rng.Next(2);
            int index = RealIndex(x.Inputs[s], rng);
            var truth = x with { Columns = WithElement(x.Columns, s, 1, index, x.Columns[s][1][index] + Goldilocks.One) };
            var m = LogUp.Multiplicities(truth.Table, truth.Inputs, truth.Columns, out long missing);
            Assert.Equal(1, missing);
            Assert.False(Accepted(truth, truth.Columns, m));
        }
    }

    [Fact]
    public void Tampered_or_garbage_proofs_are_rejected_without_throwing()
    {
        var x = FunctionCase(new Random(47));
        var m = Honest(x);
        var one = (GoldilocksExt2)Goldilocks.One;
        Assert.False(Accepted(x, x.Columns, m, p => p with { MultiplicityValue = p.MultiplicityValue + one }));
        Assert.False(Accepted(x, x.Columns, m, p => p with { Roots = [p.Roots[0] + one, p.Roots[1], p.Roots[2], p.Roots[3]] }));
        Assert.False(Accepted(x, x.Columns, m, p => p with { Roots = [p.Roots[0], GoldilocksExt2.Zero, p.Roots[2], p.Roots[3]] }));
        Assert.False(Accepted(x, x.Columns, m, p => p with { WitnessValues = [[one, one], p.WitnessValues[1]] }));
        Assert.False(Accepted(x, x.Columns, m, p => p with { WitnessLayers = p.WitnessLayers[1..] }));
        Assert.False(Accepted(x, x.Columns, m, p => p with { TableLayers = [.. p.TableLayers[..^1], p.TableLayers[^1] with { Q1 = one }] }));
        Assert.False(Accepted(x, x.Columns, m, p => p with { WitnessLayers = [null!, .. p.WitnessLayers[1..]] }));
        Assert.False(Accepted(x, x.Columns, m, p => p with { WitnessValues = null! }));
        Assert.False(Accepted(x, x.Columns, m, p => p with { Roots = [] }));
        Assert.False(Accepted(x, x.Columns, m, _ => null!));
        Assert.False(LogUp.Verify(x.Table, "m", [], null, new Transcript("t")).IsValid);
    }
}
