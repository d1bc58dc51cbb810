using Provenant.Core.IO;
namespace Provenant.Formats.Datasets;

/// <summary>
/// Canonical form <c>provenant-files-v1</c>: one record per regular file under a folder (recursive; <c>.git</c>
/// entries skipped; symbolic links rejected), in <see cref="PosixPathOrder"/> order. Record bytes: the UTF-8
/// relative POSIX path, one 0x00 byte, then the 32-byte SHA-256 of the file's content — so a leaf commits to the
/// name and the content without holding the content in memory.
/// </summary>
public static class FileRecordEncoding
{
    /// <summary>The canonical-form id of file records.</summary>
    public const string CanonicalForm = "provenant-files-v1";

    /// <summary>Encodes a file record.</summary>
    /// <param name="relativePath">Relative POSIX path (no NUL).</param>
    /// <param name="sha256">SHA-256 of the content, 32 bytes.</param>
    /// <exception cref="ArgumentException">The path holds NUL or the digest is not 32 bytes.</exception>
    public static byte[] Encode(string relativePath, ReadOnlySpan<byte> sha256)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (relativePath.Contains('\0')) throw new ArgumentException("path may not contain NUL", nameof(relativePath));
        if (sha256.Length != 32) throw new ArgumentException("SHA-256 digest must be 32 bytes", nameof(sha256));
        var name = System.Text.Encoding.UTF8.GetBytes(relativePath);
        var r = new byte[name.Length + 1 + 32];
        name.CopyTo(r, 0);
        sha256.CopyTo(r.AsSpan(name.Length + 1));
        return r;
    }
}
