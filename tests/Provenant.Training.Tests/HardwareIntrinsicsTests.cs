using System.Diagnostics;
using System.Text.RegularExpressions;
using Provenant.Core.Hashing;
using Provenant.Training.Data;
using Provenant.TestSupport;

namespace Provenant.Training.Tests;

/// <summary>Trains in a child <c>provenant train</c> process with <c>DOTNET_EnableHWIntrinsic=0</c> (no SSE/AVX/FMA: software vector and fma paths) and compares with this process.</summary>
public partial class HardwareIntrinsicsTests
{
    [Theory]
    [InlineData("digits")]
    [InlineData("cnn")]
    public async Task WeightsWithoutHardwareIntrinsicsEqualThisProcess(string which)
    {
        using var tmp = SharedData.NewTempDir();
        var json = which == "digits" ? TestConfigs.DigitsMlpJson(1) : TestConfigs.FashionCnnJson(100);
        var path = tmp.Write("train.json", json);
        var config = TestConfigs.Parse(json);
        var trainer = new Trainer(config, TrainingData.Load(config), new TrainingOptions(2));
        trainer.RunUntil(trainer.Schedule.TotalSteps);
        var expected = Hex.Encode(trainer.Checkpoint().Hash());

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "provenant.dll"), "train", "--config", path, "--threads", "2", "--checkpoint", tmp["final.ckpt"] })
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["DOTNET_EnableHWIntrinsic"] = "0";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {await stderr}");
        var m = HashLine().Match(output);
        Assert.True(m.Success, output);
        Assert.Equal(expected, m.Groups[1].Value);
        Assert.Equal(expected, Hex.Encode(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(tmp["final.ckpt"]))));
    }

    [GeneratedRegex(@"checkpoint sha256 \(step \d+\): ([0-9a-f]{64})")]
    private static partial Regex HashLine();
}
