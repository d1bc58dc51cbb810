using System.Buffers;
using System.Security.Cryptography;
using Provenant.Core.Errors;
using Provenant.Core.Merkle;

namespace Provenant.Formats.Tensors;

/// <summary>
/// Computes <see cref="TensorCommitment"/>s and <see cref="TensorProof"/>s over an <see cref="ITensorSource"/>,
/// streaming each tensor's data once in <see cref="ReadChunkSize"/> reads (memory: one buffer plus 64 bytes per tensor).
/// </summary>
public static class TensorCommitter
{
    /// <summary>Bytes per read while hashing tensor data (1 MiB).</summary>
    public const int ReadChunkSize = 1 << 20;

    /// <summary>Commits to every tensor of <paramref name="source"/>.</summary>
    /// <param name="source">An open, validated source.</param>
    /// <param name="progress">Running total of data bytes hashed.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <exception cref="ProvenantFormatException">Duplicate or over-long names, or a tensor outside the leaf bounds.</exception>
    /// <exception cref="ProvenantException">The file cannot be read or changed while being read.</exception>
    public static TensorCommitment Commit(ITensorSource source, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        TensorLeafSet.Hash(source, progress, cancellationToken).Commitment;

    /// <summary>Proves that the tensor named <paramref name="tensorName"/> is a leaf of the source's commitment.</summary>
    /// <exception cref="ArgumentException">No tensor has that name.</exception>
    /// <exception cref="ProvenantFormatException">As for <see cref="Commit"/>.</exception>
    /// <exception cref="ProvenantException">The file cannot be read or changed while being read.</exception>
    public static TensorProof Prove(ITensorSource source, string tensorName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tensorName);
        return TensorLeafSet.Hash(source, null, cancellationToken).Prove(tensorName);
    }

    /// <summary>SHA-256 of exactly <paramref name="expectedLength"/> bytes read from <paramref name="data"/>.</summary>
    /// <param name="data">The tensor's bytes.</param>
    /// <param name="expectedLength">How many bytes the stream must yield.</param>
    /// <param name="what">Names the data in messages.</param>
    /// <param name="advanced">Called with each chunk's length.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <exception cref="ProvenantException">The stream yields more or fewer bytes than expected.</exception>
    public static byte[] HashData(Stream data, long expectedLength, string what, Action<long>? advanced = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadChunkSize);
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            int n;
            while ((n = data.Read(buffer, 0, ReadChunkSize)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                total += n;
                if (total > expectedLength) break;
                sha.AppendData(buffer, 0, n);
                advanced?.Invoke(n);
            }
            if (total != expectedLength)
            {
                throw new ProvenantException($"{what}: expected {expectedLength} data bytes, read {(total > expectedLength ? "more" : total.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
            }
            return sha.GetHashAndReset();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
