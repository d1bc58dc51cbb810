using Provenant.Core.Errors;
using Provenant.Signing.Oms;
using Provenant.TestSupport;

namespace Provenant.Signing.Tests.Oms;

public class ChangingFileTests
{
    [Theory]
    [InlineData(SerializationMethod.Files, true)]
    [InlineData(SerializationMethod.Files, false)]
    [InlineData(SerializationMethod.Shards, true)]
    [InlineData(SerializationMethod.Shards, false)]
    public void FileChangedWhileHashedIsAnErrorNotAWrongDigest(SerializationMethod method, bool grow)
    {
        using var tmp = SharedData.NewTempDir();
        var path = tmp.Write("m/weights.bin", new byte[3 << 20]);
        var changed = 0;
        var progress = new SyncProgress(_ =>
        {
            if (Interlocked.Exchange(ref changed, 1) == 1) return;
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            if (grow) { fs.Seek(0, SeekOrigin.End); fs.WriteByte(1); }
            else fs.SetLength(1 << 20);
        });
        var options = new SerializationOptions { Method = method, ShardSize = 8 << 20, MaxParallelism = 1 };
        var e = Assert.Throws<ProvenantException>(() => ModelHasher.Serialize(tmp["m"], options, progress));
        Assert.Contains("changed while being hashed", e.Message);
        Assert.Contains("weights.bin", e.Message);
    }

    [Fact]
    public void ParallelismDoesNotChangeTheManifest()
    {
        using var tmp = SharedData.NewTempDir();
        var rng = new Random(7);
        for (var i = 0; i < 12; i++)
        {
            var b = new byte[rng.Next(0, 300_000)];
            rng.NextBytes(b);
            tmp.Write($"m/d{i % 3}/f{i}.bin", b);
        }
        foreach (var method in new[] { SerializationMethod.Files, SerializationMethod.Shards })
        {
            var one = ModelHasher.Serialize(tmp["m"], new SerializationOptions { Method = method, ShardSize = 65536, MaxParallelism = 1 });
            var many = ModelHasher.Serialize(tmp["m"], new SerializationOptions { Method = method, ShardSize = 65536, MaxParallelism = 8 });
            Assert.Equal(one.Resources, many.Resources);
            Assert.Equal(one.SubjectDigest(), many.SubjectDigest());
        }
    }

    /// <summary>Calls back synchronously (System.Progress would post to a thread pool).</summary>
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
