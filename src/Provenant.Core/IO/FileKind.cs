using System.Runtime.InteropServices;

namespace Provenant.Core.IO;

/// <summary>
/// The type of a directory entry as <c>lstat(2)</c> reports it. .NET's <see cref="FileInfo"/> reports
/// FIFOs, sockets and devices as ordinary files, and opening a FIFO for reading blocks, so model and
/// dataset walkers ask the OS directly (through the runtime's own System.Native shim) before opening.
/// </summary>
public static class FileKind
{
    /// <summary>Entry types.</summary>
    public enum Kind
    {
        /// <summary>Regular file.</summary>
        Regular,
        /// <summary>Directory.</summary>
        Directory,
        /// <summary>Symbolic link (not followed).</summary>
        Symlink,
        /// <summary>FIFO, socket, character or block device.</summary>
        Special,
        /// <summary>Does not exist or cannot be stat'ed.</summary>
        Missing,
    }

    /// <summary>Classifies <paramref name="path"/> without following a final symlink.</summary>
    public static Kind Of(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            var fi = new FileInfo(path);
            if (fi.LinkTarget is not null) return Kind.Symlink;
            return fi.Exists ? Kind.Regular : System.IO.Directory.Exists(path) ? Kind.Directory : Kind.Missing;
        }
        Span<byte> status = stackalloc byte[512];
        int rc;
        try
        {
            rc = LStat(path, ref MemoryMarshal.GetReference(status));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            var fi = new FileInfo(path);
            if (fi.LinkTarget is not null) return Kind.Symlink;
            return fi.Exists ? Kind.Regular : System.IO.Directory.Exists(path) ? Kind.Directory : Kind.Missing;
        }
        if (rc != 0) return Kind.Missing;
        // System.Native FileStatus: int Flags; int Mode; … with S_IFMT bits normalized by the shim.
        var mode = MemoryMarshal.Read<int>(status[4..]);
        return (mode & 0xF000) switch
        {
            0x8000 => Kind.Regular,
            0x4000 => Kind.Directory,
            0xA000 => Kind.Symlink,
            _ => Kind.Special,
        };
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", CharSet = CharSet.Ansi, SetLastError = true)]
    private static extern int LStat(string path, ref byte status);
}
