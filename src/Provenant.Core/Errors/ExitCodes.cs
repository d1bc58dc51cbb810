namespace Provenant.Core.Errors;

/// <summary>Process exit codes of the <c>provenant</c> command, documented in README.md.</summary>
public static class ExitCodes
{
    /// <summary>Success; for verifiers, everything verified.</summary>
    public const int Ok = 0;

    /// <summary>A verification ran and rejected what it checked (changed file, wrong key, bad proof…).</summary>
    public const int VerificationFailed = 1;

    /// <summary>The command line was malformed (unknown option, missing argument, unsupported value).</summary>
    public const int Usage = 2;

    /// <summary>An input could not be used: missing or unreadable path, malformed file, disallowed symlink.</summary>
    public const int InputError = 3;

    /// <summary>An output could not be written.</summary>
    public const int OutputError = 4;

    /// <summary>Unexpected internal error (a bug: please report it).</summary>
    public const int Internal = 70;
}
