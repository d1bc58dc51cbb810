using Provenant.Credentials.Embedding;

namespace Provenant.Credentials.Tests.Embedding;

/// <summary>Runs alone: the other tests' adds and verifies also take workers.</summary>
[CollectionDefinition(nameof(WorkerThreadsCollection), DisableParallelization = true)]
public sealed class WorkerThreadsCollection
{
}

/// <summary><see cref="WorkerThreads"/>: jobs one after another reuse a parked thread; concurrent blocking jobs each
/// get their own.</summary>
[Collection(nameof(WorkerThreadsCollection))]
public sealed class WorkerThreadsTests
{
    private static int RunAndWait()
    {
        var thread = new TaskCompletionSource<int>();
        WorkerThreads.Run(() => thread.SetResult(Environment.CurrentManagedThreadId));
        var id = thread.Task.GetAwaiter().GetResult();
        SpinWait.SpinUntil(() => WorkerThreads.IdleCount > 0, TimeSpan.FromSeconds(5));
        return id;
    }

    [Fact]
    public void JobsOneAfterAnotherRunOnTheSameParkedThread()
    {
        var first = RunAndWait();
        var started = WorkerThreads.Started;
        var ids = Enumerable.Range(0, 20).Select(_ => RunAndWait()).ToList();
        Assert.Equal(started, WorkerThreads.Started); // no thread started: each job went to a parked worker
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, ids.Append(first));
    }

    [Fact]
    public void ConcurrentBlockingJobsDoNotWaitForEachOther()
    {
        const int Jobs = 6;
        using var all = new CountdownEvent(Jobs);
        using var release = new ManualResetEventSlim(false);
        for (var i = 0; i < Jobs; i++)
        {
            WorkerThreads.Run(() =>
            {
                all.Signal();
                release.Wait(); // every job blocks until all have started: one queue would deadlock here
            });
        }
        Assert.True(all.Wait(TimeSpan.FromSeconds(10)), "the jobs did not all start");
        release.Set();
    }
}
