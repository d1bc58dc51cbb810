using Provenant.Ledger.Witness;

namespace Provenant.Ledger.Tests.Witness;

/// <summary>
/// Every single-byte change of a valid add-checkpoint body must be rejected (or, where it is still a valid request
/// for another state, not cosigned): the witness never cosigns anything but what the log signed and proved.
/// </summary>
public class SingleByteMutationTests
{
    [Fact]
    public void EveryChangedByteIsRejected()
    {
        var log = new TestLog(size: 12);
        var key = TestLog.NewWitnessKey();
        var store = new InMemoryWitnessStore();
        var witness = new CosigningWitness(key, [log.Verifier], store);
        Assert.Equal(200, witness.AddCheckpoint(log.Body(0, 5)).Status);
        var body = log.Body(5, 12);
        var tried = 0;
        var statuses = new Dictionary<int, int>();
        foreach (var delta in new byte[] { 0x01, 0x20, 0x80 })
        {
            for (var i = 0; i < body.Length; i++)
            {
                var mutated = (byte[])body.Clone();
                mutated[i] ^= delta;
                var r = witness.AddCheckpoint(mutated);
                Assert.True(r.Status != 200, $"byte {i} ^ 0x{delta:x2} was cosigned");
                Assert.Contains(r.Status, new[] { 400, 403, 404, 409, 422 });
                statuses[r.Status] = statuses.GetValueOrDefault(r.Status) + 1;
                tried++;
            }
        }
        Assert.Equal(5UL, store.Get(log.Origin)!.TreeSize);
        // Truncation at every length is rejected too.
        for (var n = 0; n < body.Length; n++) Assert.NotEqual(200, witness.AddCheckpoint(body.AsSpan(0, n)).Status);
        Assert.Equal(3 * body.Length, tried);
        // The mutations reach the deeper checks, not only the parser.
        Assert.True(statuses.ContainsKey(403) && statuses.ContainsKey(422) && statuses.ContainsKey(409), string.Join(", ", statuses));
        Assert.Equal(200, witness.AddCheckpoint(body).Status);
    }
}
