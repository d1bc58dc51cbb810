using System.CommandLine;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant trace …</c>: execution traces written by <c>provenant infer --trace</c> (docs/execution-traces.md):
/// <c>show</c> prints one, <c>verify</c> re-executes the model against it, <c>prove</c> and <c>verify-node</c> produce
/// and check one node's inclusion proof.
/// </summary>
public sealed class TraceCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console) => new("trace", "Execution traces: show, verify by re-execution, prove and verify one node")
    {
        TraceShowCommand.Build(console),
        TraceVerifyCommand.Build(console),
        TraceProveCommand.Build(console),
        TraceVerifyNodeCommand.Build(console),
    };
}
