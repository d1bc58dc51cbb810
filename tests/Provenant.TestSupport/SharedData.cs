using System.Runtime.CompilerServices;

namespace Provenant.TestSupport;

/// <summary>
/// Locates the project's real test data, <c>../shared/data/</c> beside the repository root
/// (override with the <c>PROVENANT_SHARED_DATA</c> environment variable).
/// Tests that need it fail with a message naming the path that was looked for.
/// </summary>
public static class SharedData
{
    /// <summary>The repository root (the folder holding <c>Directory.Build.props</c>).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The shared data folder; throws a clear message when it is missing.</summary>
    public static string Root
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("PROVENANT_SHARED_DATA");
            var path = !string.IsNullOrEmpty(env) ? env : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));
            if (!Directory.Exists(path))
            {
                throw new InvalidOperationException(
                    $"Shared test data not found at '{path}'. Tests read real data from ../shared/data beside the repository " +
                    "(or the folder named by PROVENANT_SHARED_DATA); see README.md.");
            }
            return path;
        }
    }

    /// <summary>A path under the shared data folder; throws naming the path when it does not exist.</summary>
    public static string Get(params string[] parts)
    {
        var p = Path.Combine([Root, .. parts]);
        if (!File.Exists(p) && !Directory.Exists(p))
        {
            throw new InvalidOperationException($"Shared test data '{p}' is missing (see ../shared/data/README.md).");
        }
        return p;
    }

    /// <summary>A fresh empty temporary directory, removed by the caller's <see cref="TempDir.Dispose"/>.</summary>
    public static TempDir NewTempDir([CallerMemberName] string name = "") => new(name);

    private static string FindRepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir, "Directory.Build.props")) && Directory.Exists(Path.Combine(dir, "src")))
            {
                return dir;
            }
            dir = Path.GetDirectoryName(dir);
        }
        throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary directory deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    /// <summary>Creates it under the system temp folder.</summary>
    public TempDir(string name)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "provenant-test-" + name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    /// <summary>Absolute path.</summary>
    public string Path { get; }

    /// <summary>Combines a relative path with this directory.</summary>
    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes a file (creating folders) and returns its path.</summary>
    public string Write(string relative, string content) => Write(relative, System.Text.Encoding.UTF8.GetBytes(content));

    /// <summary>Writes a file (creating folders) and returns its path.</summary>
    public string Write(string relative, byte[] content)
    {
        var p = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(p)!);
        File.WriteAllBytes(p, content);
        return p;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            foreach (var f in Directory.EnumerateFileSystemEntries(Path, "*", SearchOption.AllDirectories))
            {
                try { if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
