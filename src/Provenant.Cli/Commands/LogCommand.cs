using System.CommandLine;

namespace Provenant.Cli.Commands;

/// <summary>
/// <c>provenant log …</c>: the transparency log. <c>serve</c> runs one; <c>get</c>, <c>prove</c>, <c>consistency</c>
/// and <c>monitor</c> are verifying clients of any c2sp.org/tlog-tiles log.
/// </summary>
public sealed class LogCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliConsole console) => new("log", "Transparency log: serve one, or read and verify one (c2sp.org/tlog-tiles)")
    {
        LogServeCommand.BuildServe(console),
        LogGetCommand.Build(console),
        LogProveCommand.Build(console),
        LogConsistencyCommand.Build(console),
        LogMonitorCommand.Build(console),
    };
}
