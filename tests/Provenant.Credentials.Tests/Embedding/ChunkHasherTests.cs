using System.Security.Cryptography;
using Provenant.Credentials.Embedding;
using Provenant.Credentials.Manifest;
using Provenant.Credentials.Validation;

namespace Provenant.Credentials.Tests.Embedding;

/// <summary><see cref="ChunkHasher"/>: SHA-256 behind a reader, with one exclusion and a late start, equals the data
/// hash computed after the read, whether the worker or a helping caller hashes the chunks.</summary>
[Collection(nameof(WorkerThreadsCollection))] // counts running jobs: no other test may start one meanwhile
public sealed class ChunkHasherTests
{
    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(0, 100, 0)]
    [InlineData(5000, 70000, 0)]
    [InlineData(5000, 70000, 3)]
    [InlineData(999_000, 1, 1)]
    [InlineData(1_048_000, 10_000, 2)]
    [InlineData(2_000_000, 97_152, 1)]
    public async Task TheDigestEqualsTheDataHashForAnyChunkingAndStart(long start, long length, int publishedBeforeStart)
    {
        var data = new byte[2_097_152];
        new Random((int)start + (int)length).NextBytes(data);
        var range = new ExclusionRange(start, length);
        var expected = DataHashCalculator.Compute(data, length == 0 ? [] : [range], "sha256", out _);
        foreach (var step in new[] { 1 << 20, 4096, 65_537 })
        {
            var hasher = new ChunkHasher();
            var marks = Enumerable.Range(1, (data.Length + step - 1) / step).Select(i => Math.Min(i * step, data.Length)).ToList();
            for (var i = 0; i < marks.Count; i++)
            {
                if (i == Math.Min(publishedBeforeStart, marks.Count - 1)) hasher.Start(data, range);
                hasher.Publish(marks[i]);
            }
            Assert.Equal(expected, await hasher.Completion);
            var helped = new ChunkHasher();
            helped.Start(data, range);
            foreach (var mark in marks) helped.Publish(mark);
            Assert.Equal(expected, helped.HelpAndWait()); // the caller and the worker share the chunks
            Assert.Equal(expected, helped.HelpAndWait());
        }
    }

    [Fact]
    public async Task AHelperThatStartsBeforeTheReadEndsWaitsForTheRestAndTheWorkerEnds()
    {
        var data = new byte[5 << 20];
        new Random(21).NextBytes(data);
        Assert.True(SpinWait.SpinUntil(() => WorkerThreads.Busy == 0, TimeSpan.FromSeconds(5)), "jobs left running by other tests");
        var hasher = new ChunkHasher();
        hasher.Start(data);
        hasher.Publish(1 << 20);
        var reader = Task.Run(async () =>
        {
            for (var at = 2 << 20; at <= data.Length; at += 1 << 20)
            {
                await Task.Delay(5);
                hasher.Publish(at);
            }
        });
        Assert.Equal(SHA256.HashData(data), hasher.HelpAndWait());
        await reader;
        // The worker may have been waiting for a chunk that this thread hashed: it must see the end and park again.
        Assert.True(SpinWait.SpinUntil(() => WorkerThreads.Busy == 0, TimeSpan.FromSeconds(5)), $"{WorkerThreads.Busy} job(s) still running");
    }

    [Fact]
    public async Task AnEmptyBufferHasTheEmptyDigestAndAnAbandonedHasherFaults()
    {
        var empty = new ChunkHasher();
        empty.Start([]);
        Assert.Equal(SHA256.HashData([]), await empty.Completion);
        var abandoned = new ChunkHasher();
        abandoned.Start(new byte[10]);
        abandoned.Publish(5);
        abandoned.Abandon();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.Completion);
        Assert.ThrowsAny<OperationCanceledException>(() => abandoned.HelpAndWait());
        var finished = new ChunkHasher();
        finished.Start(new byte[10]);
        finished.Publish(10);
        var digest = finished.HelpAndWait();
        finished.Abandon(); // after the digest: nothing changes
        Assert.Equal(SHA256.HashData(new byte[10]), digest);
        Assert.Equal(digest, await finished.Completion);
    }

    [Fact]
    public void AnExclusionPastTheBufferIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChunkHasher().Start(new byte[10], new ExclusionRange(5, 6)));
    }
}
