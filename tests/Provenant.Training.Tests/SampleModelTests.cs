using Provenant.Formats.Onnx;
using Provenant.Inference.Graph;
using Provenant.Training.Config;
using Provenant.Training.Data;
using Provenant.Training.Export;
using Provenant.TestSupport;

namespace Provenant.Training.Tests;

/// <summary>The models shipped in samples/models: their accuracy on the float engine and that training reproduces them byte for byte.</summary>
public class SampleModelTests
{
    private static string Sample(string name, string file) => Path.Combine(SharedData.RepoRoot, "samples", "models", name, file);

    private static Trainer Train(string name, int threads)
    {
        var config = TrainingConfigParser.Load(Sample(name, "train.json"));
        var trainer = new Trainer(config, TrainingData.Load(config), new TrainingOptions(threads));
        trainer.RunUntil(trainer.Schedule.TotalSteps);
        return trainer;
    }

    [Fact]
    public void DigitsMlpTrainsAbove95PercentAndReproducesTheShippedModelByteForByte()
    {
        var trainer = Train("digits-mlp", 2);
        Assert.True(trainer.TestAccuracy() >= 0.95, $"test accuracy {trainer.TestAccuracy():P2}");
        var bytes = OnnxModelWriter.ToBytes(trainer.ExportOnnx("digits-mlp"));
        Assert.Equal(File.ReadAllBytes(Sample("digits-mlp", "digits-mlp.onnx")), bytes);
        var check = ExportCheck.Run(trainer, ModelGraph.FromOnnx(OnnxModelReader.Parse(bytes, "digits-mlp.onnx"), "digits-mlp.onnx"), 2);
        Assert.Equal(0, check.DifferingValues);
        Assert.Equal(check.TrainerAccuracy, check.EngineAccuracy);
    }

    [Fact]
    public void ShippedFashionCnnReaches85PercentOnT10kWithTheFloatEngine()
    {
        var config = TrainingConfigParser.Load(Sample("fashion-cnn", "train.json"));
        var data = TrainingData.Load(config);
        var graph = ModelGraph.Load(Sample("fashion-cnn", "fashion-cnn.onnx"));
        Assert.Equal(10_000, data.TestRecords.Count);
        // Initial (untrained) weights with the shipped graph's shapes; the engine evaluates the shipped file.
        var check = ExportCheck.Run(new Trainer(config, data), graph, 2);
        Assert.True(check.EngineAccuracy >= 0.85, $"float engine accuracy on t10k {check.EngineAccuracy:P2}");
        Assert.True(check.TrainerAccuracy < 0.5, "the untrained network should be near chance");
        Assert.True(new FileInfo(Sample("fashion-cnn", "fashion-cnn.onnx")).Length < 1 << 20);
    }

    /// <summary>Full Fashion-MNIST training (about a minute on two cores): opt in with PROVENANT_TRAIN_FULL=1.</summary>
    [OptInFact("PROVENANT_TRAIN_FULL")]
    public void FashionCnnFullTrainingReproducesTheShippedModel()
    {
        var trainer = Train("fashion-cnn", 2);
        Assert.True(trainer.TestAccuracy() >= 0.85, $"test accuracy {trainer.TestAccuracy():P2}");
        Assert.Equal(File.ReadAllBytes(Sample("fashion-cnn", "fashion-cnn.onnx")), OnnxModelWriter.ToBytes(trainer.ExportOnnx("fashion-cnn")));
    }
}
