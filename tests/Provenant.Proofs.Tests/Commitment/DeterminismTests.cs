using Provenant.Core.Hashing;
using Provenant.Proofs.Commitment;
using Provenant.Proofs.Field;
using static Provenant.Proofs.Tests.Commitment.MultilinearPcsTests;

namespace Provenant.Proofs.Tests.Commitment;

/// <summary>Commitments and proofs are the same bytes whatever the degree of parallelism, and match a recorded vector.</summary>
public class DeterminismTests
{
    /// <summary>Runs <paramref name="work"/> on a scheduler that executes one task at a time, so Parallel.For inside it is sequential.</summary>
    private static T OnOneThread<T>(Func<T> work)
    {
        var scheduler = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, 1).ConcurrentScheduler;
        return Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.None, scheduler).GetAwaiter().GetResult();
    }

    [Fact]
    public void Commitment_and_proofs_do_not_depend_on_the_thread_count()
    {
        var rng = new Random(41);
        var f = Values(rng, 1 << 15);
        var points = Enumerable.Range(0, 3).Select(_ => Point(rng, 15)).ToArray();
        byte[] Run()
        {
            var (c, data) = MultilinearPcs.Commit(f);
            var single = MultilinearPcs.Open(data, points, NewTranscript()).Proof.ToBytes();
            var batched = BatchedOpening.Open(data, points, NewTranscript()).Proof.ToBytes();
            return [.. c.ToBytes(), .. single, .. batched];
        }
        Assert.Equal(OnOneThread(Run), Run());
    }

    [Fact]
    public void Commitment_of_a_fixed_vector_matches_the_recorded_root()
    {
        // f[i] = i − 512 for i < 1024 (n = 10: 8 rows × 128 columns, n_code = 512). The root comes from an independent
        // naive Python implementation (ligero_root.py beside this file: Horner evaluation at ω^bitrev(j), hashlib
        // SHA-256). A change here means the v1 commitment format changed and every published weight commitment breaks.
        var f = Enumerable.Range(0, 1024).Select(i => Goldilocks.FromInt64(i - 512)).ToArray();
        var (c, _) = MultilinearPcs.Commit(f, 10, PcsSecurityProfile.Provable);
        Assert.Equal("ligero-goldilocks-sha256-v1/n10-c7-r2-q148", c.Parameters.Scheme);
        Assert.Equal(RecordedRoot, Hex.Encode(c.Root));
        // The conjectured profile's matrix: 16 rows × 64 columns, ρ = 1/8, n_code = 512 (`python3 ligero_root.py 6 3`).
        var (d, _) = MultilinearPcs.Commit(f, 10, PcsSecurityProfile.Conjectured);
        Assert.Equal("ligero-goldilocks-sha256-v1/conjectured/n10-c6-r3-q28-g18", d.Parameters.Scheme);
        Assert.Equal(RecordedConjecturedRoot, Hex.Encode(d.Root));
    }

    private const string RecordedConjecturedRoot = "4b186bcd27b65689b3bc39a89a7fb04d26603f69d744fed0d18c7fcc48070f99";

    private const string RecordedRoot = "aaa41c5d1b50249064e853d8b68ff794498db8d5003fb67682582291bcf61058";
}
