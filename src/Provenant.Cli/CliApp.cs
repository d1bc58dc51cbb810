namespace Provenant.Cli;

/// <summary>Builds and runs the command tree.</summary>
public static class CliApp
{
    /// <summary>Runs <paramref name="args"/> writing to the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        stdout.WriteLine("provenant");
        _ = args;
        _ = stderr;
        return 0;
    }
}
