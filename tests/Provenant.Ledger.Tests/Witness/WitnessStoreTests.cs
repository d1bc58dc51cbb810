using Provenant.Ledger.Witness;
using Provenant.TestSupport;

namespace Provenant.Ledger.Tests.Witness;

/// <summary>The compare-and-swap contract, run against both stores; durability across a reopen for SQLite.</summary>
public sealed class WitnessStoreTests : IDisposable
{
    private readonly TempDir _dir = SharedData.NewTempDir();
    private readonly List<IDisposable> _open = [];

    public void Dispose()
    {
        foreach (var d in _open) d.Dispose();
        _dir.Dispose();
    }

    private IWitnessStore Open(string kind)
    {
        if (kind == "memory") return new InMemoryWitnessStore();
        var s = new SqliteWitnessStore(_dir["witness.db"]);
        _open.Add(s);
        return s;
    }

    private static WitnessState State(ulong size, byte fill = 1, string origin = "o") => new(origin, size, Enumerable.Repeat(fill, 32).ToArray(), $"note {size}\n");

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public void CompareAndSwapChecksTheStoredSize(string kind)
    {
        var store = Open(kind);
        Assert.Null(store.Get("o"));
        Assert.False(store.CompareAndSwap(3, State(5), out var current));
        Assert.Equal(0UL, current);
        Assert.True(store.CompareAndSwap(0, State(5), out _));
        Assert.False(store.CompareAndSwap(0, State(7), out current));
        Assert.Equal(5UL, current);
        Assert.True(store.CompareAndSwap(5, State(7, 2), out _));
        var s = store.Get("o")!;
        Assert.Equal((7UL, "note 7\n"), (s.TreeSize, s.Note));
        Assert.Equal(Enumerable.Repeat((byte)2, 32), s.RootHash);
        Assert.Null(store.Get("other"));
        Assert.True(store.CompareAndSwap(0, State(1, origin: "other"), out _));
        Assert.Equal(7UL, store.Get("o")!.TreeSize);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public void InvalidStatesAreCallerErrors(string kind)
    {
        var store = Open(kind);
        Assert.Throws<ArgumentException>(() => store.CompareAndSwap(5, State(4), out _));
        Assert.Throws<ArgumentException>(() => store.CompareAndSwap(0, State(4) with { RootHash = new byte[31] }, out _));
        Assert.Throws<ArgumentException>(() => store.CompareAndSwap(0, State(4, origin: ""), out _));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public void SizesAboveTwoToTheSixtyThreeRoundTrip(string kind)
    {
        var store = Open(kind);
        Assert.True(store.CompareAndSwap(0, State(ulong.MaxValue - 1), out _));
        Assert.Equal(ulong.MaxValue - 1, store.Get("o")!.TreeSize);
        Assert.False(store.CompareAndSwap(0, State(ulong.MaxValue), out var current));
        Assert.Equal(ulong.MaxValue - 1, current);
    }

    [Fact]
    public void SqliteStateSurvivesReopen()
    {
        using (var first = new SqliteWitnessStore(_dir["witness.db"]))
        {
            Assert.True(first.CompareAndSwap(0, State(9, 3), out _));
        }
        using var second = new SqliteWitnessStore(_dir["witness.db"]);
        var s = second.Get("o")!;
        Assert.Equal(9UL, s.TreeSize);
        Assert.Equal(Enumerable.Repeat((byte)3, 32), s.RootHash);
        Assert.False(second.CompareAndSwap(0, State(10), out var current));
        Assert.Equal(9UL, current);
    }

    [Fact]
    public void WitnessStateSurvivesARestart()
    {
        var log = new TestLog(size: 10);
        var key = TestLog.NewWitnessKey();
        using (var store = new SqliteWitnessStore(_dir["witness.db"]))
        {
            var witness = new CosigningWitness(key, [log.Verifier], store);
            Assert.Equal(200, witness.AddCheckpoint(log.Body(0, 6)).Status);
        }
        using (var store = new SqliteWitnessStore(_dir["witness.db"]))
        {
            var restarted = new CosigningWitness(key, [log.Verifier], store);
            var r = restarted.AddCheckpoint(log.Body(0, 10));
            Assert.Equal((409, "6\n"), (r.Status, r.Body));
            var forked = new TestLog(branch: "fork", forkAt: 2, size: 10);
            Assert.Equal(422, restarted.AddCheckpoint(forked.Body(6, 10)).Status);
            Assert.Equal(200, restarted.AddCheckpoint(log.Body(6, 10)).Status);
        }
    }

    [Fact]
    public void ConcurrentSqliteSwapsFromOneSizeHaveOneWinner()
    {
        var store = Open("sqlite");
        Assert.True(store.CompareAndSwap(0, State(1), out _));
        var wins = 0;
        Parallel.For(2, 34, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            if (store.CompareAndSwap(1, State((ulong)i), out _)) Interlocked.Increment(ref wins);
        });
        Assert.Equal(1, wins);
        Assert.NotEqual(1UL, store.Get("o")!.TreeSize);
    }
}
