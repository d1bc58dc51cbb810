using Provenant.Core.Errors;
using Provenant.Core.IO;

namespace Provenant.Formats.Datasets;

/// <summary>One input file: its relative POSIX path (as committed) and where it is on disk.</summary>
internal sealed record LayoutFile(string RelativePath, string FullPath);

/// <summary>
/// What a dataset path resolves to: the format, the files (sorted by <see cref="PosixPathOrder"/>) and, for IDX,
/// the image/label pairs in record order.
/// </summary>
internal sealed class DatasetLayout
{
    private DatasetLayout(DatasetFormat format, string sourcePath, IReadOnlyList<LayoutFile> files, IReadOnlyList<(LayoutFile Images, LayoutFile Labels)> pairs)
    {
        Format = format;
        SourcePath = sourcePath;
        Files = files;
        IdxPairs = pairs;
    }

    public DatasetFormat Format { get; }
    public string SourcePath { get; }
    public IReadOnlyList<LayoutFile> Files { get; }
    public IReadOnlyList<(LayoutFile Images, LayoutFile Labels)> IdxPairs { get; }

    private const string ImagesSuffix = "-images-idx3-ubyte";
    private const string LabelsSuffix = "-labels-idx1-ubyte";

    /// <summary>PREFIX of a file named PREFIX<paramref name="suffix"/> or PREFIX<paramref name="suffix"/>.gz (PREFIX
    /// not empty), else null. Plain string tests: a generated regex here cost more to JIT than a whole audit phase.</summary>
    private static string? IdxPrefix(string name, string suffix)
    {
        var stem = name.EndsWith(".gz", StringComparison.Ordinal) ? name[..^3] : name;
        return stem.Length > suffix.Length && stem.EndsWith(suffix, StringComparison.Ordinal) ? stem[..^suffix.Length] : null;
    }

    public static DatasetFormat Detect(string path)
    {
        var full = CheckExists(path);
        if (Directory.Exists(full))
        {
            return Directory.EnumerateFiles(full).Any(f => IdxPrefix(Path.GetFileName(f), ImagesSuffix) is not null) ? DatasetFormat.Idx : DatasetFormat.Files;
        }
        var name = Path.GetFileName(full).ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal)) name = name[..^3];
        if (name.EndsWith(".csv", StringComparison.Ordinal)) return DatasetFormat.Csv;
        if (name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(".ndjson", StringComparison.Ordinal)) return DatasetFormat.Jsonl;
        if (name.EndsWith("-ubyte", StringComparison.Ordinal) && name.Contains("-idx", StringComparison.Ordinal)) return DatasetFormat.Idx;
        throw new ProvenantException(
            $"{path}: cannot tell the dataset format from the name (expected .csv, .jsonl, .ndjson, *-idxN-ubyte, optionally .gz, or a folder); pass --format csv|jsonl|idx|files",
            ExitCodes.Usage);
    }

    public static DatasetLayout Resolve(string path, DatasetFormat? format)
    {
        var full = CheckExists(path);
        var fmt = format ?? Detect(path);
        var isDir = Directory.Exists(full);
        RejectLink(full, path);
        switch (fmt)
        {
            case DatasetFormat.Csv or DatasetFormat.Jsonl:
                if (isDir) throw new ProvenantException($"{path}: is a folder; format {DatasetFormats.ToName(fmt)} needs a single file");
                return Single(fmt, full);
            case DatasetFormat.Files:
                if (!isDir) return Single(fmt, full);
                var files = new List<LayoutFile>();
                Walk(full, "", files);
                if (files.Count == 0) throw new ProvenantException($"{path}: the folder holds no regular files to commit (empty dataset)");
                files.Sort((a, b) => PosixPathOrder.Instance.Compare(a.RelativePath, b.RelativePath));
                return new DatasetLayout(fmt, full, files, []);
            case DatasetFormat.Idx:
                return isDir ? IdxFolder(path, full) : IdxFile(path, full);
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    private static string CheckExists(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new ProvenantException($"{path}: no such file or folder");
        }
        return full;
    }

    private static DatasetLayout Single(DatasetFormat fmt, string full)
    {
        var f = new LayoutFile(Path.GetFileName(full), full);
        return new DatasetLayout(fmt, full, [f], []);
    }

    private static void RejectLink(string full, string shown)
    {
        if (new FileInfo(full).LinkTarget is not null || new DirectoryInfo(full).LinkTarget is not null)
        {
            throw new ProvenantException($"{shown}: is a symbolic link; dataset inputs must be regular files and folders");
        }
    }

    private static void Walk(string dir, string rel, List<LayoutFile> files)
    {
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
        {
            if (entry.Name == ".git") continue;
            var r = rel.Length == 0 ? entry.Name : rel + "/" + entry.Name;
            if (entry.LinkTarget is not null)
            {
                throw new ProvenantException($"{Path.Combine(dir, entry.Name)}: is a symbolic link ({r}); dataset folders may not contain links");
            }
            if (entry is DirectoryInfo) Walk(entry.FullName, r, files);
            else files.Add(new LayoutFile(r, entry.FullName));
            if (files.Count > DatasetLimits.MaxFiles) throw new ProvenantException($"{dir}: more than {DatasetLimits.MaxFiles} files");
        }
    }

    private static DatasetLayout IdxFile(string shown, string full)
    {
        var dir = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        string prefix;
        if (IdxPrefix(name, ImagesSuffix) is { } pi) prefix = pi;
        else if (IdxPrefix(name, LabelsSuffix) is { } pl) prefix = pl;
        else throw new ProvenantException($"{shown}: an IDX dataset file must be named PREFIX-images-idx3-ubyte[.gz] or PREFIX-labels-idx1-ubyte[.gz]", ExitCodes.Usage);
        var pair = FindPair(shown, dir, prefix, Directory.EnumerateFiles(dir).Select(Path.GetFileName).OfType<string>().ToList());
        var files = new List<LayoutFile> { pair.Images, pair.Labels };
        files.Sort((a, b) => PosixPathOrder.Instance.Compare(a.RelativePath, b.RelativePath));
        return new DatasetLayout(DatasetFormat.Idx, full, files, [pair]);
    }

    private static DatasetLayout IdxFolder(string shown, string full)
    {
        var names = Directory.EnumerateFiles(full).Select(Path.GetFileName).OfType<string>().ToList();
        var prefixes = names.Select(n => IdxPrefix(n, ImagesSuffix)).Concat(names.Select(n => IdxPrefix(n, LabelsSuffix))).OfType<string>()
            .Distinct(StringComparer.Ordinal).ToList();
        if (prefixes.Count == 0) throw new ProvenantException($"{shown}: the folder holds no PREFIX-images-idx3-ubyte[.gz] / PREFIX-labels-idx1-ubyte[.gz] pairs");
        prefixes.Sort((a, b) => (a == "train", b == "train") switch
        {
            (true, false) => -1,
            (false, true) => 1,
            _ => PosixPathOrder.Instance.Compare(a, b),
        });
        var pairs = prefixes.Select(p => FindPair(shown, full, p, names)).ToList();
        var files = pairs.SelectMany(p => new[] { p.Images, p.Labels }).ToList();
        files.Sort((a, b) => PosixPathOrder.Instance.Compare(a.RelativePath, b.RelativePath));
        return new DatasetLayout(DatasetFormat.Idx, full, files, pairs);
    }

    private static (LayoutFile Images, LayoutFile Labels) FindPair(string shown, string dir, string prefix, List<string> names)
    {
        LayoutFile Pick(string kind, string suffix)
        {
            var found = names.Where(n => IdxPrefix(n, suffix) == prefix).ToList();
            if (found.Count != 1)
            {
                throw new ProvenantException(found.Count == 0
                    ? $"{shown}: no {prefix}-{kind}[.gz] file to pair with the {prefix} IDX data in {dir}"
                    : $"{shown}: both {string.Join(" and ", found)} exist in {dir}; keep one");
            }
            var full = Path.Combine(dir, found[0]);
            RejectLink(full, full);
            return new LayoutFile(found[0], full);
        }
        return (Pick("images-idx3-ubyte", ImagesSuffix), Pick("labels-idx1-ubyte", LabelsSuffix));
    }
}
