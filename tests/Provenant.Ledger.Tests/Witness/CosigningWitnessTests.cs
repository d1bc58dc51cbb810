using System.Text;
using Provenant.Core.Merkle;
using Provenant.Ledger.Notes;
using Provenant.Ledger.Witness;

namespace Provenant.Ledger.Tests.Witness;

/// <summary>c2sp.org/tlog-witness add-checkpoint: every status code, with real signed checkpoints and RFC 9162 proofs.</summary>
public class CosigningWitnessTests
{
    private readonly TestLog _log = new(size: 20);
    private readonly InMemoryWitnessStore _store = new();
    private readonly CosignatureV1Signer _key = TestLog.NewWitnessKey();

    private CosigningWitness NewWitness() => new(_key, [_log.Verifier], _store);

    private static void AssertCosigned(AddCheckpointResult r)
    {
        Assert.True(r.Status == 200, r.Body);
        Assert.Equal(AddCheckpointResult.CosignatureContentType, r.ContentType);
    }

    private static void AssertStatus(int status, AddCheckpointResult r)
    {
        Assert.True(r.Status == status, $"expected {status}, got {r.Status}: {r.Body}");
        Assert.Empty(r.Cosignatures);
    }

    [Fact]
    public void FirstCheckpointIsCosignedAndTheCosignatureVerifies()
    {
        var witness = NewWitness();
        var r = witness.AddCheckpoint(_log.Body(0, 5));
        AssertCosigned(r);
        var sig = Assert.Single(r.Cosignatures);
        Assert.Equal(sig.ToLine() + "\n", r.Body);
        Assert.Equal(_key.KeyId, sig.KeyId);
        var text = Encoding.UTF8.GetBytes(_log.Checkpoint(5).Format());
        Assert.True(_key.Verifier.Verify(text, sig.Signature));
        Assert.NotEqual(0UL, CosignatureV1.Timestamp(sig.Signature));
        Assert.False(_key.Verifier.Verify(Encoding.UTF8.GetBytes(_log.Checkpoint(6).Format()), sig.Signature));

        // The body parses back, and appended to the checkpoint it verifies as a note signed by the witness.
        Assert.Equal(r.Cosignatures.Select(c => c.ToLine()), CosignatureLines.Parse(r.Body, "response").Select(c => c.ToLine()));
        var cosigned = SignedNote.Parse(_log.Signed(5) + r.Body, "cosigned");
        Assert.True(cosigned.Verify([_key.Verifier]).IsValid);
        Assert.Equal(5UL, _store.Get(_log.Origin)!.TreeSize);
    }

    [Fact]
    public void SequenceOfConsistentCheckpointsIsCosigned()
    {
        var witness = NewWitness();
        ulong old = 0;
        foreach (var size in new ulong[] { 1, 2, 3, 7, 8, 8, 13, 16, 20 })
        {
            AssertCosigned(witness.AddCheckpoint(_log.Body(old, size)));
            var state = _store.Get(_log.Origin)!;
            Assert.Equal(size, state.TreeSize);
            Assert.Equal(_log.Root(size), state.RootHash);
            old = size;
        }
        // The stored note carries the log's signature and the witness's cosignature.
        var stored = SignedNote.Parse(_store.Get(_log.Origin)!.Note, "stored");
        Assert.True(stored.Verify([_log.Verifier]).IsValid);
        Assert.True(stored.Verify([_key.Verifier]).IsValid);
    }

    [Fact]
    public void UnknownOriginIs404()
    {
        var other = new TestLog("example.com/other-log", size: 3);
        AssertStatus(404, NewWitness().AddCheckpoint(other.Body(0, 3)));
        Assert.Null(_store.Get(other.Origin));
    }

    [Fact]
    public void NoTrustedSignatureIs403()
    {
        // Same origin and key name, different key: the signature line's key ID matches no trusted key.
        var impostor = new TestLog(seed: Enumerable.Repeat((byte)0xEE, 32).ToArray(), size: 5);
        AssertStatus(403, NewWitness().AddCheckpoint(impostor.Body(0, 5)));
        Assert.Null(_store.Get(_log.Origin));
    }

    [Fact]
    public void TrustedKeyWithBadSignatureIs403EvenBesideAGoodOne()
    {
        var good = _log.Signed(5);
        var bad = good.Signatures[0] with { Signature = _log.Signer.Sign(Encoding.UTF8.GetBytes(_log.Checkpoint(6).Format())).Signature };
        var note = good.WithSignatures([bad]).ToString();
        var body = new AddCheckpointRequest(0, [], note).Format();
        AssertStatus(403, NewWitness().AddCheckpoint(body));
    }

    [Fact]
    public void UnknownSignaturesAreIgnored()
    {
        var grease = new NoteSignature("grease.example/key", 0x12345678, new byte[64]);
        var note = _log.Signed(4).WithSignatures([grease]).ToString();
        AssertCosigned(NewWitness().AddCheckpoint(new AddCheckpointRequest(0, [], note).Format()));
    }

    [Fact]
    public void OldSizeAboveCheckpointSizeIs400()
    {
        var body = Encoding.UTF8.GetBytes($"old 6\n\n{_log.Signed(5)}");
        AssertStatus(400, NewWitness().AddCheckpoint(body));
    }

    [Fact]
    public void SignedTextThatIsNotACheckpointIs400()
    {
        var note = SignedNote.Sign($"{_log.Origin}\n012\n{Convert.ToBase64String(_log.Root(12))}\n", _log.Signer);
        AssertStatus(400, NewWitness().AddCheckpoint(new AddCheckpointRequest(0, [], note.ToString()).Format()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("old 0\n")]
    [InlineData("old 0\r\n\r\n")]
    [InlineData("old 00\n\n")]
    [InlineData("old -0\n\n")]
    [InlineData("old +1\n\n")]
    [InlineData("old  0\n\n")]
    [InlineData("Old 0\n\n")]
    [InlineData("old 18446744073709551616\n\n")]
    [InlineData("old 0\nAAAA\n\n")]
    public void MalformedBodiesAre400(string prefix)
    {
        var body = prefix.Length > 0 && prefix.EndsWith("\n\n") ? prefix + _log.Signed(5) : prefix;
        AssertStatus(400, NewWitness().AddCheckpoint(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void OversizedBodyIs400()
    {
        var body = new byte[AddCheckpointRequest.MaxBodySize + 1];
        AssertStatus(400, NewWitness().AddCheckpoint(body));
    }

    [Fact]
    public void OlderCheckpointIs409WithTheWitnessSize()
    {
        var witness = NewWitness();
        AssertCosigned(witness.AddCheckpoint(_log.Body(0, 9)));
        var r = witness.AddCheckpoint(_log.Body(5, 5));
        AssertStatus(409, r);
        Assert.Equal("9\n", r.Body);
        Assert.Equal("text/x.tlog.size", r.ContentType);
        Assert.Equal(9UL, r.WitnessSize);
        // A client without state learns the size with old 0.
        var probe = witness.AddCheckpoint(_log.Body(0, 12));
        AssertStatus(409, probe);
        Assert.Equal("9\n", probe.Body);
        Assert.Equal(9UL, _store.Get(_log.Origin)!.TreeSize);
    }

    [Fact]
    public void NeverCosignedOriginConflictsWithSizeZero()
    {
        var r = NewWitness().AddCheckpoint(_log.Body(3, 5));
        AssertStatus(409, r);
        Assert.Equal("0\n", r.Body);
    }

    [Fact]
    public void SizeZeroCheckpointMustHaveTheEmptyRoot()
    {
        var witness = NewWitness();
        var wrong = SignedNote.Sign(new Checkpoints.Checkpoint(_log.Origin, 0, _log.Root(1)).Format(), _log.Signer);
        AssertStatus(422, witness.AddCheckpoint(new AddCheckpointRequest(0, [], wrong.ToString()).Format()));
        Assert.Equal(Rfc9162.EmptyRoot(), _log.Root(0));
        AssertCosigned(witness.AddCheckpoint(_log.Body(0, 0)));
        Assert.Equal(0UL, _store.Get(_log.Origin)!.TreeSize);
    }

    [Fact]
    public void OldSizeZeroWithAProofIs422()
    {
        var body = new AddCheckpointRequest(0, _log.Proof(3, 5), _log.Signed(5).ToString()).Format();
        AssertStatus(422, NewWitness().AddCheckpoint(body));
    }

    [Fact]
    public void BadConsistencyProofIs422()
    {
        var witness = NewWitness();
        AssertCosigned(witness.AddCheckpoint(_log.Body(0, 6)));
        var proof = _log.Proof(6, 11).Select(h => (byte[])h.Clone()).ToArray();
        proof[^1][0] ^= 1;
        AssertStatus(422, witness.AddCheckpoint(new AddCheckpointRequest(6, proof, _log.Signed(11).ToString()).Format()));
        // Wrong number of hashes, and a proof for different sizes, are rejected too.
        AssertStatus(422, witness.AddCheckpoint(new AddCheckpointRequest(6, _log.Proof(6, 11).Skip(1).ToArray(), _log.Signed(11).ToString()).Format()));
        AssertStatus(422, witness.AddCheckpoint(new AddCheckpointRequest(6, _log.Proof(5, 11), _log.Signed(11).ToString()).Format()));
        AssertStatus(422, witness.AddCheckpoint(new AddCheckpointRequest(6, _log.Proof(6, 12), _log.Signed(11).ToString()).Format()));
        Assert.Equal(6UL, _store.Get(_log.Origin)!.TreeSize);
        AssertCosigned(witness.AddCheckpoint(_log.Body(6, 11)));
    }

    [Fact]
    public void EqualSizesNeedAnEmptyProof()
    {
        var witness = NewWitness();
        AssertCosigned(witness.AddCheckpoint(_log.Body(0, 6)));
        AssertStatus(422, witness.AddCheckpoint(new AddCheckpointRequest(6, [_log.Root(6)], _log.Signed(6).ToString()).Format()));
        AssertCosigned(witness.AddCheckpoint(_log.Body(6, 6)));
    }

    [Fact]
    public void ForkedLogIsRefusedAfterTheFirstBranchWasCosigned()
    {
        // Two trees with the same origin and key that agree on the first 4 leaves only.
        var a = new TestLog(branch: "a", forkAt: 4, size: 10);
        var b = new TestLog(branch: "b", forkAt: 4, size: 10);
        Assert.Equal(a.Root(4), b.Root(4));
        Assert.NotEqual(a.Root(6), b.Root(6));
        var witness = new CosigningWitness(_key, [a.Verifier], _store);
        AssertCosigned(witness.AddCheckpoint(a.Body(0, 6)));

        // Same size, other root.
        AssertStatus(422, witness.AddCheckpoint(b.Body(6, 6)));
        // Larger size, proof from b's own tree (valid for b, but not from the root the witness cosigned).
        Assert.True(ConsistencyProof.Verify(6, 9, b.Proof(6, 9), b.Root(6), b.Root(9)).IsValid);
        AssertStatus(422, witness.AddCheckpoint(b.Body(6, 9)));
        // Trying to reset with old 0 only reveals the witness's size.
        AssertStatus(409, witness.AddCheckpoint(b.Body(0, 9)));

        var state = _store.Get(a.Origin)!;
        Assert.Equal(6UL, state.TreeSize);
        Assert.Equal(a.Root(6), state.RootHash);
        AssertCosigned(witness.AddCheckpoint(a.Body(6, 9)));
    }

    [Fact]
    public void ConcurrentRequestsFromTheSameOldSizeNeverRollBack()
    {
        var witness = NewWitness();
        AssertCosigned(witness.AddCheckpoint(_log.Body(0, 4)));
        var sizes = Enumerable.Range(5, 16).Select(s => (ulong)s).ToArray();
        var bodies = sizes.Select(s => _log.Body(4, s)).ToArray();
        var results = new AddCheckpointResult[bodies.Length];
        Parallel.For(0, bodies.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = witness.AddCheckpoint(bodies[i]));
        var winners = Enumerable.Range(0, sizes.Length).Where(i => results[i].Status == 200).ToArray();
        var winner = Assert.Single(winners);
        Assert.All(results.Where(r => r.Status != 200), r => Assert.Equal(409, r.Status));
        Assert.Equal(sizes[winner], _store.Get(_log.Origin)!.TreeSize);
    }
}
