using Microsoft.Win32.SafeHandles;
using Provenant.Core.Errors;

namespace Provenant.Formats.Tensors;

/// <summary>
/// An open weight file whose tensors are byte ranges of it: positional reads through <see cref="RandomAccess"/>
/// (thread-safe, no shared file position), so tensors stream without loading the file.
/// </summary>
internal sealed class TensorFile : IDisposable
{
    private readonly SafeFileHandle _handle;

    public TensorFile(string path)
    {
        Path = path;
        _handle = OpenHandle(path);
        try
        {
            Length = RandomAccess.GetLength(_handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _handle.Dispose();
            throw new ProvenantException($"{path}: cannot read: {e.Message}", ExitCodes.InputError, e);
        }
    }

    public string Path { get; }

    public long Length { get; }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; fails as a format error naming
    /// <paramref name="field"/> when the file ends first.</summary>
    public void ReadExactly(Span<byte> destination, long offset, string field)
    {
        var n = ReadAtMost(_handle, destination, offset, Path);
        if (n != destination.Length)
        {
            throw new ProvenantFormatException(Path, field, $"{destination.Length} bytes", $"end of file after {n}", offset);
        }
    }

    /// <summary>A stream over [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>).</summary>
    public Stream OpenRange(long offset, long length) => new FileRangeStream(this, offset, length);

    /// <summary>
    /// A stream over the bytes of <paramref name="tensor"/>, which must be one of this file's own tensors
    /// (<paramref name="byName"/>, as the reader listed them), so a caller cannot read an arbitrary range.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not from this file.</exception>
    public Stream OpenTensor(IReadOnlyDictionary<string, TensorInfo> byName, TensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!byName.TryGetValue(tensor.Name, out var own) || !own.Equals(tensor))
        {
            throw new ArgumentException($"tensor \"{tensor.Name}\" is not from {Path}", nameof(tensor));
        }
        return OpenRange(own.FileOffset!.Value, own.ByteLength);
    }

    /// <summary>Reads up to <c>destination.Length</c> bytes at <paramref name="offset"/>; returns how many were read.</summary>
    internal int Read(Span<byte> destination, long offset) => ReadAtMost(_handle, destination, offset, Path);

    public static SafeFileHandle OpenHandle(string path)
    {
        if (Directory.Exists(path)) throw new ProvenantException($"{path}: is a directory, expected a weight file");
        if (!File.Exists(path)) throw new ProvenantException($"{path}: file does not exist");
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvenantException($"{path}: cannot open: {e.Message}", ExitCodes.InputError, e);
        }
    }

    public static int ReadAtMost(SafeFileHandle handle, Span<byte> destination, long offset, string path)
    {
        var total = 0;
        try
        {
            while (total < destination.Length)
            {
                var n = RandomAccess.Read(handle, destination[total..], offset + total);
                if (n == 0) break;
                total += n;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvenantException($"{path}: read error at offset {offset + total}: {e.Message}", ExitCodes.InputError, e);
        }
        return total;
    }

    public void Dispose() => _handle.Dispose();
}
