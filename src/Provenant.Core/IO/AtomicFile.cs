using Provenant.Core.Errors;

namespace Provenant.Core.IO;

/// <summary>
/// Writes files all-or-nothing: content goes to a temporary file beside the target, is flushed to disk,
/// then renamed over the target, so a crash or error never leaves a half-written output.
/// </summary>
public static class AtomicFile
{
    /// <summary>Atomically writes <paramref name="content"/> to <paramref name="path"/>.</summary>
    /// <param name="path">Destination file.</param>
    /// <param name="content">Bytes to write.</param>
    /// <param name="privateMode">When true the file is created with mode 0600 (owner read/write only)
    /// before any byte is written: use it for private keys.</param>
    /// <exception cref="ProvenantException">The file cannot be written (exit code <see cref="ExitCodes.OutputError"/>).</exception>
    public static void Write(string path, ReadOnlySpan<byte> content, bool privateMode = false)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(dir))
        {
            throw new ProvenantException($"{path}: cannot write: directory '{dir}' does not exist", ExitCodes.OutputError);
        }
        if (Directory.Exists(full))
        {
            throw new ProvenantException($"{path}: cannot write: it is a directory", ExitCodes.OutputError);
        }
        var tmp = Path.Combine(dir, "." + Path.GetFileName(full) + ".tmp-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (privateMode && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var fs = new FileStream(tmp, options))
            {
                fs.Write(content);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(tmp);
            throw new ProvenantException($"{path}: cannot write: {e.Message}", ExitCodes.OutputError, e);
        }
    }

    /// <summary>Atomically writes UTF-8 text (no BOM).</summary>
    public static void WriteText(string path, string text, bool privateMode = false) =>
        Write(path, System.Text.Encoding.UTF8.GetBytes(text), privateMode);

    private static void TryDelete(string p)
    {
        try { File.Delete(p); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
