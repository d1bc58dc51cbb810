using Provenant.Core.Errors;
using Provenant.Training.Checkpoints;
using Provenant.Training.Data;
using Provenant.TestSupport;

namespace Provenant.Training.Tests;

public class ResumeTests
{
    [Theory]
    [InlineData("mlp", 17)]
    [InlineData("cnn", 3)]
    public void TrainingResumedFromACheckpointFileEqualsAStraightRun(string which, int k)
    {
        var json = which == "mlp" ? TestConfigs.DigitsMlpJson(2) : TestConfigs.FashionCnnJson();
        var config = TestConfigs.Parse(json);
        var data = TrainingData.Load(config);
        var straight = new Trainer(config, data);
        var straightLosses = new List<double>();
        straight.RunUntil(straight.Schedule.TotalSteps, s => straightLosses.Add(s.Loss));

        using var tmp = SharedData.NewTempDir();
        var first = new Trainer(config, data);
        first.RunUntil(k);
        first.Checkpoint().Write(tmp["k.ckpt"]);
        var resumed = new Trainer(config, data, new TrainingOptions(2));
        resumed.Restore(Checkpoint.Read(tmp["k.ckpt"]));
        Assert.Equal(k, resumed.Step);
        var resumedLosses = new List<double>();
        resumed.RunUntil(resumed.Schedule.TotalSteps, s => resumedLosses.Add(s.Loss));

        Assert.Equal(straight.Checkpoint().ToBytes(), resumed.Checkpoint().ToBytes());
        Assert.Equal(straightLosses.Skip(k), resumedLosses);
    }

    [Fact]
    public void ReExecutingASegmentFromItsStartCheckpointReproducesItsEndCheckpoint()
    {
        var config = TestConfigs.Parse(TestConfigs.DigitsMlpJson(2));
        var data = TrainingData.Load(config);
        var run = new Trainer(config, data);
        run.RunUntil(40);
        var start = run.Checkpoint();
        run.RunUntil(50);
        var end = run.Checkpoint().Hash();
        var audit = new Trainer(config, data);
        audit.Restore(Checkpoint.Parse(start.ToBytes(), "start"));
        audit.RunUntil(50);
        Assert.Equal(end, audit.Checkpoint().Hash());
        // One ulp in one weight changes the end state.
        var forged = start.ToBytes();
        forged[8 + 4 + 32 + 32 + 8 + 4] ^= 1;
        var tampered = new Trainer(config, data);
        tampered.Restore(Checkpoint.Parse(forged, "forged"));
        tampered.RunUntil(50);
        Assert.NotEqual(end, tampered.Checkpoint().Hash());
    }

    [Fact]
    public void CheckpointEncodingRoundTripsAndIsCanonical()
    {
        var config = TestConfigs.Parse(TestConfigs.DigitsMlpJson(1));
        var trainer = new Trainer(config, TrainingData.Load(config));
        trainer.RunUntil(5);
        var bytes = trainer.Checkpoint().ToBytes();
        var parsed = Checkpoint.Parse(bytes, "c");
        Assert.Equal(5, parsed.Step);
        Assert.Equal(2, parsed.State.Length);
        Assert.Equal(bytes, parsed.ToBytes());
        Assert.Equal(8 + 4 + 32 + 32 + 8 + 4 + 4 * trainer.ParameterCount + 1 + 4 + 16 + 4 + 2 * 4 * trainer.ParameterCount, bytes.Length);
    }

    [Fact]
    public void TruncatedExtendedOrForeignCheckpointsAreRejected()
    {
        var config = TestConfigs.Parse(TestConfigs.DigitsMlpJson(1));
        var data = TrainingData.Load(config);
        var trainer = new Trainer(config, data);
        var bytes = trainer.Checkpoint().ToBytes();
        var truncated = Assert.Throws<ProvenantFormatException>(() => Checkpoint.Parse(bytes[..^3], "t.ckpt"));
        Assert.Equal("vector count", truncated.Field);
        Assert.Contains("bytes left", truncated.Message);
        var extended = Assert.Throws<ProvenantFormatException>(() => Checkpoint.Parse([.. bytes, 0], "e.ckpt"));
        Assert.Contains("trailing", extended.Message);
        var magic = (byte[])bytes.Clone();
        magic[0] = (byte)'X';
        Assert.Contains("magic", Assert.Throws<ProvenantFormatException>(() => Checkpoint.Parse(magic, "m.ckpt")).Message);
        var huge = (byte[])bytes.Clone();
        huge[8 + 4 + 32 + 32 + 8 + 3] = 0x7f;
        Assert.Contains("parameter count", Assert.Throws<ProvenantFormatException>(() => Checkpoint.Parse(huge, "h.ckpt")).Message);

        var other = TestConfigs.Parse(TestConfigs.DigitsMlpJson(1, seed: 99));
        var foreign = new Trainer(other, TrainingData.Load(other));
        Assert.Contains("config", Assert.Throws<ProvenantException>(() => foreign.Restore(trainer.Checkpoint())).Message);
        var cnn = TestConfigs.Parse(TestConfigs.FashionCnnJson());
        Assert.Contains("architecture", Assert.Throws<ProvenantException>(() => new Trainer(cnn, TrainingData.Load(cnn)).Restore(trainer.Checkpoint())).Message);
    }
}
