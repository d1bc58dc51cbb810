using Provenant.Training.Data;

namespace Provenant.Training.Tests;

public class FlopCountTests
{
    /// <summary>Digits MLP 64→32→10, batch 32, Adam — counted by hand from the documented conventions.</summary>
    [Fact]
    public void MlpStepFlopsFollowTheArchitecture()
    {
        var config = TestConfigs.Parse(TestConfigs.DigitsMlpJson(1));
        var trainer = new Trainer(config, TrainingData.Load(config));
        const long b = 32;
        var normalize = 2 * b * 64;
        var dense1 = (2 * 64 + 1) * 32 * b;               // forward: multiply-adds + bias
        var relu = b * 32;
        var dense2 = (2 * 32 + 1) * 10 * b;
        var backward = dense2 + 2 * 32 * 10 * b           // ∂W, ∂b and ∂x of the last layer
            + relu + dense1;                              // ReLU mask; first dense layer needs no ∂x
        var loss = b * (6 * 10 + 3);
        var adam = 14L * (64 * 32 + 32 + 32 * 10 + 10);
        Assert.Equal(normalize + dense1 + relu + dense2 + backward + loss + adam, trainer.StepFlops(32));
    }

    [Fact]
    public void StepRecordsSumToTheRunTotal()
    {
        var config = TestConfigs.Parse(TestConfigs.FashionCnnJson(130));
        var trainer = new Trainer(config, TrainingData.Load(config));
        long sum = 0;
        var sizes = new List<int>();
        trainer.RunUntil(trainer.Schedule.TotalSteps, s =>
        {
            sum += s.Flops;
            sizes.Add(s.Records.Length);
        });
        Assert.Equal([50, 50, 30, 50, 50, 30], sizes);
        Assert.Equal(trainer.TotalFlops(), sum);
        Assert.True(trainer.StepFlops(50) > trainer.StepFlops(30));
    }
}
