using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Provenant.Core.IO;

/// <summary>
/// Helpers for writing large files fast and durably on Linux. <see cref="Start"/> starts the kernel's write-back of a byte range of a file without waiting for it: on Linux
/// <c>sync_file_range(fd, offset, count, SYNC_FILE_RANGE_WRITE)</c> (sync_file_range(2)), looked up in glibc at run
/// time. A writer that calls it per chunk while it is still producing the file overlaps the device transfer with its
/// own work, so a final <c>fsync</c> only waits for the tail and the metadata. It is a hint, not a durability
/// guarantee: durability still comes from <c>fsync</c> (<see cref="FileStream.Flush(bool)"/>). Where the call is not
/// available (other systems, other C libraries) it does nothing and the final <c>fsync</c> does all the work.
/// <see cref="TrySetDirect"/> switches an open file to direct I/O (<c>O_DIRECT</c>): writes go from the caller's
/// buffer to the device without a copy into the page cache, so they cost the writing thread almost no CPU time
/// (it waits for the device instead), at the price of <see cref="DirectAlignment"/>-aligned buffers, offsets and
/// lengths.
/// </summary>
public static unsafe class FileWriteback
{
    /// <summary>Alignment, in bytes, of the memory address, file offset and length of every direct write: 4096, the
    /// page size and the largest logical block size of common devices.</summary>
    public const int DirectAlignment = 4096;

    private const uint SyncFileRangeWrite = 2; // SYNC_FILE_RANGE_WRITE, linux/fs.h
    private const int GetFlags = 3;            // F_GETFL
    private const int SetFlags = 4;            // F_SETFL

    private static readonly IntPtr Libc = OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out var libc) ? libc : IntPtr.Zero;
    private static readonly delegate* unmanaged<int, long, long, uint, int> SyncFileRange = (delegate* unmanaged<int, long, long, uint, int>)Export("sync_file_range");
    private static readonly delegate* unmanaged<int, int, int, int> Fcntl = (delegate* unmanaged<int, int, int, int>)Export("fcntl");

    // O_DIRECT differs between architectures (asm-generic/fcntl.h vs arch/arm64/include/uapi/asm/fcntl.h).
    private static readonly int DirectFlag = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x4000,
        Architecture.Arm64 or Architecture.Arm => 0x10000,
        _ => 0,
    };

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
        if (SyncFileRange == null || count == 0) return false;
        return OnDescriptor(file, fd => SyncFileRange(fd, offset, count, SyncFileRangeWrite) == 0);
    }

    /// <summary>Turns direct I/O (<c>O_DIRECT</c>) on or off for <paramref name="file"/>.</summary>
    /// <param name="file">An open file.</param>
    /// <param name="direct">True for direct I/O, false for ordinary (page-cache) I/O.</param>
    /// <returns>False when direct I/O is unavailable here (not Linux, or the file system refuses it, e.g. tmpfs); the
    /// file then stays as it was.</returns>
    public static bool TrySetDirect(SafeFileHandle file, bool direct)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (Fcntl == null || DirectFlag == 0) return false;
        return OnDescriptor(file, fd =>
        {
            var flags = Fcntl(fd, GetFlags, 0);
            return flags >= 0 && Fcntl(fd, SetFlags, direct ? flags | DirectFlag : flags & ~DirectFlag) == 0;
        });
    }

    private static bool OnDescriptor(SafeFileHandle file, Func<int, bool> call)
    {
        if (file.IsInvalid || file.IsClosed) return false;
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            return call((int)file.DangerousGetHandle());
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    private static IntPtr Export(string name) => Libc != IntPtr.Zero && NativeLibrary.TryGetExport(Libc, name, out var f) ? f : IntPtr.Zero;
}
