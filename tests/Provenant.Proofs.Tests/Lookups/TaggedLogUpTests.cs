using Provenant.Proofs.FiatShamir;
using Provenant.Proofs.Field;
using Provenant.Proofs.Layers;
using Provenant.Proofs.Lookups;

namespace Provenant.Proofs.Tests.Lookups;

/// <summary>
/// One logUp over several tables (<see cref="TaggedLogUp"/>): honest lookups verify and every returned claim holds; an
/// element that is in another table but not in its own, a count moved between tables, a wrong witness value and a wrong
/// multiplicity value are rejected.
/// </summary>
public class TaggedLogUpTests
{
    private sealed record Case(LookupTable[] Tables, int[] TableOf, LookupInput[] Inputs, Goldilocks[][] Columns);

    private static readonly LookupTable[] Tables = [LookupTable.Range(8), LookupTable.Range(1), LookupTable.Range(3, -4), LookupTable.Range(5)];

    private static Case Build(int seed)
    {
        var rng = new Random(seed);
        int[] tableOf = [0, 1, 2, 0, 3, 1];
        int[][] shapes = [[3, 5], [37], [2, 2, 2], [1], [4, 9], [6]];
        var inputs = shapes.Select((s, i) => new LookupInput([$"w{i}"], new TensorLayout(s))).ToArray();
        var columns = inputs.Select((x, i) =>
        {
            var t = Tables[tableOf[i]];
            var values = new Goldilocks[x.Layout.ElementCount];
            for (int j = 0; j < values.Length; j++) values[j] = t.Column(0)[rng.Next(t.Length)];
            return x.Layout.Pad(values);
        }).ToArray();
        return new Case(Tables, tableOf, inputs, columns);
    }

    private static string[] Names(Case x) => [.. x.Tables.Select(t => t.Name + "/m")];

    private static bool Accepted(Case truth, Goldilocks[][] proverColumns, Goldilocks[][] multiplicities, Func<TaggedLogUpProof, TaggedLogUpProof>? tamper = null)
    {
        var pt = new Transcript("test/tagged-logup");
        var proved = TaggedLogUp.Prove(truth.Tables, Names(truth), truth.TableOf, truth.Inputs, proverColumns, multiplicities, pt);
        var vt = new Transcript("test/tagged-logup");
        var red = TaggedLogUp.Verify(truth.Tables, Names(truth), truth.TableOf, truth.Inputs, tamper is null ? proved.Proof : tamper(proved.Proof), vt);
        if (!red.IsValid) return false;
        var oracle = new ClaimOracle();
        for (int i = 0; i < truth.Tables.Length; i++) oracle.Add(Names(truth)[i], multiplicities[i]);
        for (int s = 0; s < truth.Inputs.Length; s++) oracle.Add(truth.Inputs[s].Columns[0], truth.Columns[s]);
        Assert.Equal(truth.Inputs.Length + truth.Tables.Length, red.Claims.Count);
        return oracle.AllHold(red.Claims);
    }

    private static Goldilocks[][] Honest(Case x, Goldilocks[][]? columns = null)
    {
        var m = TaggedLogUp.Multiplicities(x.Tables, x.TableOf, x.Inputs, columns ?? x.Columns, out long missing);
        return m;
    }

    [Fact]
    public void Honest_lookups_into_four_tables_verify_with_true_claims()
    {
        var x = Build(51);
        var m = TaggedLogUp.Multiplicities(x.Tables, x.TableOf, x.Inputs, x.Columns, out long missing);
        Assert.Equal(0, missing);
        Assert.Equal(x.Tables.Select(t => 1 << t.VariableCount), m.Select(v => v.Length));
        Assert.True(Accepted(x, x.Columns, m));
    }

    [Fact]
    public void An_element_found_only_in_another_table_is_rejected()
    {
        var x = Build(52);
        // Input 1 is checked against range(1) = {0, 1}; 5 is in range(8), range(5) and range(3)@−4, but not in range(1).
        var columns = x.Columns.Select(c => (Goldilocks[])c.Clone()).ToArray();
        columns[1][7] = Goldilocks.FromInt64(5);
        var m = TaggedLogUp.Multiplicities(x.Tables, x.TableOf, x.Inputs, columns, out long missing);
        Assert.Equal(1, missing);
        // The prover counts the element in range(8)'s row 5 instead (a valid multiset over the untagged union).
        m[0][5] += Goldilocks.One;
        Assert.False(Accepted(x, columns, m));
        // The same with the element counted nowhere.
        m[0][5] -= Goldilocks.One;
        Assert.False(Accepted(x, columns, m));
    }

    [Fact]
    public void A_count_moved_between_tables_is_rejected()
    {
        var x = Build(53);
        var m = Honest(x);
        int row = Array.FindIndex(m[3], v => v != Goldilocks.Zero);
        m[3][row] -= Goldilocks.One;
        m[0][row] += Goldilocks.One; // same value (row index = value for both ranges), other table
        Assert.False(Accepted(x, x.Columns, m));
    }

    [Fact]
    public void Wrong_sent_values_are_rejected()
    {
        var x = Build(54);
        var m = Honest(x);
        Assert.False(Accepted(x, x.Columns, m, p => p with { WitnessValues = [.. p.WitnessValues.Select((v, i) => i == 2 ? v + GoldilocksExt2.One : v)] }));
        Assert.False(Accepted(x, x.Columns, m, p => p with { MultiplicityValues = [.. p.MultiplicityValues.Select((v, i) => i == 1 ? v + GoldilocksExt2.One : v)] }));
        Assert.False(Accepted(x, x.Columns, m, p => p with { Roots = [p.Roots[0] + GoldilocksExt2.One, p.Roots[1], p.Roots[2], p.Roots[3]] }));
        Assert.False(Accepted(x, x.Columns, m, p => p with { MultiplicityValues = p.MultiplicityValues[..^1] }));
    }

    [Fact]
    public void A_non_zero_padding_value_is_rejected()
    {
        var x = Build(55);
        var columns = x.Columns.Select(c => (Goldilocks[])c.Clone()).ToArray();
        // Input 0 is [3, 5], padded to [4, 8]: index 5 (row 0, column 5) is padding.
        columns[0][5] = Goldilocks.FromInt64(3);
        Assert.False(Accepted(x, columns, Honest(x)));
    }
}
