using Provenant.Core.Errors;
using Provenant.Formats.Datasets;

namespace Provenant.Training.Audit;

/// <summary>
/// An auditor's verified copy of a committed dataset: every file's size and SHA-256 and the records root checked
/// against the commitment once (one pass, <see cref="DatasetCommitter.VerifyRecords"/>), each record's leaf hash kept
/// for inclusion proofs, and the training source (the CSV file, or the <c>train</c> IDX pair) loaded on demand. Loading it once lets many logs be audited against it.
/// </summary>
public sealed class CommittedData
{
    private readonly Dictionary<int, LabelledDataset> _sources = [];
    private byte[]? _records; // the training pair's records back to back (IDX), _recordCount of _recordLength bytes
    private int _recordLength;
    private int _recordCount;

    private CommittedData(DatasetCommitment commitment, IReadOnlyList<byte[]> leafHashes, string path)
    {
        Commitment = commitment;
        LeafHashes = leafHashes;
        Path = path;
    }

    /// <summary>The trusted commitment.</summary>
    public DatasetCommitment Commitment { get; }

    /// <summary>RFC 9162 leaf hash of record i at index i, recomputed from the data (their root is the commitment's records root).</summary>
    public IReadOnlyList<byte[]> LeafHashes { get; }

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
        if (commitment.Format != DatasetFormat.Idx)
        {
            return new CommittedData(commitment, DatasetCommitter.VerifyRecords(commitment, path, null, cancellationToken), path);
        }
        // Keep the training pair's records from the verifying pass: the training source is then built from exactly the
        // bytes whose root was checked, without decoding the files again. They are copied back to back into one buffer
        // (the reader reuses its record array), sized for the commitment's record count on the first one.
        var images = TrainImagesFile(commitment);
        byte[]? kept = null;
        int length = 0, count = 0;
        long firstIndex = -1;
        var leaves = DatasetCommitter.VerifyRecords(commitment, path, (file, index, record) =>
        {
            if (file != images) return;
            if (firstIndex < 0)
            {
                firstIndex = index;
                length = record.Length;
                var room = Math.Min(commitment.RecordCount, Array.MaxLength / Math.Max(1, length));
                kept = GC.AllocateUninitializedArray<byte>((int)(room * length));
            }
            if (record.Length != length)
            {
                throw new ProvenantFormatException(images, $"record {index}", $"{length} bytes like the pair's first record", $"{record.Length} bytes", 0);
            }
            if ((long)(count + 1) * length > kept!.Length)
            {
                throw new ProvenantException($"{path}: the training pair {images} holds more records than fit in memory or than the commitment counts ({commitment.RecordCount})", ExitCodes.VerificationFailed);
            }
            record.CopyTo(kept.AsSpan(count * length));
            count++;
        }, cancellationToken);
        if (firstIndex != 0)
        {
            throw new ProvenantException($"{path}: the training pair {images} is not records 0…n−1 of the commitment (its first record is record {firstIndex})", ExitCodes.VerificationFailed);
        }
        var data = new CommittedData(commitment, leaves, path);
        data._records = kept;
        data._recordLength = length;
        data._recordCount = count;
        return data;
    }

    /// <summary>The first <paramref name="limit"/> records (all when null) of the training source, as the trainer reads them.</summary>
    /// <exception cref="ProvenantFormatException">Malformed data.</exception>
    public LabelledDataset TrainSource(int? limit)
    {
        var key = limit ?? -1;
        if (!_sources.TryGetValue(key, out var source))
        {
            source = _records is not null
                ? LabelledDataset.FromIdxRecords(TrainSourcePath(), _records.AsMemory(0, _recordCount * _recordLength), _recordLength, limit)
                : LabelledDataset.Load(TrainSourcePath(), limit);
            _sources[key] = source;
        }
        return source;
    }

    private const string ImagesSuffix = "-images-idx3-ubyte";

    private string TrainSourcePath()
    {
        if (Commitment.Format == DatasetFormat.Csv) return Path;
        var folder = Directory.Exists(Path) ? Path : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        var images = TrainImagesFile(Commitment);
        return System.IO.Path.Combine(folder, images[..images.IndexOf(ImagesSuffix, StringComparison.Ordinal)]);
    }

    /// <summary>The committed images file of the training pair: the <c>train-</c> one, else the first by name.</summary>
    private static string TrainImagesFile(DatasetCommitment commitment) =>
        commitment.Files.Select(f => f.Path).Where(p => p.EndsWith(ImagesSuffix, StringComparison.Ordinal) || p.EndsWith(ImagesSuffix + ".gz", StringComparison.Ordinal))
            .OrderBy(p => p.StartsWith("train-", StringComparison.Ordinal) ? 0 : 1).ThenBy(p => p, StringComparer.Ordinal).First();
}
