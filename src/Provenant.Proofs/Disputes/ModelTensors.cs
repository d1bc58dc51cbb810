using System.Security.Cryptography;
using Provenant.Core.Errors;
using Provenant.Core.Merkle;
using Provenant.Formats.Onnx;
using Provenant.Formats.Tensors;

namespace Provenant.Proofs.Disputes;

/// <summary>
/// The per-tensor commitment (<see cref="TensorCommitment.AlgorithmV1"/>, docs/tensor-commitments.md) over an ONNX
/// model's initializers, with the leaves kept so that any number of <see cref="TensorProof"/>s cost no re-hashing.
/// Data are the initializers' <c>raw_data</c> bytes; dtypes are spelled as for safetensors (<c>I8</c>, <c>I32</c>,
/// <c>F32</c>, …; <see cref="DType"/>).
/// </summary>
public sealed class ModelTensors
{
    private readonly IReadOnlyList<TensorInfo> _order;
    private readonly List<byte[]> _leaves = [];
    private readonly List<byte[]> _dataHashes = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    private ModelTensors(IReadOnlyList<TensorInfo> order, IReadOnlyDictionary<string, OnnxTensor> data)
    {
        _order = order;
        for (var i = 0; i < order.Count; i++)
        {
            var t = order[i];
            var hash = SHA256.HashData(data[t.Name].RawData.Span);
            _dataHashes.Add(hash);
            _leaves.Add(TensorLeaf.Hash(t.Name, t.DType, t.Shape, t.ByteLength, hash));
            _index[t.Name] = i;
        }
        Commitment = new TensorCommitment(TensorCommitment.AlgorithmV1, Rfc9162.RootFromLeafHashes(_leaves), _leaves.Count);
    }

    /// <summary>Commits to the initializers of <paramref name="model"/>.</summary>
    /// <exception cref="UnsupportedFeatureException">An initializer has an element type without a dtype spelling (string, complex, 4-bit).</exception>
    /// <exception cref="ProvenantFormatException">Duplicate initializer names.</exception>
    public static ModelTensors FromModel(OnnxModel model, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        var infos = model.Graph.Initializers.Select(t => new TensorInfo(t.Name, DType(t.DataType, source), t.Dims, t.RawData.Length, null)).ToList();
        var order = TensorOrder.Canonical(infos, source);
        return new ModelTensors(order, model.Graph.Initializers.ToDictionary(t => t.Name, StringComparer.Ordinal));
    }

    /// <summary>Root, count and algorithm.</summary>
    public TensorCommitment Commitment { get; }

    /// <summary>An inclusion proof for the initializer named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such initializer.</exception>
    public TensorProof Prove(string name)
    {
        if (!_index.TryGetValue(name, out var i)) throw new ArgumentException($"no initializer named \"{name}\"", nameof(name));
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

    /// <summary>The dtype spelling of an ONNX element type (safetensors' names; docs/tensor-commitments.md).</summary>
    /// <exception cref="UnsupportedFeatureException">A type with no spelling here.</exception>
    public static string DType(OnnxDataType type, string source) => OnnxDataTypes.SafetensorsDType(type)
        ?? throw new UnsupportedFeatureException($"{source}: initializers of type {OnnxDataTypes.Name(type)} cannot be committed per tensor");
}
