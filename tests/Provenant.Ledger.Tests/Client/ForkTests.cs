using Provenant.Core.Merkle;
using Provenant.Ledger.Checkpoints;
using Provenant.Ledger.Client;
using Provenant.Ledger.Notes;

namespace Provenant.Ledger.Tests.Client;

/// <summary>
/// A forked log: two logs with the same key and origin that agree on their first entries and then differ. Each
/// serves a validly signed checkpoint; the client and the monitor must find that they cannot both be honest.
/// </summary>
public sealed class ForkTests
{
    private static async Task<(TestLog A, TestLog B)> ForkedAsync()
    {
        var a = await TestLog.OpenAsync("fork-a");
        var b = await TestLog.OpenAsync("fork-b");
        await a.AppendAsync("common", 0, 5);
        await b.AppendAsync("common", 0, 5);
        await a.AppendAsync("honest", 5, 5);
        await b.AppendAsync("forked", 5, 15);
        return (a, b);
    }

    [Fact]
    public async Task Client_consistency_reports_a_fork_with_both_checkpoints()
    {
        var (a, b) = await ForkedAsync();
        await using var _ = a;
        await using var __ = b;
        var seenOnA = await a.Client.FetchCheckpointAsync(); // size 10
        var seenOnB = await b.Client.FetchCheckpointAsync(); // size 20, same key and origin
        Assert.Equal(seenOnA.Checkpoint.Origin, seenOnB.Checkpoint.Origin);
        var fork = await Assert.ThrowsAsync<LogForkException>(() => b.Client.ProveConsistencyAsync(seenOnA, seenOnB));
        Assert.Same(seenOnA, fork.Evidence.Earlier);
        Assert.Same(seenOnB, fork.Evidence.Later);
        Assert.NotEqual(seenOnA.Checkpoint.RootHash, fork.Evidence.PrefixRoot);
        Assert.Contains(seenOnA.Note, fork.Evidence.Format());
        Assert.Contains(seenOnB.Note, fork.Evidence.Format());

        // The common prefix is consistent in both directions of the fork.
        var commonOnB = b.Client.VerifyCheckpoint(System.Text.Encoding.UTF8.GetBytes(PrefixNote(b, 5)), "b@5");
        await b.Client.ProveConsistencyAsync(commonOnB, seenOnB);
        await a.Client.ProveConsistencyAsync(commonOnB, seenOnA);
    }

    [Fact]
    public async Task Same_size_different_root_is_a_fork()
    {
        var a = await TestLog.OpenAsync("same-a");
        var b = await TestLog.OpenAsync("same-b");
        await using var _ = a;
        await using var __ = b;
        await a.AppendAsync("x", 0, 3);
        await b.AppendAsync("y", 0, 3);
        var fork = await Assert.ThrowsAsync<LogForkException>(async () => await b.Client.ProveConsistencyAsync(await a.Client.FetchCheckpointAsync(), await b.Client.FetchCheckpointAsync()));
        Assert.Null(fork.Evidence.PrefixRoot);
    }

    [Fact]
    public async Task Monitor_reports_the_fork_and_keeps_its_state()
    {
        var (a, b) = await ForkedAsync();
        await using var _ = a;
        await using var __ = b;
        var state = a.TempPath("monitor.state");
        var first = await new LogMonitor(a.Client, state).PollAsync();
        Assert.True(first.IsValid, first.Result.Reason);
        var saved = File.ReadAllText(state);

        var onB = new LogMonitor(b.Client, state);
        var r = await onB.PollAsync(full: true);
        Assert.False(r.IsValid);
        Assert.Contains("fork", r.Result.Reason);
        Assert.NotNull(r.Fork);
        Assert.Equal(saved, r.Fork.Earlier.Note);
        Assert.Equal(10UL, r.Previous!.TreeSize);
        Assert.Equal(20UL, r.Current!.TreeSize);
        Assert.Equal(saved, File.ReadAllText(state)); // a failed poll never moves the state
        Assert.False((await onB.PollAsync()).IsValid); // and the fork is reported again
    }

    /// <summary>The checkpoint the log's key signs for its first <paramref name="size"/> entries (recomputed from the entries).</summary>
    private static string PrefixNote(TestLog log, ulong size)
    {
        var root = Rfc9162.RootFromLeafHashes(Enumerable.Range(0, (int)size).Select(i => Rfc9162.HashLeaf(log.Log.GetEntry((ulong)i)!)).ToList());
        var note = SignedNote.Sign(new Checkpoint(TestLog.Signer.Name, size, root).Format(), TestLog.Signer);
        return note.ToString();
    }
}
