using Provenant.Core.Errors;
using Provenant.Core.Merkle;

namespace Provenant.Formats.Tensors;

/// <summary>
/// Every tensor of an <see cref="ITensorSource"/> hashed once (docs/tensor-commitments.md): the canonical order, the
/// leaves and the data hashes, so the <see cref="Commitment"/> and any number of <see cref="Prove"/> calls cost no
/// re-hashing. Memory: 64 bytes per tensor plus the descriptions.
/// </summary>
public sealed class TensorLeafSet
{
    private readonly IReadOnlyList<TensorInfo> _order;
    private readonly List<byte[]> _leaves;
    private readonly List<byte[]> _dataHashes;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly string _path;

    private TensorLeafSet(string path, IReadOnlyList<TensorInfo> order, List<byte[]> leaves, List<byte[]> dataHashes)
    {
        _path = path;
        _order = order;
        _leaves = leaves;
        _dataHashes = dataHashes;
        for (var i = 0; i < order.Count; i++) _index[order[i].Name] = i;
        Commitment = new TensorCommitment(TensorCommitment.AlgorithmV1, Rfc9162.RootFromLeafHashes(leaves), leaves.Count);
    }

    /// <summary>Hashes every tensor of <paramref name="source"/> (streamed, <see cref="TensorCommitter.ReadChunkSize"/> per read).</summary>
    /// <param name="source">An open, validated source.</param>
    /// <param name="progress">Running total of data bytes hashed.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <exception cref="ProvenantFormatException">Duplicate or over-long names, too many dimensions, or a tensor outside the leaf bounds.</exception>
    /// <exception cref="ProvenantException">The file cannot be read or changed while being read.</exception>
    public static TensorLeafSet Hash(ITensorSource source, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var order = TensorOrder.Canonical(source.Tensors, source.Path);
        var leaves = new List<byte[]>(order.Count);
        var dataHashes = new List<byte[]>(order.Count);
        long done = 0;
        foreach (var t in order)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (t.Shape.Count > TensorLimits.MaxRank)
            {
                throw new ProvenantFormatException(source.Path, $"tensor \"{t.Name}\" shape", $"at most {TensorLimits.MaxRank} dimensions", t.Shape.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            byte[] digest;
            using (var s = source.OpenTensor(t))
            {
                digest = TensorCommitter.HashData(s, t.ByteLength, $"{source.Path}: tensor \"{t.Name}\"", n =>
                {
                    done += n;
                    progress?.Report(done);
                }, cancellationToken);
            }
            dataHashes.Add(digest);
            leaves.Add(TensorLeaf.Hash(t.Name, t.DType, t.Shape, t.ByteLength, digest));
        }
        return new TensorLeafSet(source.Path, order, leaves, dataHashes);
    }

    /// <summary>Root, count and algorithm.</summary>
    public TensorCommitment Commitment { get; }

    /// <summary>An inclusion proof that the tensor named <paramref name="tensorName"/> is a leaf of <see cref="Commitment"/>.</summary>
    /// <exception cref="ArgumentException">No tensor has that name.</exception>
    public TensorProof Prove(string tensorName)
    {
        ArgumentNullException.ThrowIfNull(tensorName);
        if (!_index.TryGetValue(tensorName, out var i)) throw new ArgumentException($"{_path} has no tensor named \"{tensorName}\"", nameof(tensorName));
        var t = _order[i];
        return new TensorProof
        {
            Algorithm = TensorCommitment.AlgorithmV1,
            TensorRoot = Commitment.Root,
            TensorCount = _leaves.Count,
            Index = i,
            Name = t.Name,
            DType = t.DType,
            Shape = t.Shape,
            ByteLength = t.ByteLength,
            DataSha256 = _dataHashes[i],
            LeafHash = _leaves[i],
            Proof = InclusionProof.Generate(_leaves, (ulong)i),
        };
    }
}
