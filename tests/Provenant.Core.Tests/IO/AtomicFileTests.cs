using Provenant.Core.Errors;
using Provenant.Core.IO;
using Provenant.TestSupport;

namespace Provenant.Core.Tests.IO;

/// <summary>AtomicFile: all-or-nothing writes from a span and from a streaming callback.</summary>
public sealed class AtomicFileTests
{
    [Fact]
    public void Streamed_content_with_a_patched_header_lands_whole()
    {
        using var tmp = SharedData.NewTempDir();
        AtomicFile.Write(tmp["f.bin"], s =>
        {
            s.Write(new byte[4]);
            s.Write("body"u8);
            s.Position = 0;
            s.Write("head"u8);
        });
        Assert.Equal("headbody"u8.ToArray(), File.ReadAllBytes(tmp["f.bin"]));
        Assert.Single(Directory.GetFiles(tmp.Path));
    }

    [Fact]
    public void A_failing_callback_leaves_the_old_file_and_no_temporary_file()
    {
        using var tmp = SharedData.NewTempDir();
        AtomicFile.Write(tmp["f.bin"], "old"u8);
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(tmp["f.bin"], s =>
        {
            s.Write("partial"u8);
            throw new InvalidOperationException("engine failed");
        }));
        Assert.Equal("old"u8.ToArray(), File.ReadAllBytes(tmp["f.bin"]));
        Assert.Single(Directory.GetFiles(tmp.Path));
    }

    [Fact]
    public void A_missing_directory_is_an_output_error()
    {
        using var tmp = SharedData.NewTempDir();
        var e = Assert.Throws<ProvenantException>(() => AtomicFile.Write(tmp["no/such/f.bin"], s => s.WriteByte(1)));
        Assert.Equal(ExitCodes.OutputError, e.ExitCode);
    }
}
