using Provenant.TestSupport;

namespace Provenant.Cli.Tests;

/// <summary>The README's main command: <c>provenant demo</c> on the shipped samples, every step with its expected outcome.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public void Demo_runs_end_to_end_on_the_shipped_samples()
    {
        using var tmp = SharedData.NewTempDir();
        var r = CliRunner.Run("demo", "--samples", Path.Combine(SharedData.RepoRoot, "samples"), "--work", tmp.Path);
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("demo: every step had its expected outcome", r.Out);
        Assert.DoesNotContain("UNEXPECTED", r.Out);
        Assert.Contains("quantized top-1:", r.Out);
        Assert.Contains("verified: all", r.Out);
        Assert.True(File.Exists(Path.Combine(tmp.Path, "trace.bin")));
    }
}
