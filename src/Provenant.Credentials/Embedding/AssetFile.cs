using Provenant.Core.Errors;

namespace Provenant.Credentials.Embedding;

/// <summary>Reads an asset (an image or text output, up to <see cref="MaxBytes"/>) into one exactly sized array in a
/// single pass: the length is checked against the cap before anything is allocated, and a file that grows while it
/// is read is refused.</summary>
public static class AssetFile
{
    /// <summary>Largest asset accepted: 2 GiB − 1 (one .NET array).</summary>
    public const long MaxBytes = int.MaxValue;

    /// <summary>Reads the whole file.</summary>
    /// <exception cref="ProvenantException">Missing, a directory, unreadable, larger than the cap, or changing size while read.</exception>
    public static byte[] ReadAll(string path) => Read(path, null, null);

    /// <summary>As <see cref="ReadAll(string)"/>, calling <paramref name="filled"/> on the reading thread after each
    /// chunk (up to <see cref="ChunkHasher.ChunkBytes"/>) with the array and how many leading bytes of it are valid (the
    /// last call has the whole length).</summary>
    /// <exception cref="ProvenantException">As for <see cref="ReadAll(string)"/>.</exception>
    internal static byte[] ReadAll(string path, Action<byte[], int> filled) => Read(path, null, filled);

    /// <summary>The first <paramref name="count"/> bytes of the file (fewer when it is shorter), for detecting its format
    /// before it is read.</summary>
    /// <exception cref="ProvenantException">As for <see cref="ReadAll(string)"/>.</exception>
    internal static byte[] ReadHead(string path, int count)
    {
        using var fs = Open(path);
        try
        {
            var head = new byte[(int)Math.Min(count, fs.Length)];
            fs.ReadExactly(head);
            return head;
        }
        catch (EndOfStreamException)
        {
            throw new ProvenantException($"{path}: asset shrank while it was read");
        }
        catch (IOException e)
        {
            throw new ProvenantException($"{path}: cannot read asset: {e.Message}", ExitCodes.InputError, e);
        }
    }

    private static FileStream Open(string path)
    {
        if (Directory.Exists(path)) throw new ProvenantException($"{path}: asset path is a directory, expected a file");
        if (!File.Exists(path)) throw new ProvenantException($"{path}: asset file does not exist");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvenantException($"{path}: cannot read asset: {e.Message}", ExitCodes.InputError, e);
        }
    }

    /// <summary>
    /// Reads the whole file while a worker thread computes its SHA-256 chunk by chunk behind the reader, so hashing
    /// overlaps the read; the task completes with the 32-byte digest of exactly the bytes returned.
    /// </summary>
    /// <exception cref="ProvenantException">As for <see cref="ReadAll(string)"/>.</exception>
    public static byte[] ReadAllHashing(string path, out Task<byte[]> sha256)
    {
        var bytes = ReadAllHashing(path, out ChunkHasher hasher, null);
        sha256 = hasher.Completion;
        return bytes;
    }

    /// <summary>
    /// As <see cref="ReadAllHashing(string, out Task{byte[]})"/>, and after each chunk (up to
    /// <see cref="ChunkHasher.ChunkBytes"/>) calls <paramref name="filled"/> on the reading thread with the array and
    /// how many leading bytes of it are now valid (the last call has the whole length), so a writer can stream the
    /// bytes on while the rest is read and hashed. An exception from the callback stops the read and propagates. The
    /// digest comes from <paramref name="sha256"/>: <see cref="ChunkHasher.HelpAndWait"/> hashes what the worker has
    /// not yet reached on the calling thread.
    /// </summary>
    /// <exception cref="ProvenantException">As for <see cref="ReadAll(string)"/>, or thrown by the callback.</exception>
    internal static byte[] ReadAllHashing(string path, out ChunkHasher sha256, Action<byte[], int>? filled)
    {
        var hasher = new ChunkHasher();
        try
        {
            var bytes = Read(path, hasher, filled);
            sha256 = hasher;
            return bytes;
        }
        catch
        {
            hasher.Abandon();
            throw;
        }
    }

    private static byte[] Read(string path, ChunkHasher? hasher, Action<byte[], int>? filled)
    {
        using var fs = Open(path);
        try
        {
            var length = fs.Length;
            if (length > MaxBytes) throw new ProvenantException($"{path}: asset is {length} bytes, more than the {MaxBytes}-byte limit");
            var bytes = GC.AllocateUninitializedArray<byte>((int)length);
            hasher?.Start(bytes);
            for (var done = 0; done < bytes.Length;)
            {
                var n = fs.Read(bytes, done, Math.Min(ChunkHasher.ChunkBytes, bytes.Length - done));
                if (n == 0) throw new EndOfStreamException();
                done += n;
                hasher?.Publish(done);
                if (done < bytes.Length) filled?.Invoke(bytes, done);
            }
            Span<byte> probe = stackalloc byte[1];
            if (fs.Read(probe) != 0) throw new ProvenantException($"{path}: asset grew while it was read");
            filled?.Invoke(bytes, bytes.Length);
            return bytes;
        }
        catch (EndOfStreamException)
        {
            throw new ProvenantException($"{path}: asset shrank while it was read");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvenantException($"{path}: cannot read asset: {e.Message}", ExitCodes.InputError, e);
        }
    }
}
