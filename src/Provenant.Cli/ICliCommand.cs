using System.CommandLine;

namespace Provenant.Cli;

/// <summary>One <c>provenant</c> subcommand: builds its <see cref="Command"/> with options and action.</summary>
public interface ICliCommand
{
    /// <summary>Builds the command; the action writes through <paramref name="console"/> and returns an exit code.</summary>
    Command Build(CliConsole console);
}
