using Provenant.Formats.Onnx;
using Provenant.Inference.Graph;
using Provenant.Training.Data;
using Provenant.Training.Export;

namespace Provenant.Training.Tests;

public class ExportTests
{
    [Fact]
    public void ExportedCnnWithAveragePoolRunsOnTheFloatEngineWithBitIdenticalLogits()
    {
        var config = TestConfigs.Parse(TestConfigs.FashionCnnJson());
        var trainer = new Trainer(config, TrainingData.Load(config));
        trainer.RunUntil(trainer.Schedule.TotalSteps);
        var bytes = OnnxModelWriter.ToBytes(trainer.ExportOnnx("cnn"));
        var model = OnnxModelReader.Parse(bytes, "cnn.onnx");
        Assert.Equal(13, model.OpsetVersion(""));
        Assert.Equal(["Sub", "Mul", "Conv", "Relu", "MaxPool", "Conv", "Relu", "AveragePool", "Flatten", "Gemm"], model.Graph.Nodes.Select(n => n.OpType));
        Assert.Equal("N", model.Graph.Inputs[0].Shape![0].Param);
        Assert.Equal("logits", model.Graph.Outputs[0].Name);
        var check = ExportCheck.Run(trainer, ModelGraph.FromOnnx(model, "cnn.onnx"), 1);
        Assert.Equal(200, check.Records);
        Assert.Equal(0, check.DifferingValues);
        Assert.Equal(0, check.MaxAbsoluteDifference);
        Assert.Equal(check.TrainerAccuracy, check.EngineAccuracy);
    }

    [Fact]
    public void ExportCheckNoticesAModelWithOtherWeights()
    {
        var config = TestConfigs.Parse(TestConfigs.DigitsMlpJson(1));
        var data = TrainingData.Load(config);
        var trained = new Trainer(config, data);
        trained.RunUntil(10);
        var fresh = new Trainer(config, data);
        var check = ExportCheck.Run(fresh, ModelGraph.FromOnnx(trained.ExportOnnx("m"), "m"), 1);
        Assert.True(check.DifferingValues > 0);
        Assert.True(check.MaxAbsoluteDifference > 0);
    }
}
