using Provenant.Cli;
using Provenant.Core.Errors;
using Provenant.TestSupport;

namespace Provenant.Explorer.Tests;

/// <summary><c>provenant serve</c> and <c>demo --serve</c> argument handling (the server itself is exercised through <see cref="DemoServer"/>).</summary>
public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("serve", "--port", "70000")]
    [InlineData("serve", "--port", "-1")]
    [InlineData("serve", "--store", "mysql://x")]
    public void Bad_arguments_are_usage_errors(params string[] args)
    {
        using var tmp = SharedData.NewTempDir();
        var output = new StringWriter();
        var code = CliApp.Run([.. args, "--data", tmp.Path], output, output, interactive: false);
        Assert.True(code == ExitCodes.Usage, output.ToString());
        Assert.Contains("error:", output.ToString());
    }

    [Fact]
    public void Serve_and_demo_document_their_options()
    {
        var output = new StringWriter();
        Assert.Equal(0, CliApp.Run(["serve", "--help"], output, output, interactive: false));
        foreach (var o in new[] { "--data", "--port", "--store" }) Assert.Contains(o, output.ToString());
        output = new StringWriter();
        Assert.Equal(0, CliApp.Run(["demo", "--help"], output, output, interactive: false));
        foreach (var o in new[] { "--serve", "--data", "--port", "--work", "--samples" }) Assert.Contains(o, output.ToString());
    }
}
