using System.Runtime.InteropServices;
using Provenant.Core.IO;
using Provenant.TestSupport;

namespace Provenant.Core.Tests.IO;

/// <summary>FileWriteback: the write-back hint and direct I/O change how bytes reach the disk, never which bytes.</summary>
public sealed class FileWritebackTests
{
    [Fact]
    public void The_write_back_hint_is_available_on_linux_and_leaves_the_content_as_written()
    {
        using var tmp = SharedData.NewTempDir();
        var data = new byte[3 * 4096 + 17];
        new Random(1).NextBytes(data);
        using (var fs = new FileStream(tmp["f.bin"], FileMode.CreateNew, FileAccess.ReadWrite))
        {
            fs.Write(data);
            fs.Flush();
            Assert.Equal(OperatingSystem.IsLinux(), FileWriteback.IsAvailable);
            Assert.Equal(FileWriteback.IsAvailable, FileWriteback.Start(fs.SafeFileHandle, 0, data.Length));
            Assert.False(FileWriteback.Start(fs.SafeFileHandle, 0, 0));
            fs.Flush(flushToDisk: true);
        }
        Assert.Equal(data, File.ReadAllBytes(tmp["f.bin"]));
    }

    [Fact]
    public unsafe void Aligned_direct_writes_and_a_final_truncation_give_exactly_the_bytes_written()
    {
        using var tmp = SharedData.NewTempDir();
        const int Align = FileWriteback.DirectAlignment;
        var data = new byte[5 * Align + 123];
        new Random(2).NextBytes(data);
        var padded = (data.Length + Align - 1) / Align * Align;
        var buffer = (byte*)NativeMemory.AlignedAlloc((nuint)padded, Align);
        try
        {
            var span = new Span<byte>(buffer, padded);
            span.Clear();
            data.CopyTo(span);
            using (var fs = new FileStream(tmp["f.bin"], FileMode.CreateNew, FileAccess.ReadWrite))
            {
                var direct = FileWriteback.TrySetDirect(fs.SafeFileHandle, true);
                // Where direct I/O is refused (tmpfs, other systems) the same writes go through the page cache.
                RandomAccess.Write(fs.SafeFileHandle, span[..(2 * Align)], 0);
                RandomAccess.Write(fs.SafeFileHandle, span[(2 * Align)..], 2 * Align);
                if (direct) Assert.True(FileWriteback.TrySetDirect(fs.SafeFileHandle, false));
                RandomAccess.SetLength(fs.SafeFileHandle, data.Length);
                fs.Flush(flushToDisk: true);
            }
            Assert.Equal(data, File.ReadAllBytes(tmp["f.bin"]));
        }
        finally
        {
            NativeMemory.AlignedFree(buffer);
        }
    }
}
