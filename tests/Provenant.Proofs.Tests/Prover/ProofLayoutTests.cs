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
        // A proof with advice, a QLookup logUp, the tagged range-check logUp, claim merges and both openings (74 kB).
        // By default: the bytes that give each part its shape (every step's counts, each opening's header and nonce, the
        // first and last bytes of every row and column block) and 300 seeded positions; with PROVENANT_PROOF_EVERY_BYTE=1
        // every byte of the file, on all cores (6 min 41 s on 2 cores at load 27–32).
        var h = new ProofHarness(SyntheticModels.LookupAdd(33), [1, 16]);
        var bytes = h.Prove(h.Witness(SyntheticModels.Input(33, 16)));
        Assert.True(h.Verify(bytes).IsValid);
        Assert.True(ProofFile.TryParse(bytes, out var proof, out _));
        IEnumerable<int> positions;
        if (Environment.GetEnvironmentVariable("PROVENANT_PROOF_EVERY_BYTE") == "1")
        {
            positions = Enumerable.Range(0, bytes.Length);
        }
        else
        {
            var chosen = new SortedSet<int>();
            var rng = new Random(606);
            for (int i = 0; i < 300; i++) chosen.Add(rng.Next(bytes.Length));
            int stepsAt = bytes.AsSpan().IndexOf(proof!.AdviceCommitment!.ToBytes()) + PcsCommitment.EncodedLength;
            int at = stepsAt + 4;
            foreach (var step in proof.Steps)
            {
                // u8 sumcheck count, then per sumcheck u8 rounds ‖ u8 values per round ‖ rounds·values·16 bytes.
                chosen.Add(at);
                int o = at + 1;
                foreach (var sc in step.Sumchecks)
                {
                    chosen.UnionWith([o, o + 1]);
                    o += 2 + sc.Rounds.Sum(r => r.Length) * 16;
                }
                chosen.UnionWith([o, o + 1, o + 2]); // u16 value count, first value byte
                at = o + 2 + step.Values.Count * 16;
            }
            foreach (var opening in new[] { proof.WeightOpening, proof.AdviceOpening })
            {
                int o = bytes.AsSpan().IndexOf(opening);
                Assert.True(PcsOpeningProof.TryParse(opening, out var parsed, out _));
                int rowsEnd = 13 + parsed!.CombinedRows.Length * parsed.CombinedRows[0].Length * 16;
                chosen.UnionWith(Enumerable.Range(o - 4, 4 + 13)); // length prefix, magic, version, k, p
                chosen.UnionWith(Enumerable.Range(o + rowsEnd - 16, 16 + 8 + 8 + 8)); // last row element, nonce, d, h, first column element
                chosen.UnionWith(Enumerable.Range(o + opening.Length - 40, 40)); // sibling count's end, last sibling
            }
            positions = chosen;
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var accepted = new System.Collections.Concurrent.ConcurrentBag<int>();
        var list = positions.ToArray();
        Parallel.ForEach(list, i =>
        {
            var changed = (byte[])bytes.Clone();
            changed[i] ^= (byte)(1 << (i % 8));
            if (h.Verify(changed).IsValid) accepted.Add(i);
        });
        output.WriteLine($"{list.Length} of {bytes.Length} bytes changed, one at a time, in {clock.ElapsedMilliseconds} ms");
        Assert.Empty(accepted);
    }
}
