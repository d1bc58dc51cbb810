namespace Provenant.Core.Hashing;

/// <summary>
/// An incremental (streaming) hash function: append bytes in any number of calls, then finish.
/// The digest never depends on how the input was split across <see cref="Append"/> calls.
/// Instances are not thread-safe; use one per thread.
/// </summary>
public interface IStreamingHash : IDisposable
{
    /// <summary>The algorithm's name as OMS writes it (<c>sha256</c>, <c>blake2b</c>, <c>blake3</c>).</summary>
    string Name { get; }

    /// <summary>The default digest length in bytes (32 for SHA-256 and BLAKE3, 64 for BLAKE2b).</summary>
    int DigestSize { get; }

    /// <summary>Absorbs <paramref name="data"/>.</summary>
    void Append(ReadOnlySpan<byte> data);

    /// <summary>Writes the digest of everything appended since creation or the last reset into
    /// <paramref name="destination"/> (exactly <see cref="DigestSize"/> bytes) and resets the state.</summary>
    /// <exception cref="ArgumentException">The destination is not <see cref="DigestSize"/> bytes long.</exception>
    void FinishAndReset(Span<byte> destination);
}
