using System.Security.Cryptography;

namespace Provenant.Core.Hashing;

/// <summary>SHA-256 (FIPS 180-4) through .NET's <see cref="IncrementalHash"/> (uses SHA-NI where present).</summary>
public sealed class Sha256Hash : IStreamingHash
{
    private readonly IncrementalHash _inner = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <inheritdoc />
    public string Name => "sha256";

    /// <inheritdoc />
    public int DigestSize => 32;

    /// <inheritdoc />
    public void Append(ReadOnlySpan<byte> data) => _inner.AppendData(data);

    /// <inheritdoc />
    public void FinishAndReset(Span<byte> destination)
    {
        if (destination.Length != 32) throw new ArgumentException("SHA-256 digest needs 32 bytes", nameof(destination));
        _inner.GetHashAndReset(destination);
    }

    /// <inheritdoc />
    public void Dispose() => _inner.Dispose();

    /// <summary>The SHA-256 of a whole file, streamed, as lowercase hex (64 characters).</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is, for the error message (e.g. "model").</param>
    /// <exception cref="Errors.ProvenantException">The file cannot be read (exit code 3, naming the path).</exception>
    public static string FileHex(string path, string what)
    {
        try
        {
            using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return Hex.Encode(SHA256.HashData(s));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Errors.ProvenantException($"{what} {path}: cannot be read: {e.Message}", Errors.ExitCodes.InputError);
        }
    }
}
