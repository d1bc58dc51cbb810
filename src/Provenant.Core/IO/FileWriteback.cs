using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Provenant.Core.IO;

/// <summary>
/// Starts the kernel's write-back of a byte range of a file without waiting for it: on Linux
/// <c>sync_file_range(fd, offset, count, SYNC_FILE_RANGE_WRITE)</c> (sync_file_range(2)), looked up in glibc at run
/// time. A writer that calls it per chunk while it is still producing the file overlaps the device transfer with its
/// own work, so a final <c>fsync</c> only waits for the tail and the metadata. It is a hint, not a durability
/// guarantee: durability still comes from <c>fsync</c> (<see cref="FileStream.Flush(bool)"/>). Where the call is not
/// available (other systems, other C libraries) it does nothing and the final <c>fsync</c> does all the work.
/// </summary>
public static unsafe class FileWriteback
{
    private const uint SyncFileRangeWrite = 2; // SYNC_FILE_RANGE_WRITE, linux/fs.h

    private static readonly delegate* unmanaged<int, long, long, uint, int> SyncFileRange = Resolve();

    /// <summary>True when the hint reaches the kernel (Linux with glibc); false where <see cref="Start"/> is a no-op.</summary>
    public static bool IsAvailable => SyncFileRange != null;

    /// <summary>Asks the kernel to start writing the dirty pages of <c>[offset, offset + count)</c> to the device.</summary>
    /// <param name="file">An open, writable file.</param>
    /// <param name="offset">First byte, ≥ 0.</param>
    /// <param name="count">Bytes, ≥ 0 (0 does nothing here, unlike the system call where it means "to the end").</param>
    /// <returns>False when the hint is unavailable or the kernel refused it (nothing to undo: the data is still in the
    /// page cache and the final <c>fsync</c> writes it).</returns>
    public static bool Start(SafeFileHandle file, long offset, long count)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (SyncFileRange == null || count == 0 || file.IsInvalid || file.IsClosed) return false;
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            return SyncFileRange((int)file.DangerousGetHandle(), offset, count, SyncFileRangeWrite) == 0;
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    private static delegate* unmanaged<int, long, long, uint, int> Resolve()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libc.so.6", out var libc)) return null;
        return NativeLibrary.TryGetExport(libc, "sync_file_range", out var f) ? (delegate* unmanaged<int, long, long, uint, int>)f : null;
    }
}
