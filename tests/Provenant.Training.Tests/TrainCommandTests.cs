using System.Text.RegularExpressions;
using Provenant.Cli;
using Provenant.Inference.Graph;
using Provenant.TestSupport;
using static Provenant.Training.Tests.CliRunner;

namespace Provenant.Training.Tests;

public partial class TrainCommandTests
{
    [Fact]
    public void TrainWritesAModelAndResumingFromAStepCheckpointGivesTheStraightRunsHash()
    {
        using var tmp = SharedData.NewTempDir();
        var config = tmp.Write("train.json", TestConfigs.DigitsMlpJson(2));
        var straight = Run("train", "--config", config, "--out", tmp["m.onnx"], "--threads", "2");
        Assert.True(straight.Code == 0, straight.Err);
        Assert.Contains("logits bit-identical to the trainer's", straight.Out);
        Assert.Equal(["input"], ModelGraph.Load(tmp["m.onnx"]).Inputs.Select(v => v.Name));

        var part = Run("train", "--config", config, "--steps", "30", "--checkpoint", tmp["30.ckpt"]);
        Assert.True(part.Code == 0, part.Err);
        Assert.Contains("(step 30)", part.Out);
        var resumed = Run("train", "--config", config, "--resume", tmp["30.ckpt"]);
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Equal(Hash(straight.Out), Hash(resumed.Out));
        Assert.NotEqual(Hash(part.Out), Hash(resumed.Out));
    }

    [Fact]
    public void StepsOutsideTheRunAreAUsageError()
    {
        using var tmp = SharedData.NewTempDir();
        var config = tmp.Write("train.json", TestConfigs.DigitsMlpJson(1));
        var r = Run("train", "--config", config, "--steps", "100000");
        Assert.Equal(2, r.Code);
        Assert.Contains("--steps", r.Err);
    }

    [Fact]
    public void TruncatedResumeCheckpointIsAnInputError()
    {
        using var tmp = SharedData.NewTempDir();
        var config = tmp.Write("train.json", TestConfigs.DigitsMlpJson(1));
        Assert.Equal(0, Run("train", "--config", config, "--steps", "2", "--checkpoint", tmp["c.ckpt"]).Code);
        var bytes = File.ReadAllBytes(tmp["c.ckpt"]);
        File.WriteAllBytes(tmp["c.ckpt"], bytes[..100]);
        var r = Run("train", "--config", config, "--resume", tmp["c.ckpt"]);
        Assert.Equal(3, r.Code);
        Assert.Contains("c.ckpt", r.Err);
    }

    private static string Hash(string output) => HashLine().Match(output) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException(output);

    [GeneratedRegex(@"checkpoint sha256 \(step \d+\): ([0-9a-f]{64})")]
    private static partial Regex HashLine();
}
