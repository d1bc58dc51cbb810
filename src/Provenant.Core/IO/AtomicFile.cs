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
    public static void Write(string path, ReadOnlySpan<byte> content, bool privateMode = false) =>
        WriteCore(path, privateMode, FileAccess.Write, content, static (fs, c) => fs.Write(c));

    /// <summary>
    /// Atomically writes a file produced by <paramref name="writeContent"/>, which receives a seekable stream
    /// positioned at 0 over a temporary file beside <paramref name="path"/> (so large outputs can be streamed and
    /// headers patched at the end). The file is flushed and renamed over the target only when the callback returns;
    /// when it throws, the temporary file is deleted and the exception propagates.
    /// </summary>
    /// <param name="path">Destination file.</param>
    /// <param name="writeContent">Writes the whole content; must not dispose the stream.</param>
    /// <param name="privateMode">As for <see cref="Write(string, ReadOnlySpan{byte}, bool)"/>.</param>
    /// <exception cref="ProvenantException">The file cannot be written (exit code <see cref="ExitCodes.OutputError"/>).</exception>
    public static void Write(string path, Action<Stream> writeContent, bool privateMode = false)
    {
        ArgumentNullException.ThrowIfNull(writeContent);
        WriteCore(path, privateMode, FileAccess.ReadWrite, writeContent, static (fs, w) => w(fs));
    }

    private delegate void ContentWriter<TState>(FileStream stream, TState state) where TState : allows ref struct;

    private static void WriteCore<TState>(string path, bool privateMode, FileAccess access, TState state, ContentWriter<TState> write)
        where TState : allows ref struct
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
        var committed = false;
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = access, Share = FileShare.None };
            if (privateMode && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var fs = new FileStream(tmp, options))
            {
                write(fs, state);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
            committed = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvenantException($"{path}: cannot write: {e.Message}", ExitCodes.OutputError, e);
        }
        finally
        {
            if (!committed) TryDelete(tmp);
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
