using Provenant.Core.Hashing;
using Provenant.Training.Data;

namespace Provenant.Training.Tests;

public class DeterminismTests
{
    private static string Train(string json, int threads)
    {
        var config = TestConfigs.Parse(json);
        var trainer = new Trainer(config, TrainingData.Load(config), new TrainingOptions(threads));
        trainer.RunUntil(trainer.Schedule.TotalSteps);
        return Hex.Encode(trainer.Checkpoint().Hash());
    }

    [Fact]
    public void DigitsMlpWeightsAreBitIdenticalOnOneAndTwoThreads() =>
        Assert.Equal(Train(TestConfigs.DigitsMlpJson(), 1), Train(TestConfigs.DigitsMlpJson(), 2));

    [Fact]
    public void CnnWeightsAreBitIdenticalOnOneAndTwoThreads() =>
        Assert.Equal(Train(TestConfigs.FashionCnnJson(), 1), Train(TestConfigs.FashionCnnJson(), 2));

    [Fact]
    public void SgdMomentumRunIsBitIdenticalOnOneAndThreeThreads()
    {
        var json = TestConfigs.DigitsMlpJson(1, """{ "type": "sgd", "learningRate": 0.05, "momentum": 0.9 }""");
        Assert.Equal(Train(json, 1), Train(json, 3));
    }

    [Fact]
    public void AnotherSeedGivesOtherWeights() =>
        Assert.NotEqual(Train(TestConfigs.DigitsMlpJson(1, seed: 7), 1), Train(TestConfigs.DigitsMlpJson(1, seed: 8), 1));

    [Fact]
    public void StepRecordsNameEachTrainingRecordOncePerEpoch()
    {
        var config = TestConfigs.Parse(TestConfigs.DigitsMlpJson(2));
        var data = TrainingData.Load(config);
        var trainer = new Trainer(config, data);
        var seen = new List<int>[2] { [], [] };
        trainer.RunUntil(trainer.Schedule.TotalSteps, s => seen[s.Epoch].AddRange(s.Records));
        Assert.Equal(data.TrainRecords, seen[0].Order());
        Assert.Equal(data.TrainRecords, seen[1].Order());
        Assert.NotEqual(seen[0], seen[1]);
        Assert.Empty(data.TrainRecords.Intersect(data.TestRecords));
        Assert.Equal(1797, data.TrainRecords.Count + data.TestRecords.Count);
    }
}
