using System.Security.Cryptography;
using Provenant.Core.Errors;
using Provenant.Core.Hashing;
using Provenant.Core.Merkle;

namespace Provenant.Formats.Datasets;

/// <summary>
/// Commits to a dataset (one streaming pass over every record and file) and proves single records against a
/// commitment. See docs/dataset-commitments.md.
/// </summary>
public static class DatasetCommitter
{
    /// <summary>
    /// The format of <paramref name="path"/> from its name: <c>.csv</c> → csv, <c>.jsonl</c>/<c>.ndjson</c> → jsonl,
    /// <c>*-idx*-ubyte</c> → idx (each optionally <c>.gz</c>); a folder holding a <c>*-images-idx3-ubyte[.gz]</c>
    /// file → idx, any other folder → files.
    /// </summary>
    /// <exception cref="ProvenantException">The path does not exist, or its name matches no format (exit code Usage).</exception>
    public static DatasetFormat DetectFormat(string path) => DatasetLayout.Detect(path);

    /// <summary>Reads every record of the dataset at <paramref name="path"/> once and returns its commitment.</summary>
    /// <param name="path">A CSV/JSONL/IDX file, or a folder (IDX pairs or files).</param>
    /// <param name="options">Format, name, license, CSV header rows; null for defaults.</param>
    /// <param name="progress">Receives the number of records read so far (every 4096 records and at the end).</param>
    /// <param name="cancellationToken">Checked between records.</param>
    /// <returns>The commitment; memory stays O(log n) in the record count.</returns>
    /// <exception cref="ProvenantFormatException">Corrupt input (names the file and offset or line).</exception>
    /// <exception cref="ProvenantException">Missing path, empty folder, symbolic link, unknown format, unpaired IDX file.</exception>
    public static DatasetCommitment Commit(string path, DatasetCommitOptions? options = null, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new DatasetCommitOptions();
        if (options.HeaderRows < 0 || options.HeaderRows > DatasetLimits.MaxHeaderRows)
        {
            throw new ProvenantException($"header rows must be 0 to {DatasetLimits.MaxHeaderRows}", ExitCodes.Usage);
        }
        var layout = DatasetLayout.Resolve(path, options.Format);
        if (options.HeaderRows != 0 && layout.Format != DatasetFormat.Csv)
        {
            throw new ProvenantException("header rows apply only to the csv format", ExitCodes.Usage);
        }
        var name = options.Name ?? DefaultName(layout.SourcePath);
        if (name.Length == 0 || name.Length > DatasetLimits.MaxNameLength) throw new ProvenantException($"dataset name must be 1 to {DatasetLimits.MaxNameLength} characters", ExitCodes.Usage);
        return Run(layout, name, options.License, options.HeaderRows, null, progress, cancellationToken).Commitment;
    }

    /// <summary>
    /// Re-reads a committed dataset (from <paramref name="sourcePath"/> or <see cref="DatasetCommitment.SourcePath"/>),
    /// checks every file's size and SHA-256 and the records root against the commitment, and returns every record's
    /// RFC 9162 leaf hash and content hash (SHA-256 of the canonical bytes; for the files format, of the file).
    /// </summary>
    /// <exception cref="ProvenantException">No source path; the files or records differ from the commitment (exit code 1).</exception>
    /// <exception cref="ProvenantFormatException">Corrupt input.</exception>
    public static DatasetRecordHashes ReadRecordHashes(DatasetCommitment commitment, string? sourcePath = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var path = sourcePath ?? commitment.SourcePath ?? throw new ProvenantException("the commitment records no source path; give the dataset path", ExitCodes.Usage);
        var layout = DatasetLayout.Resolve(path, commitment.Format);
        CheckFiles(commitment, layout, cancellationToken);
        var run = Run(layout, commitment.Name, commitment.License, commitment.HeaderRows, -1, null, cancellationToken);
        if (!run.Commitment.RecordsRoot.AsSpan().SequenceEqual(commitment.RecordsRoot) || run.Commitment.RecordCount != commitment.RecordCount)
        {
            throw new ProvenantException($"{path}: the records no longer match the commitment's root (reader version differs?)", ExitCodes.VerificationFailed);
        }
        return new DatasetRecordHashes(run.LeafHashes!, run.ContentHashes, ExclusionIndex.Build(run.ContentHashes));
    }

    /// <summary>
    /// Re-reads a committed dataset in a single pass and checks it against the commitment: every file's size and
    /// SHA-256 (computed while its records are read) and the records root and count. Returns record i's RFC 9162 leaf
    /// hash at index i — the leaves of the committed records tree — and nothing else (no content hashes or exclusion
    /// index, unlike <see cref="ReadRecordHashes"/>), which is what an auditor needs to place record indices in it.
    /// </summary>
    /// <exception cref="ProvenantException">No source path; the files or records differ from the commitment (exit code 1,
    /// naming each changed, added or missing file).</exception>
    /// <param name="commitment">The trusted commitment.</param>
    /// <param name="sourcePath">Where the data lies (default: the commitment's <c>sourcePath</c>).</param>
    /// <param name="onRecord">Called for every record in order (see <see cref="RecordVisitor"/>: the bytes are only valid
    /// during the call), e.g. to copy records that are only trusted once the pass succeeds.</param>
    /// <param name="cancellationToken">Checked between records.</param>
    /// <exception cref="ProvenantFormatException">Corrupt input in files that still match the commitment.</exception>
    public static IReadOnlyList<byte[]> VerifyRecords(DatasetCommitment commitment, string? sourcePath = null,
        RecordVisitor? onRecord = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var path = sourcePath ?? commitment.SourcePath ?? throw new ProvenantException("the commitment records no source path; give the dataset path", ExitCodes.Usage);
        var layout = DatasetLayout.Resolve(path, commitment.Format);
        RunResult run;
        try
        {
            run = Run(layout, commitment.Name, commitment.License, commitment.HeaderRows, -1, null, cancellationToken, contentHashes: false, onRecord,
                leafCapacity: Math.Min(commitment.RecordCount, 1 << 20)); // a hint, bounded: the count is not checked yet
        }
        catch (ProvenantFormatException)
        {
            CheckFiles(commitment, layout, cancellationToken); // a changed file explains the corruption better than the parser
            throw;
        }
        ThrowIfChanged(commitment, layout, run.Commitment.Files);
        if (!run.Commitment.RecordsRoot.AsSpan().SequenceEqual(commitment.RecordsRoot) || run.Commitment.RecordCount != commitment.RecordCount)
        {
            throw new ProvenantException($"{path}: the records no longer match the commitment's root (reader version differs?)", ExitCodes.VerificationFailed);
        }
        return run.LeafHashes!;
    }

    /// <summary>
    /// Proves record <paramref name="index"/> of a committed dataset: re-reads the dataset from
    /// <paramref name="sourcePath"/> (default: <see cref="DatasetCommitment.SourcePath"/>), first checking that
    /// every file still has its committed size and SHA-256, then rebuilds the leaf hashes and emits the RFC 9162
    /// inclusion proof.
    /// </summary>
    /// <exception cref="ProvenantException">The index is not below the record count (exit code Usage); no source path;
    /// the files differ from the commitment (exit code VerificationFailed, naming each changed, added or missing file).</exception>
    /// <exception cref="ProvenantFormatException">Corrupt input.</exception>
    public static RecordProof ProveRecord(DatasetCommitment commitment, long index, string? sourcePath = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        if (index < 0 || index >= commitment.RecordCount)
        {
            throw new ProvenantException($"record index {index} is out of range: the dataset has {commitment.RecordCount} records", ExitCodes.Usage);
        }
        var path = sourcePath ?? commitment.SourcePath ?? throw new ProvenantException("the commitment records no source path; give the dataset path", ExitCodes.Usage);
        var layout = DatasetLayout.Resolve(path, commitment.Format);
        CheckFiles(commitment, layout, cancellationToken);
        var run = Run(layout, commitment.Name, commitment.License, commitment.HeaderRows, index, null, cancellationToken);
        if (!run.Commitment.RecordsRoot.AsSpan().SequenceEqual(commitment.RecordsRoot) || run.Commitment.RecordCount != commitment.RecordCount)
        {
            throw new ProvenantException($"{path}: the records no longer match the commitment's root (reader version differs?)", ExitCodes.VerificationFailed);
        }
        var leaves = run.LeafHashes!;
        return new RecordProof
        {
            DatasetName = commitment.Name,
            CanonicalForm = commitment.CanonicalForm,
            RecordsRoot = commitment.RecordsRoot,
            TreeSize = (ulong)commitment.RecordCount,
            Index = (ulong)index,
            Record = run.Record!,
            LeafHash = leaves[(int)index],
            Proof = InclusionProof.Generate(leaves, (ulong)index),
        };
    }

    private static void CheckFiles(DatasetCommitment commitment, DatasetLayout layout, CancellationToken ct)
    {
        var committed = commitment.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var found = new List<DatasetFileEntry>();
        foreach (var f in layout.Files.Where(f => committed.Contains(f.RelativePath)))
        {
            ct.ThrowIfCancellationRequested();
            using var fs = new FileStream(f.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            found.Add(new DatasetFileEntry(f.RelativePath, fs.Length, Hex.Encode(SHA256.HashData(fs))));
        }
        ThrowIfChanged(commitment, layout, found);
    }

    /// <summary>Compares the files found (size and SHA-256; those of <paramref name="layout"/> not listed count as added) with the commitment's.</summary>
    private static void ThrowIfChanged(DatasetCommitment commitment, DatasetLayout layout, IReadOnlyList<DatasetFileEntry> found)
    {
        var findings = new List<string>();
        var committed = commitment.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var byPath = found.ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (var f in layout.Files)
        {
            if (!committed.Remove(f.RelativePath, out var entry))
            {
                findings.Add($"added: {f.RelativePath}");
                continue;
            }
            var (size, sha) = (byPath[f.RelativePath].Size, byPath[f.RelativePath].Sha256);
            if (size != entry.Size || sha != entry.Sha256)
            {
                findings.Add($"changed: {f.RelativePath} (committed {entry.Size} bytes sha256 {entry.Sha256}, found {size} bytes sha256 {sha})");
            }
        }
        findings.AddRange(committed.Keys.Select(k => $"missing: {k}"));
        if (findings.Count > 0)
        {
            throw new ProvenantException($"{layout.SourcePath}: the dataset changed since it was committed: " + string.Join("; ", findings), ExitCodes.VerificationFailed);
        }
    }

    private static string DefaultName(string fullPath)
    {
        var n = Path.GetFileName(fullPath.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        foreach (var ext in new[] { ".gz", ".csv", ".jsonl", ".ndjson" })
        {
            if (n.EndsWith(ext, StringComparison.OrdinalIgnoreCase) && n.Length > ext.Length) n = n[..^ext.Length];
        }
        return n.Length == 0 ? "dataset" : n;
    }

    private sealed record RunResult(DatasetCommitment Commitment, IReadOnlyList<byte[]>? LeafHashes, List<byte[]> ContentHashes, byte[]? Record);

    private static RunResult Run(DatasetLayout layout, string name, string? license, int headerRows, long? captureIndex,
        IProgress<long>? progress, CancellationToken ct, bool contentHashes = true, RecordVisitor? onRecord = null, long leafCapacity = 1024)
    {
        var file = "";
        var builder = new MerkleTreeBuilder();
        // kept: their root is computed at the end; room for the committed count when known (leafCapacity)
        var leaves = captureIndex is null ? null : new PackedLeafHashes((int)Math.Clamp(leafCapacity, 0, PackedLeafHashes.MaxCount));
        var hashes = new List<byte[]>();
        byte[]? captured = null;
        var entries = new Dictionary<string, DatasetFileEntry>(StringComparer.Ordinal);
        long count = 0;

        void Add(byte[] record, byte[]? contentHash = null) => AddRecord(record, [], contentHash);

        // record may be a reused buffer (IDX): everything kept from it is a copy or a hash. prefixed is 0x00 ‖ record when
        // the reader built it that way (one SHA-256 call for the leaf), else empty.
        void AddRecord(ReadOnlySpan<byte> record, ReadOnlySpan<byte> prefixed, byte[]? contentHash)
        {
            if (count == captureIndex) captured = record.ToArray();
            onRecord?.Invoke(file, count, record);
            if (contentHashes) hashes.Add(contentHash ?? SHA256.HashData(record));
            if (leaves?.Count == PackedLeafHashes.MaxCount)
            {
                throw new ProvenantException($"{file}: more than {PackedLeafHashes.MaxCount} records; their leaf hashes cannot be kept for proofs", ExitCodes.InputError);
            }
            Span<byte> leaf = leaves is null ? stackalloc byte[Rfc9162.HashSize] : leaves.Append();
            if (prefixed.IsEmpty) Rfc9162.HashLeaf(record, leaf);
            else Rfc9162.HashPrefixedLeaf(prefixed, leaf);
            if (leaves is null) builder.Append(leaf);
            count++;
            if (count % 4096 == 0) progress?.Report(count);
        }

        void Finish(DatasetInput input, LayoutFile f)
        {
            var (size, sha) = input.Finish();
            entries[f.RelativePath] = new DatasetFileEntry(f.RelativePath, size, Hex.Encode(sha));
        }

        switch (layout.Format)
        {
            case DatasetFormat.Csv:
            case DatasetFormat.Jsonl:
            {
                var f = layout.Files[0];
                file = f.RelativePath;
                using var input = DatasetInput.Open(f.FullPath, f.RelativePath);
                var records = layout.Format == DatasetFormat.Csv
                    ? CsvRecordReader.Read((b, o) => input.ReadSome(b, o), f.RelativePath, headerRows, ct)
                    : JsonlRecordReader.Read((b, o) => input.ReadSome(b, o), f.RelativePath, ct);
                foreach (var r in records) Add(r);
                Finish(input, f);
                break;
            }
            case DatasetFormat.Idx:
                foreach (var (imgFile, labFile) in layout.IdxPairs)
                {
                    file = imgFile.RelativePath;
                    using var img = DatasetInput.Open(imgFile.FullPath, imgFile.RelativePath);
                    using var lab = DatasetInput.Open(labFile.FullPath, labFile.RelativePath);
                    IdxRecordReader.ForEachLeafInput((b, o) => img.ReadSome(b.Span, o), imgFile.RelativePath, img.PlainLength,
                        (b, o) => lab.ReadSome(b.Span, o), labFile.RelativePath, lab.PlainLength, leafInput => AddRecord(leafInput[1..], leafInput, null), ct);
                    Finish(img, imgFile);
                    Finish(lab, labFile);
                }
                break;
            case DatasetFormat.Files:
                foreach (var f in layout.Files)
                {
                    ct.ThrowIfCancellationRequested();
                    file = f.RelativePath;
                    using var fs = new FileStream(f.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                    using var raw = new HashingReadStream(fs);
                    var (size, sha) = raw.Finish();
                    entries[f.RelativePath] = new DatasetFileEntry(f.RelativePath, size, Hex.Encode(sha));
                    Add(FileRecordEncoding.Encode(f.RelativePath, sha), sha);
                }
                break;
        }
        progress?.Report(count);
        var commitment = new DatasetCommitment
        {
            Name = name,
            License = license,
            Format = layout.Format,
            CanonicalForm = DatasetFormats.CanonicalForm(layout.Format),
            HeaderRows = layout.Format == DatasetFormat.Csv ? headerRows : 0,
            RecordCount = count,
            RecordsRoot = leaves?.Root() ?? builder.Root(),
            Files = layout.Files.Select(f => entries[f.RelativePath]).ToList(),
            SourcePath = layout.SourcePath,
            ExclusionIndex = contentHashes ? ExclusionIndex.Build(hashes).Root : null,
        };
        return new RunResult(commitment, leaves, hashes, captured);
    }
}
