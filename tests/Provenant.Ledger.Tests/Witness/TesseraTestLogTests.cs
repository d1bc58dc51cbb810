using Provenant.Core.Merkle;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Witness;
using Provenant.TestSupport;

namespace Provenant.Ledger.Tests.Witness;

/// <summary>
/// Real checkpoints from transparency-dev/tessera's test log (tlog-vectors/tessera-testlog, signed by
/// example.com/log/testdata, key from signed-note/signed-note-vectors.json), fed to the witness in sequence with
/// consistency proofs computed from the log's level-0 tile (tile/0/000.p/15 holds the 15 leaf hashes).
/// </summary>
public class TesseraTestLogTests
{
    private const string VerifierKey = "example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx";

    private static string Path(params string[] parts) => SharedData.Get(["tlog-vectors", "tessera-testlog", .. parts]);

    private static List<byte[]> LeafHashes()
    {
        var tile = File.ReadAllBytes(Path("tile", "0", "000.p", "15"));
        Assert.Equal(15 * 32, tile.Length);
        return tile.Chunk(32).ToList();
    }

    [Fact]
    public void VectorKeyIsTheOneInSignedNoteVectors()
    {
        Assert.Contains(VerifierKey, File.ReadAllText(SharedData.Get("tlog-vectors", "signed-note", "signed-note-vectors.json")));
    }

    [Fact]
    public void CheckpointsAreAcceptedInSequence()
    {
        var leaves = LeafHashes();
        var logKey = NoteVerifierKey.Parse(VerifierKey);
        var witnessKey = TestLog.NewWitnessKey();
        var witness = new CosigningWitness(witnessKey, [logKey], new InMemoryWitnessStore());
        ulong old = 0;
        foreach (var size in new ulong[] { 0, 8, 12, 15 })
        {
            var note = File.ReadAllText(Path($"checkpoint.{size}"));
            var checkpoint = Checkpoints.Checkpoint.Parse(SignedNote.Parse(note, "tessera").Text, "tessera");
            Assert.Equal(size, checkpoint.TreeSize);
            Assert.Equal(Rfc9162.RootFromLeafHashes(leaves.Take((int)size).ToList()), checkpoint.RootHash);
            IReadOnlyList<byte[]> proof = old == 0 ? [] : ConsistencyProof.Generate(leaves, old, size);
            var r = witness.AddCheckpoint(new AddCheckpointRequest(old, proof, note).Format());
            Assert.True(r.Status == 200, $"checkpoint.{size}: {r.Status} {r.Body}");
            var cosigned = SignedNote.Parse(note + r.Body, "cosigned");
            Assert.True(cosigned.Verify([witnessKey.Verifier]).IsValid);
            Assert.True(cosigned.Verify([logKey]).IsValid);
            old = size;
        }
        // Going back to checkpoint.12 now conflicts.
        var back = witness.AddCheckpoint(new AddCheckpointRequest(12, [], File.ReadAllText(Path("checkpoint.12"))).Format());
        Assert.Equal((409, "15\n"), (back.Status, back.Body));
    }

    [Fact]
    public void ProofFromATamperedTileIsRejected()
    {
        var leaves = LeafHashes();
        var witness = new CosigningWitness(TestLog.NewWitnessKey(), [NoteVerifierKey.Parse(VerifierKey)], new InMemoryWitnessStore());
        Assert.Equal(200, witness.AddCheckpoint(new AddCheckpointRequest(0, [], File.ReadAllText(Path("checkpoint.8"))).Format()).Status);
        // Change leaf 9 (after the cosigned prefix): the proof no longer leads to checkpoint.15's root.
        var tampered = leaves.Select(h => (byte[])h.Clone()).ToList();
        tampered[9][0] ^= 1;
        var proof = ConsistencyProof.Generate(tampered, 8, 15);
        Assert.Equal(422, witness.AddCheckpoint(new AddCheckpointRequest(8, proof, File.ReadAllText(Path("checkpoint.15"))).Format()).Status);
    }
}
