namespace Provenant.Formats.Datasets;

/// <summary>Options of <see cref="DatasetCommitter.Commit"/>.</summary>
public sealed record DatasetCommitOptions
{
    /// <summary>The record format; null detects it from the path (see <see cref="DatasetCommitter.DetectFormat"/>).</summary>
    public DatasetFormat? Format { get; init; }

    /// <summary>Dataset name written to the predicate; null uses the file or folder name.</summary>
    public string? Name { get; init; }

    /// <summary>License (an SPDX id or URL) written to the predicate; null leaves it out.</summary>
    public string? License { get; init; }

    /// <summary>CSV only: how many leading rows are headers rather than records (0 to
    /// <see cref="DatasetLimits.MaxHeaderRows"/>). Header rows are still covered by the file's SHA-256.</summary>
    public int HeaderRows { get; init; }
}
