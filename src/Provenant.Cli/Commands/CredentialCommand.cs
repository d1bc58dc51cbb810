using System.CommandLine;

namespace Provenant.Cli.Commands;

/// <summary><c>provenant credential add|verify</c>: C2PA content credentials on generated outputs.</summary>
public sealed class CredentialCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console) => new("credential", "C2PA content credentials on model outputs: add (sign + embed) and verify")
    {
        CredentialAddCommand.Build(console),
        CredentialVerifyCommand.Build(console),
    };
}
