using System.Text;
using Provenant.Training.Config;
using Provenant.TestSupport;

namespace Provenant.Training.Tests;

/// <summary>Small real-data configurations for the tests (digits CSV from ../shared/data, Fashion-MNIST from the Debian package).</summary>
internal static class TestConfigs
{
    public const string FashionTrain = "/usr/share/datasets/fashion-mnist/train";
    public const string FashionTest = "/usr/share/datasets/fashion-mnist/t10k";

    public static string Digits => SharedData.Get("datasets", "sklearn", "digits.csv.gz");

    public static string DigitsMlpJson(int epochs = 2, string optimizer = """{ "type": "adam", "learningRate": 0.002 }""", ulong seed = 7) => $$"""
        {
          "dataset": { "train": "{{Digits}}", "testFraction": 0.2 },
          "input": { "shape": [64], "scale": 0.0625 },
          "layers": [ { "type": "dense", "units": 32 }, { "type": "relu" }, { "type": "dense", "units": 10 } ],
          "classes": 10,
          "optimizer": {{optimizer}},
          "batchSize": 32, "epochs": {{epochs}}, "seed": {{seed}}
        }
        """;

    /// <summary>A small CNN over the first <paramref name="records"/> Fashion-MNIST images: conv (stride 2, padding), max pool, conv, average pool, dense; SGD with momentum.</summary>
    public static string FashionCnnJson(int records = 256) => $$"""
        {
          "dataset": { "train": "{{FashionTrain}}", "test": "{{FashionTest}}", "trainLimit": {{records}}, "testLimit": 200 },
          "input": { "shape": [1, 28, 28], "offset": 33, "scale": 0.0078125 },
          "layers": [
            { "type": "conv2d", "filters": 4, "kernel": 3, "stride": 2, "padding": 1 },
            { "type": "relu" },
            { "type": "maxpool2d", "size": 2 },
            { "type": "conv2d", "filters": 6, "kernel": 3 },
            { "type": "relu" },
            { "type": "avgpool2d", "size": 2, "stride": 1 },
            { "type": "flatten" },
            { "type": "dense", "units": 10 }
          ],
          "classes": 10,
          "optimizer": { "type": "sgd", "learningRate": 0.05, "momentum": 0.9 },
          "batchSize": 50, "epochs": 2, "seed": 11
        }
        """;

    public static TrainingConfig Parse(string json, string source = "test.json") =>
        TrainingConfigParser.Parse(Encoding.UTF8.GetBytes(json), source, Path.GetTempPath());
}
