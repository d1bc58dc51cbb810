namespace Provenant.Cli;

/// <summary>Entry point of the <c>provenant</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line and returns the exit code (see README.md, "Exit codes").</summary>
    public static int Main(string[] args) => CliApp.Run(args, Console.Out, Console.Error);
}
