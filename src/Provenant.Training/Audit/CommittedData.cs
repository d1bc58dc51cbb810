using Provenant.Core.Errors;
using Provenant.Formats.Datasets;

namespace Provenant.Training.Audit;

/// <summary>
/// An auditor's verified copy of a committed dataset: every file's size and SHA-256 and the records root checked
/// against the commitment once, each record's leaf hash kept for inclusion proofs, and the training source (the CSV
/// file, or the <c>train</c> IDX pair) loaded on demand. Loading it once lets many logs be audited against it.
/// </summary>
public sealed class CommittedData
{
    private readonly Dictionary<int, LabelledDataset> _sources = [];

    private CommittedData(DatasetCommitment commitment, DatasetRecordHashes hashes, string path)
    {
        Commitment = commitment;
        Hashes = hashes;
        Path = path;
    }

    /// <summary>The trusted commitment.</summary>
    public DatasetCommitment Commitment { get; }

    /// <summary>Every record's leaf and content hash.</summary>
    public DatasetRecordHashes Hashes { get; }

    /// <summary>Where the data was read from.</summary>
    public string Path { get; }

    /// <summary>Reads and checks the data at <paramref name="dataPath"/> (default: the commitment's <c>sourcePath</c>).</summary>
    /// <exception cref="ProvenantException">No path; the data differs from the commitment (exit code 1).</exception>
    /// <exception cref="ProvenantFormatException">Corrupt data.</exception>
    public static CommittedData Load(DatasetCommitment commitment, string? dataPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        if (commitment.Format is not (DatasetFormat.Csv or DatasetFormat.Idx))
        {
            throw new ProvenantException($"training reads csv and idx datasets; the commitment's format is {DatasetFormats.ToName(commitment.Format)}", ExitCodes.Usage);
        }
        var path = dataPath ?? commitment.SourcePath ?? throw new ProvenantException("the dataset commitment records no sourcePath; give the data path", ExitCodes.Usage);
        return new CommittedData(commitment, DatasetCommitter.ReadRecordHashes(commitment, path, cancellationToken), path);
    }

    /// <summary>The first <paramref name="limit"/> records (all when null) of the training source, as the trainer reads them.</summary>
    /// <exception cref="ProvenantFormatException">Malformed data.</exception>
    public LabelledDataset TrainSource(int? limit)
    {
        var key = limit ?? -1;
        if (!_sources.TryGetValue(key, out var source))
        {
            source = LabelledDataset.Load(TrainSourcePath(), limit);
            _sources[key] = source;
        }
        return source;
    }

    private string TrainSourcePath()
    {
        if (Commitment.Format == DatasetFormat.Csv) return Path;
        var folder = Directory.Exists(Path) ? Path : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        const string suffix = "-images-idx3-ubyte";
        var images = Commitment.Files.Select(f => f.Path).Where(p => p.EndsWith(suffix, StringComparison.Ordinal) || p.EndsWith(suffix + ".gz", StringComparison.Ordinal))
            .OrderBy(p => p.StartsWith("train-", StringComparison.Ordinal) ? 0 : 1).ThenBy(p => p, StringComparer.Ordinal).First();
        return System.IO.Path.Combine(folder, images[..images.IndexOf(suffix, StringComparison.Ordinal)]);
    }
}
