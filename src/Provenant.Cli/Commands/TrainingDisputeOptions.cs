using System.CommandLine;
using Provenant.Training.Disputes;

namespace Provenant.Cli.Commands;

/// <summary>The dataset options <c>claim-training</c> and <c>dispute training</c> share, and opening a log with them.</summary>
internal sealed class TrainingDisputeOptions(bool required = true)
{
    private readonly Option<string> _dataset = new("--dataset") { Description = "The dataset commitment the run was trained on (provenant commit-dataset; train --log writes DIR/dataset.json)", Required = required };
    private readonly Option<string?> _data = new("--data") { Description = "Where the committed data lies (default: the commitment's sourcePath)" };

    /// <summary>Whether <c>--dataset</c> was given.</summary>
    public bool HasDataset(ParseResult r) => r.GetValue(_dataset) is not null;

    public void AddTo(Command cmd)
    {
        cmd.Options.Add(_dataset);
        cmd.Options.Add(_data);
    }

    /// <summary>The logged run in <paramref name="directory"/> (<see cref="LoggedRun.Open"/>).</summary>
    public LoggedRun Open(ParseResult r, string directory) =>
        LoggedRun.Open(directory, DatasetFiles.ReadCommitment(r.GetValue(_dataset)!), r.GetValue(_data));
}
