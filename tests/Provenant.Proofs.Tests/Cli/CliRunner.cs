using Provenant.Cli;

namespace Provenant.Proofs.Tests.Cli;

/// <summary>Runs the CLI in-process and captures its exit code, stdout and stderr.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e, interactive: false);
        return (code, o.ToString(), e.ToString());
    }
}
