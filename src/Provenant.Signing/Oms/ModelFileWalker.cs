using Provenant.Core.Errors;
using Provenant.Core.IO;

namespace Provenant.Signing.Oms;

/// <summary>
/// Enumerates the regular files of a model (a directory, or a single file) with OMS's rules:
/// ignored paths skip a file or a whole directory; symlinks follow <see cref="SymlinkPolicy"/>;
/// anything that is not a regular file or directory (FIFO, socket, device) is an error.
/// Results are sorted in <see cref="PosixPathOrder"/>.
/// </summary>
public static class ModelFileWalker
{
    /// <summary>Hard cap on the number of files in one model (guards against runaway trees).</summary>
    public const int MaxFiles = 1_000_000;

    /// <summary>Lists the model's files.</summary>
    /// <param name="modelPath">Model directory or file.</param>
    /// <param name="options">Symlink policy and ignore paths (relative to the model root).</param>
    /// <exception cref="ProvenantException">Missing path, disallowed or broken symlink, symlink loop, link leaving the root,
    /// special file, unreadable directory, or no files left after exclusions.</exception>
    public static IReadOnlyList<ModelFile> Enumerate(string modelPath, SerializationOptions options)
    {
        var root = Path.GetFullPath(modelPath);
        var rootInfo = new FileInfo(root);
        if (!rootInfo.Exists && !Directory.Exists(root) && rootInfo.LinkTarget is null)
        {
            throw new ProvenantException($"{modelPath}: model path does not exist");
        }
        var ignore = options.IgnorePaths.Select(NormalizeIgnore).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);
        var files = new List<ModelFile>();
        if (rootInfo.LinkTarget is not null || (rootInfo.Attributes & FileAttributes.ReparsePoint) != 0)
        {
            if (options.Symlinks == SymlinkPolicy.Reject)
            {
                throw new ProvenantException($"{modelPath}: model path is a symlink; pass --allow-symlinks to follow it");
            }
        }
        if (Directory.Exists(root))
        {
            var realRoot = RealPath(ResolveDirectory(root, modelPath));
            Walk(new DirectoryInfo(realRoot), "", realRoot, ignore, options, files);
            if (files.Count == 0)
            {
                throw new ProvenantException($"{modelPath}: model directory contains no regular files after applying exclusions");
            }
        }
        else
        {
            var target = ResolveFile(rootInfo, modelPath, realRoot: null, options);
            files.Add(new ModelFile(".", target.FullName, target.Length, target.LastWriteTimeUtc));
        }
        files.Sort((a, b) => PosixPathOrder.Instance.Compare(a.RelativePath, b.RelativePath));
        return files;
    }

    private static string NormalizeIgnore(string p)
    {
        var s = p.Replace('\\', '/').Trim();
        while (s.StartsWith("./", StringComparison.Ordinal)) s = s[2..];
        return s.TrimEnd('/');
    }

    private static bool IsIgnored(string rel, HashSet<string> ignore)
    {
        if (ignore.Contains(rel)) return true;
        for (var i = rel.IndexOf('/'); i >= 0; i = rel.IndexOf('/', i + 1))
        {
            if (ignore.Contains(rel[..i])) return true;
        }
        return false;
    }

    private static void Walk(DirectoryInfo dir, string prefix, string realRoot, HashSet<string> ignore, SerializationOptions options, List<ModelFile> files)
    {
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = dir.EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false, ReturnSpecialDirectories = false }).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvenantException($"{dir.FullName}: cannot list directory: {e.Message}");
        }
        foreach (var entry in entries)
        {
            var rel = prefix.Length == 0 ? entry.Name : prefix + "/" + entry.Name;
            if (IsIgnored(rel, ignore)) continue;
            if (entry.LinkTarget is not null)
            {
                if (options.Symlinks == SymlinkPolicy.Reject)
                {
                    throw new ProvenantException($"{entry.FullName}: symlink in model (-> {entry.LinkTarget}); symlinks are rejected unless --allow-symlinks is given");
                }
                var target = ResolveFile(entry, entry.FullName, realRoot, options);
                files.Add(new ModelFile(rel, target.FullName, target.Length, target.LastWriteTimeUtc));
            }
            else if (entry is DirectoryInfo sub)
            {
                Walk(sub, rel, realRoot, ignore, options, files);
            }
            else if (entry is FileInfo f && IsRegular(f))
            {
                files.Add(new ModelFile(rel, f.FullName, f.Length, f.LastWriteTimeUtc));
            }
            else
            {
                throw new ProvenantException($"{entry.FullName}: not a regular file or directory (FIFO, socket or device); remove it or add it to --ignore-paths");
            }
            if (files.Count > MaxFiles) throw new ProvenantException($"{dir.FullName}: model has more than {MaxFiles} files");
        }
    }

    private static bool IsRegular(FileInfo f) => FileKind.Of(f.FullName) == FileKind.Kind.Regular;

    private static string ResolveDirectory(string root, string shown)
    {
        var info = new DirectoryInfo(root);
        if (info.LinkTarget is null) return root;
        try
        {
            var t = info.ResolveLinkTarget(returnFinalTarget: true);
            return t?.FullName ?? root;
        }
        catch (IOException e)
        {
            throw new ProvenantException($"{shown}: cannot resolve symlink (loop?): {e.Message}");
        }
    }

    private static FileInfo ResolveFile(FileSystemInfo entry, string shown, string? realRoot, SerializationOptions options)
    {
        if (entry.LinkTarget is null)
        {
            if (entry is FileInfo fi && fi.Exists) return fi;
            throw new ProvenantException($"{shown}: not a regular file");
        }
        FileSystemInfo? target;
        try
        {
            target = entry.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException e)
        {
            throw new ProvenantException($"{shown}: symlink loop or unresolvable link ({e.Message.Split('\n')[0]})");
        }
        if (target is null || !target.Exists)
        {
            if (target is not null && Directory.Exists(target.FullName))
            {
                throw new ProvenantException($"{shown}: symlink to a directory ({target.FullName}); OMS does not descend into linked directories, so it cannot be signed faithfully");
            }
            throw new ProvenantException($"{shown}: broken symlink (target {entry.LinkTarget} does not exist)");
        }
        if (Directory.Exists(target.FullName))
        {
            throw new ProvenantException($"{shown}: symlink to a directory ({target.FullName}); OMS does not descend into linked directories, so it cannot be signed faithfully");
        }
        if (FileKind.Of(target.FullName) != FileKind.Kind.Regular)
        {
            throw new ProvenantException($"{shown}: symlink target {target.FullName} is not a regular file");
        }
        if (options.Symlinks == SymlinkPolicy.FollowWithinRoot && realRoot is not null)
        {
            var rootWithSep = Path.TrimEndingDirectorySeparator(realRoot) + Path.DirectorySeparatorChar;
            var realTarget = RealPath(target.FullName);
            if (!realTarget.StartsWith(rootWithSep, StringComparison.Ordinal))
            {
                throw new ProvenantException($"{shown}: symlink points outside the model root (to {realTarget})");
            }
        }
        return new FileInfo(target.FullName);
    }

    private static string RealPath(string path)
    {
        // Resolve symlinked parent directories too, component by component.
        var full = Path.GetFullPath(path);
        var parts = full.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = Path.GetPathRoot(full) ?? "/";
        foreach (var part in parts)
        {
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                var t = info.ResolveLinkTarget(returnFinalTarget: true);
                next = t?.FullName ?? next;
            }
            current = next;
        }
        return current;
    }
}
