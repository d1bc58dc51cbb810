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
}
