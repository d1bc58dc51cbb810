namespace Provenant.Core.Errors;

/// <summary>
/// Base of every error Provenant raises for bad input or a failed operation (as opposed to
/// <see cref="ArgumentException"/> for caller bugs). <see cref="ExitCode"/> is the process exit code
/// the CLI uses for it (see README.md, "Exit codes").
/// </summary>
public class ProvenantException : Exception
{
    /// <summary>Creates an exception with a one-line message.</summary>
    public ProvenantException(string message, int exitCode = ExitCodes.InputError, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
    }

    /// <summary>The CLI exit code for this error (one of <see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; }
}
