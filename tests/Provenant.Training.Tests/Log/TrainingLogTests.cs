using Provenant.Core.Errors;
using Provenant.Core.Merkle;
using Provenant.Training.Checkpoints;
using Provenant.Training.Log;

namespace Provenant.Training.Tests.Log;

public class TrainingLogTests
{
    [Fact]
    public void LogRoundTripsAndFinalCheckpointWeightsRootIsTheModelsTensorRoot()
    {
        using var runs = new LoggedRuns(interval: 3);
        var (written, model) = runs.Train("run");
        var log = TrainingLog.Read(runs.Tmp["run"]);
        Assert.Equal(written.RootHex, log.RootHex);
        Assert.Equal(20, log.Steps.Count);
        Assert.Equal(21, log.LeafCount);
        // checkpoints after steps 0, 3, 6, …, 18 and the last (20): 8 entries, 7 segments
        Assert.Equal([0L, 3, 6, 9, 12, 15, 18, 20], log.Checkpoints.Select(c => c.Step));
        Assert.Equal(7, log.SegmentCount);
        foreach (var c in log.Checkpoints) Assert.True(File.Exists(log.CheckpointPath(c.Step)), c.Step.ToString());
        Assert.Equal(log.Checkpoints[^1].WeightsRootHex, WeightsRoot.OfFile(model).RootHex);
        Assert.Equal(Rfc9162.RootFromLeafHashes([.. File.ReadAllBytes(runs.Tmp["run/training.log"]) is var b ? TrainingLogFile.Parse(b, "x").Select(l => Rfc9162.HashLeaf(l.Leaf)) : []]), log.Root);
        for (var s = 0; s < log.Steps.Count; s++)
        {
            var v = InclusionProof.Verify((ulong)s + 1, (ulong)log.LeafCount, Rfc9162.HashLeaf(log.Steps[s].ToBytes()), log.ProveStep(s), log.Root);
            Assert.True(v.IsValid, v.Reason);
        }
    }

    [Fact]
    public void EverySegmentReplaysBitExactlyAndTheSeedComesFromTheCommitment()
    {
        using var runs = new LoggedRuns(trainLimit: 100, interval: 2);
        var (log, _) = runs.Train("a", "aa");
        var (other, _) = runs.Train("b", "bb");
        var g = log.Genesis;
        Assert.Equal(TrainingCommitment.Compute(runs.Commitment.RecordsRoot, g.ConfigDigest, [0xaa]), g.Commitment);
        Assert.Equal(TrainingCommitment.SeedOf(g.Commitment), g.Seed);
        Assert.NotEqual(g.Seed, other.Genesis.Seed);
        Assert.NotEqual(g.Initial.StateHashHex, other.Genesis.Initial.StateHashHex);
        Assert.NotEqual(log.Steps[0].Records, other.Steps[0].Records);
        var trainer = new Trainer(log.LoadConfig(), Data.TrainingData.FromTrainSource(log.LoadConfig(), runs.Data.TrainSource(100)));
        for (var j = 0; j < log.SegmentCount; j++)
        {
            var r = SegmentReplay.Segment(trainer, log, j);
            Assert.True(r.IsValid, r.Reason);
        }
    }

    [Fact]
    public void MissingCheckpointFileIsAFormatErrorNamingTheFile()
    {
        using var runs = new LoggedRuns(trainLimit: 60, interval: 2);
        var (log, _) = runs.Train("run");
        File.Delete(log.CheckpointPath(4));
        var e = Assert.Throws<ProvenantFormatException>(() => log.LoadCheckpoint(log.Checkpoints[2]));
        Assert.Contains("0000000004.ckpt", e.Message);
        Assert.Contains("checkpoint file", e.Message);
    }

    [Fact]
    public void TruncatedCheckpointFileIsAFormatErrorNamingFileAndField()
    {
        using var runs = new LoggedRuns(trainLimit: 60, interval: 2);
        var (log, _) = runs.Train("run");
        var path = log.CheckpointPath(2);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..500]);
        var e = Assert.Throws<ProvenantFormatException>(() => log.LoadCheckpoint(log.Checkpoints[1]));
        Assert.Contains("0000000002.ckpt", e.Message);
        Assert.Equal("parameter count", e.Field);
        Assert.Contains("bytes left", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedOrPaddedLogFileIsAFormatError()
    {
        using var runs = new LoggedRuns(trainLimit: 60, interval: 2);
        runs.Train("run");
        var path = runs.Tmp["run/training.log"];
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^7]);
        var e = Assert.Throws<ProvenantFormatException>(() => TrainingLog.Read(runs.Tmp["run"]));
        Assert.Contains("training.log", e.Message);
        File.WriteAllBytes(path, [.. bytes, 0]);
        e = Assert.Throws<ProvenantFormatException>(() => TrainingLog.Read(runs.Tmp["run"]));
        Assert.Equal("end", e.Field);
    }

    [Fact]
    public void HugeLeafCountIsRejectedBeforeAllocating()
    {
        var bytes = new byte[20 + 16];
        "PVNTPOL\0"u8.CopyTo(bytes);
        bytes[8] = 1;
        BitConverter.GetBytes(long.MaxValue).CopyTo(bytes, 12);
        var e = Assert.Throws<ProvenantFormatException>(() => TrainingLogFile.Parse(bytes, "t.log"));
        Assert.Equal("leaf count", e.Field);
    }

    [Fact]
    public void EverySingleByteChangeOfACheckpointIsRejectedByItsLoggedHash()
    {
        using var runs = new LoggedRuns(trainLimit: 40, batch: 8, epochs: 1, layers: """{ "type": "dense", "units": 10 }""",
            optimizer: """{ "type": "sgd", "learningRate": 0.1, "momentum": 0.5 }""");
        var (log, _) = runs.Train("run");
        var entry = log.Checkpoints[^1];
        var path = log.CheckpointPath(entry.Step);
        var original = File.ReadAllBytes(path);
        for (var i = 0; i < original.Length; i++)
        {
            var changed = (byte[])original.Clone();
            changed[i] ^= (byte)(1 << (i % 8));
            File.WriteAllBytes(path, changed);
            var e = Record.Exception(() => log.LoadCheckpoint(entry));
            Assert.True(e is ProvenantException, $"byte {i}: accepted");
        }
        File.WriteAllBytes(path, original);
        Assert.Equal(entry.Step, log.LoadCheckpoint(entry).Step);
    }
}
