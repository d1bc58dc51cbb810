using Org.BouncyCastle.Crypto.Digests;

namespace Provenant.Core.Hashing;

/// <summary>BLAKE2b-512 (RFC 7693), unkeyed, 64-byte digest, through Portable.BouncyCastle.
/// Matches Python's <c>hashlib.blake2b()</c> default used by OMS for <c>hash_type: blake2b</c>.</summary>
public sealed class Blake2bHash : IStreamingHash
{
    private readonly Blake2bDigest _inner = new(512);

    /// <inheritdoc />
    public string Name => "blake2b";

    /// <inheritdoc />
    public int DigestSize => 64;

    /// <inheritdoc />
    public void Append(ReadOnlySpan<byte> data)
    {
        // Portable.BouncyCastle 1.8 takes arrays; copy through a bounded rented buffer.
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Min(data.Length, 1 << 20));
        try
        {
            while (!data.IsEmpty)
            {
                var n = Math.Min(buffer.Length, data.Length);
                data[..n].CopyTo(buffer);
                _inner.BlockUpdate(buffer, 0, n);
                data = data[n..];
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    public void FinishAndReset(Span<byte> destination)
    {
        if (destination.Length != 64) throw new ArgumentException("BLAKE2b-512 digest needs 64 bytes", nameof(destination));
        var output = new byte[64];
        _inner.DoFinal(output, 0); // DoFinal resets the digest.
        output.CopyTo(destination);
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
