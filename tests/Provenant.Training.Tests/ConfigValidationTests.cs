using Provenant.Core.Errors;
using Provenant.Training.Data;
using Provenant.TestSupport;

namespace Provenant.Training.Tests;

public class ConfigValidationTests
{
    private static ProvenantFormatException Rejected(string json) =>
        Assert.Throws<ProvenantFormatException>(() =>
        {
            var config = TestConfigs.Parse(json);
            _ = new Trainer(config, TrainingData.Load(config));
        });

    private static string Mlp(string layers, string extra = "") => $$"""
        {
          "dataset": { "train": "{{TestConfigs.Digits}}", "testFraction": 0.2 },
          "input": { "shape": [64], "scale": 0.0625 },
          "layers": [ {{layers}} ],
          "classes": 10,
          "optimizer": { "type": "adam", "learningRate": 0.001 },
          "batchSize": 32, "epochs": 1, "seed": 1{{extra}}
        }
        """;

    [Fact]
    public void UnknownLayerTypeIsNamed()
    {
        var e = Rejected(Mlp("""{ "type": "dense", "units": 10 }, { "type": "lstm" }"""));
        Assert.Equal("layers[1].type", e.Field);
        Assert.Contains("'lstm'", e.Message);
    }

    [Fact]
    public void DenseOnAnImageNeedsFlatten()
    {
        var e = Rejected(TestConfigs.FashionCnnJson().Replace("""{ "type": "flatten" },""", ""));
        Assert.Equal("layers[6]", e.Field);
        Assert.Contains("flatten", e.Message);
    }

    [Fact]
    public void ConvolutionOnAFlatInputIsRejected() =>
        Assert.Equal("layers[0]", Rejected(Mlp("""{ "type": "conv2d", "filters": 4, "kernel": 3 }, { "type": "flatten" }, { "type": "dense", "units": 10 }""")).Field);

    [Fact]
    public void KernelLargerThanTheInputIsRejected()
    {
        var e = Rejected(TestConfigs.FashionCnnJson().Replace("""{ "type": "conv2d", "filters": 6, "kernel": 3 }""", """{ "type": "conv2d", "filters": 6, "kernel": 9 }"""));
        Assert.Equal("layers[3]", e.Field);
        Assert.Contains("kernel", e.Message);
    }

    [Fact]
    public void LastLayerMustOutputTheClasses() =>
        Assert.Contains("[10]", Rejected(Mlp("""{ "type": "dense", "units": 12 }""")).Message);

    [Fact]
    public void InputShapeMustMatchTheDataset()
    {
        var e = Rejected(Mlp("""{ "type": "dense", "units": 10 }""").Replace("\"shape\": [64]", "\"shape\": [8, 9]"));
        Assert.Equal("input.shape", e.Field);
        Assert.Contains("64", e.Message);
    }

    [Theory]
    [InlineData("\"batchSize\": 32", "\"batchSize\": 0", "batchSize")]
    [InlineData("\"epochs\": 1", "\"epochs\": 1.5", "epochs")]
    [InlineData("\"seed\": 1", "\"seed\": -1", "seed")]
    [InlineData("\"learningRate\": 0.001", "\"learningRate\": -0.1", "optimizer.learningRate")]
    [InlineData("\"type\": \"adam\"", "\"type\": \"rmsprop\"", "optimizer.type")]
    [InlineData("\"learningRate\": 0.001", "\"learningRate\": 0.001, \"momentum\": 0.9", "optimizer.momentum")]
    [InlineData("\"testFraction\": 0.2", "\"testFraction\": 1", "dataset.testFraction")]
    [InlineData("\"classes\": 10", "\"classes\": 10, \"dropout\": 0.5", "dropout")]
    [InlineData("\"units\": 10", "\"units\": 10, \"kernel\": 3", "layers[0].kernel")]
    [InlineData("\"units\": 10", "\"units\": 0", "layers[0].units")]
    public void BadFieldsAreNamed(string from, string to, string field)
    {
        var json = Mlp("""{ "type": "dense", "units": 10 }""");
        Assert.Contains(from, json);
        Assert.Equal(field, Rejected(json.Replace(from, to)).Field);
    }

    [Fact]
    public void MalformedJsonIsAFormatError() => Assert.Equal("JSON", Rejected("{ \"dataset\": ").Field);

    [Fact]
    public void LabelOutOfRangeIsNamedWithItsRecord()
    {
        using var tmp = SharedData.NewTempDir();
        var csv = tmp.Write("d.csv", "1,2,0\n3,4,1\n5,6,7\n7,8,1\n");
        var e = Rejected($$"""
            { "dataset": { "train": "{{csv}}", "testFraction": 0.5 }, "input": { "shape": [2] },
              "layers": [ { "type": "dense", "units": 3 } ], "classes": 3,
              "optimizer": { "type": "sgd", "learningRate": 0.1 }, "batchSize": 2, "epochs": 1, "seed": 1 }
            """);
        Assert.Equal("label of record 2", e.Field);
        Assert.Contains("0…2", e.Message);
    }

    [Fact]
    public void InconsistentRowWidthIsRejectedWithItsLine()
    {
        using var tmp = SharedData.NewTempDir();
        var csv = tmp.Write("d.csv", "1,2,0\n3,4,1\n5,0\n");
        var e = Rejected($$"""
            { "dataset": { "train": "{{csv}}", "testFraction": 0.5 }, "input": { "shape": [2] },
              "layers": [ { "type": "dense", "units": 2 } ], "classes": 2,
              "optimizer": { "type": "sgd", "learningRate": 0.1 }, "batchSize": 2, "epochs": 1, "seed": 1 }
            """);
        Assert.Equal(3, e.Offset);
        Assert.Contains("3 fields", e.Message);
    }

    [Fact]
    public void CliReportsABadConfigWithExitCode3()
    {
        using var tmp = SharedData.NewTempDir();
        var path = tmp.Write("bad.json", Mlp("""{ "type": "dense", "units": 10 }, { "type": "softmax" }"""));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Provenant.Cli.CliApp.Run(["train", "--config", path], stdout, stderr);
        Assert.Equal(3, code);
        Assert.Contains("layers[1].type", stderr.ToString());
    }
}
