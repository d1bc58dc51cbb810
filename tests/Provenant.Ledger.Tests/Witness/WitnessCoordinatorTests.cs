using Provenant.Ledger.Notes;
using Provenant.Ledger.Witness;

namespace Provenant.Ledger.Tests.Witness;

/// <summary>The log-side coordinator: parallel requests, proofs from each witness's size, 409 retry, timeouts, quorum.</summary>
public class WitnessCoordinatorTests
{
    private readonly TestLog _log = new(size: 30);
    private readonly CosignatureV1Signer[] _keys = [.. Enumerable.Range(1, 3).Select(i => TestLog.NewWitnessKey($"witness.example/w{i}", i))];
    private readonly InMemoryWitnessStore[] _stores = [new(), new(), new()];
    private readonly List<(ulong, ulong)> _proofRequests = [];

    private CosigningWitness Witness(int i) => new(_keys[i], [_log.Verifier], _stores[i]);

    private WitnessCoordinator Coordinator(int k, params ICheckpointWitness[] clients) =>
        new([.. clients.Select((c, i) => new TrustedWitness(c, _keys[i].Verifier))], k, Proof, TimeSpan.FromSeconds(2));

    private IReadOnlyList<byte[]> Proof(ulong oldSize, ulong newSize)
    {
        lock (_proofRequests) _proofRequests.Add((oldSize, newSize));
        return _log.Proof(oldSize, newSize);
    }

    [Fact]
    public async Task RoundsAdvanceEveryWitness()
    {
        var c = Coordinator(3, new InProcessWitness(Witness(0)), new InProcessWitness(Witness(1)), new InProcessWitness(Witness(2)));
        foreach (var size in new ulong[] { 4, 9, 9, 17 })
        {
            var round = await c.CosignAsync(_log.Signed(size), CancellationToken.None);
            Assert.True(round.QuorumReached, round.Quorum.Result.ToString());
            Assert.Equal(3, round.Cosignatures.Count);
            Assert.True(round.Note.Verify([_log.Verifier]).IsValid);
            Assert.All(round.Responses.Values, r => Assert.Equal(200, r.Status));
            Assert.All(_stores, s => Assert.Equal(size, s.Get(_log.Origin)!.TreeSize));
            Assert.Equal(size, c.KnownSize("witness.example/w2"));
        }
        Assert.Equal([(4UL, 9UL), (4, 9), (4, 9), (9, 17), (9, 17), (9, 17)], _proofRequests);
    }

    [Fact]
    public async Task ConflictTeachesTheWitnessSizeAndRetriesOnce()
    {
        // The witnesses already cosigned size 6 (e.g. before the log restarted and forgot).
        for (var i = 0; i < 3; i++) Assert.Equal(200, Witness(i).AddCheckpoint(_log.Body(0, 6)).Status);
        var c = Coordinator(2, new InProcessWitness(Witness(0)), new InProcessWitness(Witness(1)), new InProcessWitness(Witness(2)));
        var round = await c.CosignAsync(_log.Signed(11), CancellationToken.None);
        Assert.True(round.QuorumReached);
        Assert.Equal(3, round.Cosignatures.Count);
        Assert.All(_proofRequests, p => Assert.Equal((6UL, 11UL), p));
    }

    [Fact]
    public async Task WitnessAheadOfTheCheckpointIsNotCounted()
    {
        Assert.Equal(200, Witness(0).AddCheckpoint(_log.Body(0, 20)).Status);
        var c = Coordinator(2, new InProcessWitness(Witness(0)), new InProcessWitness(Witness(1)), new InProcessWitness(Witness(2)));
        var round = await c.CosignAsync(_log.Signed(11), CancellationToken.None);
        Assert.Equal(409, round.Responses["witness.example/w1"].Status);
        Assert.Equal(20UL, c.KnownSize("witness.example/w1"));
        Assert.Equal(2, round.Cosignatures.Count);
        Assert.True(round.QuorumReached);
    }

    [Fact]
    public async Task SlowAndLyingWitnessesDoNotCount()
    {
        var c = new WitnessCoordinator(
        [
            new TrustedWitness(new InProcessWitness(Witness(0)), _keys[0].Verifier),
            new TrustedWitness(new HangingWitness(_keys[1].Name), _keys[1].Verifier),
            // Answers 200 with a cosignature from a key that is not the one the log trusts for it.
            new TrustedWitness(new InProcessWitness(new CosigningWitness(TestLog.NewWitnessKey(_keys[2].Name, 42), [_log.Verifier], _stores[2])), _keys[2].Verifier),
        ], 2, Proof, TimeSpan.FromMilliseconds(200));
        var started = DateTime.UtcNow;
        var round = await c.CosignAsync(_log.Signed(5), CancellationToken.None);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        Assert.Equal(0, round.Responses[_keys[1].Name].Status);
        Assert.Equal(200, round.Responses[_keys[2].Name].Status);
        var only = Assert.Single(round.Cosignatures);
        Assert.Equal(_keys[0].KeyId, only.KeyId);
        Assert.False(round.QuorumReached);
        Assert.Contains("only 1 of the required 2", round.Quorum.Result.Reason);
    }

    [Fact]
    public void ArgumentsAreChecked()
    {
        var w = new InProcessWitness(Witness(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Coordinator(2, w));
        Assert.Throws<ArgumentException>(() => new WitnessCoordinator([new(w, _keys[0].Verifier), new(w, _keys[0].Verifier)], 1, Proof, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WitnessCoordinator([new(w, _keys[0].Verifier)], 1, Proof, TimeSpan.Zero));
    }

    private sealed class HangingWitness(string name) : ICheckpointWitness
    {
        public string Name => name;

        public async Task<WitnessResponse> AddCheckpointAsync(ulong oldSize, IReadOnlyList<byte[]> consistencyProof, string signedCheckpoint, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
