using Provenant.Proofs.Commitment;
using Provenant.Proofs.ProofFormat;
using Xunit.Abstractions;

namespace Provenant.Proofs.Tests.Prover;

/// <summary>
/// The version-2 proof layout (docs/proof-system.md §Proof file): one tagged logUp step for all range tables, a merge step
/// before each opening and openings without a proximity row under the conjectured profile; every single-byte change of a
/// proof is rejected.
/// </summary>
public sealed class ProofLayoutTests(ITestOutputHelper output)
{
    [Fact]
    public void Range_checks_take_one_step_and_conjectured_openings_have_no_proximity_row()
    {
        var h = new ProofHarness(SyntheticModels.LookupAdd(31), [1, 16]);
        var bytes = h.Prove(h.Witness(SyntheticModels.Input(31, 16)));
        Assert.True(h.Verify(bytes).IsValid);
        Assert.True(ProofFile.TryParse(bytes, out var proof, out _));
        foreach (var opening in new[] { proof!.WeightOpening, proof.AdviceOpening })
        {
            Assert.True(PcsOpeningProof.TryParse(opening, out var parsed, out var why), why);
            Assert.Equal(PcsOpeningProof.TensorProximityVersion, opening[4]);
            Assert.Empty(parsed!.ProximityRow);
            Assert.Single(parsed.CombinedRows);
        }
        // The same proof under the provable profile keeps the proximity row (version 2).
        var provable = new ProofHarness(SyntheticModels.LookupAdd(31), [1, 16], PcsSecurityProfile.Provable);
        Assert.True(ProofFile.TryParse(provable.Prove(provable.Witness(SyntheticModels.Input(31, 16))), out var p2, out _));
        Assert.Equal(PcsOpeningProof.Version, p2!.WeightOpening[4]);
        // logUp-shaped steps (two fraction trees: sumchecks of 0, 1, 2, … rounds, then again from 0): the QLookup's and
        // one for the range checks, although they use several tables.
        var (protocols, _) = Proofs.Protocol.ProofProtocol.Protocols(h.Circuit);
        var (_, _, ranges) = Proofs.Protocol.ProofProtocol.Advice(protocols!);
        Assert.True(ranges.TableCount >= 2, $"{ranges.TableCount} range tables");
        Assert.Equal(2, proof.Steps.Count(IsLogUp));
    }

    private static bool IsLogUp(LayerMessages step)
    {
        var rounds = step.Sumchecks.Select(s => s.Rounds.Length).ToArray();
        if (rounds.Length < 3) return false;
        int restart = Array.IndexOf(rounds, 0, 1);
        return restart > 0
            && rounds.Take(restart).Select((r, i) => r == i).All(x => x)
            && rounds.Skip(restart).Select((r, i) => r == i).All(x => x);
    }

    [Fact]
    public void A_proof_without_its_proximity_row_cannot_be_relabelled_as_the_other_form()
    {
        var h = new ProofHarness(SyntheticModels.Gemm(32), [1, 16]);
        var bytes = h.Prove(h.Witness(SyntheticModels.Input(32, 16)));
        Assert.True(ProofFile.TryParse(bytes, out var proof, out _));
        Assert.True(PcsOpeningProof.TryParse(proof!.WeightOpening, out var opening, out _));
        // Re-encoded with the combined row also sent as a "proximity row" (version 2): the verifier expects version 3.
        var withRow = new PcsOpeningProof(opening!.CombinedRows[0], opening.CombinedRows, opening.Columns, opening.Siblings, opening.Nonce);
        var r = h.Verify(ProofFile.ToBytes(proof with { WeightOpening = withRow.ToBytes() }));
        Assert.False(r.IsValid);
        Assert.Contains("proximity row", r.Reason);
    }

    [Fact]
    public void Every_single_byte_change_of_a_proof_is_rejected()
    {
        // The smallest synthetic model (one QGemm with its requantize-free int32 output) keeps the proof small enough to
        // change every byte: header, statement, advice commitment, every step, both openings (rows, nonce, columns,
        // Merkle siblings).
        var h = new ProofHarness(SyntheticModels.Gemm(33, k: 4, n: 2), [1, 4]);
        var bytes = h.Prove(h.Witness(SyntheticModels.Input(33, 4)));
        Assert.True(h.Verify(bytes).IsValid);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var accepted = new List<int>();
        for (int i = 0; i < bytes.Length; i++)
        {
            var changed = (byte[])bytes.Clone();
            changed[i] ^= (byte)(1 << (i % 8));
            if (h.Verify(changed).IsValid) accepted.Add(i);
        }
        output.WriteLine($"{bytes.Length} bytes, each changed once, in {clock.ElapsedMilliseconds} ms");
        Assert.Empty(accepted);
    }
}
