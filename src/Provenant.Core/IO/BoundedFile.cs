using Provenant.Core.Errors;

namespace Provenant.Core.IO;

/// <summary>Reads small input files (signatures, keys, statements) with a hard size cap, so a hostile
/// or mistaken path (a multi-GB file, a device) never exhausts memory.</summary>
public static class BoundedFile
{
    /// <summary>Default cap: 64 MiB.</summary>
    public const long DefaultMaxBytes = 64L << 20;

    /// <summary>Reads the whole file, failing clearly when it is missing, unreadable or larger than <paramref name="maxBytes"/>.</summary>
    /// <param name="path">File to read.</param>
    /// <param name="what">What the file is, for messages ("signature", "public key"…).</param>
    /// <param name="maxBytes">Maximum accepted size in bytes.</param>
    /// <exception cref="ProvenantException">Missing, unreadable, a directory, or too large.</exception>
    public static byte[] ReadAll(string path, string what, long maxBytes = DefaultMaxBytes)
    {
        if (Directory.Exists(path)) throw new ProvenantException($"{path}: {what} path is a directory, expected a file");
        if (!File.Exists(path)) throw new ProvenantException($"{path}: {what} file does not exist");
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (fs.CanSeek && fs.Length > maxBytes)
            {
                throw new ProvenantException($"{path}: {what} file is {fs.Length} bytes, more than the {maxBytes}-byte limit");
            }
            using var ms = new MemoryStream();
            var buf = new byte[81920];
            int n;
            while ((n = fs.Read(buf)) > 0)
            {
                if (ms.Length + n > maxBytes) throw new ProvenantException($"{path}: {what} file exceeds the {maxBytes}-byte limit");
                ms.Write(buf, 0, n);
            }
            return ms.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvenantException($"{path}: cannot read {what}: {e.Message}", ExitCodes.InputError, e);
        }
    }
}
